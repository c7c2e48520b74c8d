import { TRACKING_ENDPOINTS, type QueuedRequest, type TrackingEndpoint } from '../ingest/index.js';

/**
 * How a queued /v1 request travels through JetStream: the body as sent in the data, the
 * rest in headers. `Nats-Msg-Id` is the batch id, so the stream drops a publish it
 * already has (a retried publish after a lost ack) within its duplicate window.
 */
export const HEADER = {
  msgId: 'Nats-Msg-Id',
  source: 'Boomerang-Source',
  workspace: 'Boomerang-Workspace',
  sourceKind: 'Boomerang-Source-Kind',
  endpoint: 'Boomerang-Endpoint',
  receivedAt: 'Boomerang-Received-At',
  deadReason: 'Boomerang-Dead-Reason',
} as const;

/** Subjects the stream holds: events to store, and dead letters kept for a person to look at. */
export function streamSubjects(stream: string): string[] {
  return [`${stream}.events.>`, `${stream}.dead.>`];
}

export function eventSubject(options: { stream: string; workspaceId: string; sourceId: string }): string {
  return `${options.stream}.events.${options.workspaceId}.${options.sourceId}`;
}

/** The dead-letter subject for a message's subject (same workspace and source). */
export function deadLetterSubject(options: { stream: string; subject: string }): string {
  const prefix = `${options.stream}.events.`;
  const rest = options.subject.startsWith(prefix) ? options.subject.slice(prefix.length) : 'unknown';
  return `${options.stream}.dead.${rest}`;
}

export function encodeQueuedRequest(request: QueuedRequest): { headers: Record<string, string>; data: string } {
  return {
    headers: {
      [HEADER.msgId]: request.batchId,
      [HEADER.source]: request.source.id,
      [HEADER.workspace]: request.source.workspaceId,
      [HEADER.sourceKind]: request.source.kind,
      [HEADER.endpoint]: request.endpoint,
      [HEADER.receivedAt]: request.receivedAt.toISOString(),
    },
    data: JSON.stringify(request.body),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DecodedMessage = { ok: true; request: QueuedRequest } | { ok: false; reason: string };

/**
 * The inverse of `encodeQueuedRequest`. Anything else on the subject (a hand-published
 * message, a truncated body) is refused with a reason, for the dead-letter subject.
 */
export function decodeQueuedRequest(message: { header: (name: string) => string | undefined; data: string }): DecodedMessage {
  const ids = { batchId: message.header(HEADER.msgId), sourceId: message.header(HEADER.source), workspaceId: message.header(HEADER.workspace) };
  for (const [name, value] of Object.entries(ids)) {
    if (!value || !UUID.test(value)) return { ok: false, reason: `${name} header is not a uuid` };
  }
  const endpoint = message.header(HEADER.endpoint);
  if (!TRACKING_ENDPOINTS.includes(endpoint as TrackingEndpoint)) return { ok: false, reason: `unknown endpoint ${JSON.stringify(endpoint ?? null)}` };
  const receivedAt = new Date(message.header(HEADER.receivedAt) ?? '');
  if (Number.isNaN(receivedAt.getTime())) return { ok: false, reason: 'received-at header is not a date' };
  let body: unknown;
  try {
    body = JSON.parse(message.data);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  return {
    ok: true,
    request: {
      batchId: ids.batchId!,
      // Trusted only when the server that took the request said so; a message queued before
      // sources had kinds (or a hand-published one) is treated as from a browser.
      source: { id: ids.sourceId!, workspaceId: ids.workspaceId!, kind: message.header(HEADER.sourceKind) === 'server' ? 'server' : 'browser' },
      endpoint: endpoint as TrackingEndpoint,
      receivedAt,
      body,
    },
  };
}
