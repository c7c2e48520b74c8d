import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SourceRef, TrackingEndpoint, TrackingProblem } from './ingest.types.js';
import { parseTrackingRequest } from './parse-tracking-request.js';
import { queuedMessageIds } from './plan-queued-batch.js';
import { countRefusal } from './sources.repository.js';

type Conn = Kysely<Database>;

/** A validated /v1 request on its way to a worker: the body as sent, re-parsed there. */
export type QueuedRequest = {
  /** Unique per request: the stream's publish dedup id and the worker's redelivery guard. */
  batchId: string;
  source: SourceRef;
  endpoint: TrackingEndpoint;
  receivedAt: Date;
  body: unknown;
};

export type QueueTrackingRequestOptions = {
  source: SourceRef;
  endpoint: TrackingEndpoint;
  body: unknown;
  receivedAt: Date;
  /** Resolves once the queue has the request durably (JetStream ack); throws otherwise. */
  publish: (request: QueuedRequest) => Promise<void>;
};

export type QueueTrackingResult = { status: 'queued'; messages: number } | { status: 'refused'; problem: TrackingProblem };

/**
 * One /v1 request in scale-out mode: validated exactly as `ingestTrackingRequest` does (a
 * refusal is counted as rejected right here), then handed to the queue. It returns only
 * after `publish` resolved, so a 200 still means the events cannot be lost.
 */
export async function queueTrackingRequest(db: Conn, options: QueueTrackingRequestOptions): Promise<QueueTrackingResult> {
  const { source, endpoint, body, receivedAt } = options;
  const batchId = randomUUID();
  const parsed = parseTrackingRequest({ endpoint, body, receivedAt, newMessageId: queuedMessageIds(batchId) });
  if (!parsed.ok) {
    await countRefusal(db, {
      source,
      receivedAt,
      messageCount: parsed.messageCount,
      reason: parsed.problem.detail,
      endpoint: endpoint,
      kind: parsed.problem.kind,
      rejected: parsed.rejected,
    });
    return { status: 'refused', problem: parsed.problem };
  }
  await options.publish({ batchId, source, endpoint, receivedAt, body });
  return { status: 'queued', messages: parsed.events.length };
}
