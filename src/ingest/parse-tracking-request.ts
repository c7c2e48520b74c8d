import {
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  MESSAGE_TYPES,
  type IngestEvent,
  type JsonObject,
  type MessageType,
  type ParsedTrackingRequest,
  type RejectedMessage,
  type TrackingEndpoint,
  type TrackingProblem,
} from './ingest.types.js';
import { cleanJsonValue, cleanText, isStorableTime, unstorableTextReason } from '../core/storable-input.js';

export type ParseTrackingRequestOptions = {
  endpoint: TrackingEndpoint;
  body: unknown;
  receivedAt: Date;
  /** Gives a messageId to messages sent without one (they then cannot be deduplicated). */
  newMessageId: () => string;
};

/** Ids are strings in the spec; numbers are common in the wild and mean the same id. */
const MAX_ID_LENGTH = 255;
const MAX_NAME_LENGTH = 500;
/** Enough issues to fix a batch in one go without an unbounded error body. */
const MAX_ISSUES = 20;
/** Rejected messages explained per request; a batch of 500 broken messages keeps the first 100. */
export const MAX_REJECTED_EXPLAINED = 100;
/** Characters of a rejected message kept for the admin to look at. */
export const REJECTED_EXCERPT_CHARS = 2000;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Undefined for JSON nested so deep (thousands of levels) that JSON.stringify overflows the stack. */
const jsonBytes = (value: unknown): number | undefined => {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

type Field<T> = { value: T } | { error: string };

function idField(message: JsonObject, key: string): Field<string | null> {
  const value = message[key];
  if (value === undefined || value === null || value === '') return { value: null };
  if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
  if (typeof value !== 'string') return { error: 'must be a string' };
  if (value.length > MAX_ID_LENGTH) return { error: `must be at most ${MAX_ID_LENGTH} characters` };
  // PostgreSQL text cannot hold NUL or an unpaired surrogate. Ids are refused, not cleaned:
  // a silently altered id would merge two users.
  const unstorable = unstorableTextReason(value);
  if (unstorable) return { error: unstorable };
  return { value };
}

function textField(message: JsonObject, key: string): Field<string | null> {
  const value = message[key];
  if (value === undefined || value === null) return { value: null };
  if (typeof value !== 'string') return { error: 'must be a string' };
  if (value.length > MAX_NAME_LENGTH) return { error: `must be at most ${MAX_NAME_LENGTH} characters` };
  const unstorable = unstorableTextReason(value);
  if (unstorable) return { error: unstorable };
  return { value };
}

function objectField(message: JsonObject, key: string): Field<JsonObject> {
  const value = message[key];
  if (value === undefined || value === null) return { value: {} };
  if (!isObject(value)) return { error: 'must be an object' };
  // Free-form JSON is cleaned, not refused (Segment libraries send whatever the app put
  // there): NUL dropped, unpaired surrogates → U+FFFD, over-deep values kept as JSON text.
  return { value: cleanJsonValue(value) as JsonObject };
}

function dateField(message: JsonObject, key: string): Field<Date | null> {
  const value = message[key];
  if (value === undefined || value === null) return { value: null };
  if (typeof value !== 'string') return { error: 'must be an ISO-8601 date string' };
  const time = Date.parse(value);
  if (Number.isNaN(time)) return { error: 'must be an ISO-8601 date string' };
  // Year 0 or 300000 is a broken clock, not a moment; PostgreSQL or Date cannot hold it.
  if (!isStorableTime(time)) return { error: 'must be a date in the years 1000 to 9999' };
  return { value: new Date(time) };
}

/**
 * Segment's clock-skew correction: a device's clock may be wrong, but the gap between its
 * `timestamp` and its `sentAt` is right, so the event happened that long before we
 * received it. Without sentAt the sent timestamp is taken as is.
 */
export function correctTimestamp(options: { sent: Date | null; sentAt: Date | null; receivedAt: Date }): Date {
  const { sent, sentAt, receivedAt } = options;
  if (!sent) return receivedAt;
  if (!sentAt) return sent;
  const corrected = receivedAt.getTime() - (sentAt.getTime() - sent.getTime());
  // Two storable but wildly apart clocks (sent 1001, sentAt 9999) would correct past year
  // 1000; the device's own timestamp is then the better guess.
  return isStorableTime(corrected) ? new Date(corrected) : sent;
}

type MessageResult = { event: IngestEvent } | { issues: Array<{ path: string; message: string }> };

function normaliseMessage(
  message: JsonObject,
  options: { index: number; path: string; type: unknown; batchContext: JsonObject; batchSentAt: Date | null } & Pick<
    ParseTrackingRequestOptions,
    'receivedAt' | 'newMessageId'
  >,
): MessageResult {
  const issues: Array<{ path: string; message: string }> = [];
  const take = <T>(key: string, field: Field<T>, fallback: T): T => {
    if ('error' in field) {
      issues.push({ path: `${options.path}.${key}`, message: field.error });
      return fallback;
    }
    return field.value;
  };
  // A required field that is absent; one already reported as malformed is not reported twice.
  const requireField = (key: string, value: string | null, message: string) => {
    const path = `${options.path}.${key}`;
    if (!value && !issues.some((issue) => issue.path === path)) issues.push({ path, message });
  };
  const type = options.type;
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    issues.push({ path: `${options.path}.type`, message: `must be one of ${MESSAGE_TYPES.join(', ')}` });
    return { issues };
  }
  const messageType = type as MessageType;
  const userId = take('userId', idField(message, 'userId'), null);
  const anonymousId = take('anonymousId', idField(message, 'anonymousId'), null);
  const rawMessageId = message.messageId;
  let messageId: string | null = null;
  if (rawMessageId !== undefined && rawMessageId !== null && rawMessageId !== '') {
    if (typeof rawMessageId !== 'string') issues.push({ path: `${options.path}.messageId`, message: 'must be a string' });
    else if (rawMessageId.length > MAX_ID_LENGTH || rawMessageId.includes('\u0000')) {
      issues.push({ path: `${options.path}.messageId`, message: `must be at most ${MAX_ID_LENGTH} characters, without NUL` });
    } else messageId = rawMessageId;
  }
  const context = { ...options.batchContext, ...take('context', objectField(message, 'context'), {}) };
  const timestamp = take('timestamp', dateField(message, 'timestamp'), null);
  const originalTimestamp = take('originalTimestamp', dateField(message, 'originalTimestamp'), null);
  const sentAt = take('sentAt', dateField(message, 'sentAt'), null) ?? options.batchSentAt;

  let event: string | null = null;
  let groupId: string | null = null;
  let previousId: string | null = null;
  let properties: JsonObject = {};
  switch (messageType) {
    case 'track':
      event = take('event', textField(message, 'event'), null);
      requireField('event', event, 'is required for track calls');
      properties = take('properties', objectField(message, 'properties'), {});
      break;
    case 'page':
    case 'screen': {
      event = take('name', textField(message, 'name'), null);
      properties = take('properties', objectField(message, 'properties'), {});
      // page calls carry a top-level category; keep it with the properties it describes.
      const category = take('category', textField(message, 'category'), null);
      if (category !== null && properties.category === undefined) properties = { ...properties, category };
      break;
    }
    case 'identify':
      properties = take('traits', objectField(message, 'traits'), {});
      break;
    case 'group':
      groupId = take('groupId', idField(message, 'groupId'), null);
      requireField('groupId', groupId, 'is required for group calls');
      properties = take('traits', objectField(message, 'traits'), {});
      break;
    case 'alias':
      previousId = take('previousId', idField(message, 'previousId'), null);
      requireField('previousId', previousId, 'is required for alias calls');
      requireField('userId', userId, 'is required for alias calls');
      break;
  }
  if (messageType !== 'alias' && !anonymousId && !issues.some((issue) => issue.path === `${options.path}.anonymousId`)) {
    requireField('userId', userId, 'a userId or an anonymousId is required');
  }
  // Other calls may name the company in context.groupId; it attributes the event, nothing more.
  if (messageType !== 'group' && typeof context.groupId === 'string' && context.groupId !== '') {
    // cleanText again: the cut may fall inside a surrogate pair.
    groupId = cleanText(context.groupId.slice(0, MAX_ID_LENGTH)) || null;
  }
  if (issues.length) return { issues };

  const sent = timestamp ?? originalTimestamp;
  return {
    event: {
      index: options.index,
      messageId: messageId ?? options.newMessageId(),
      type: messageType,
      event,
      userId,
      anonymousId,
      groupId,
      previousId,
      properties,
      context,
      timestamp: correctTimestamp({ sent, sentAt, receivedAt: options.receivedAt }),
      originalTimestamp: sent,
      sentAt,
      receivedAt: options.receivedAt,
    },
  };
}

function describeMessage(index: number | null, message: unknown, isBatch: boolean): string {
  const messageId = isObject(message) && typeof message.messageId === 'string' ? message.messageId : null;
  const where = isBatch && index !== null ? `Message ${index} of the batch` : 'The message';
  return messageId ? `${where} (messageId ${messageId})` : where;
}

function problem(kind: TrackingProblem['kind'], index: number | null, message: unknown, detail: string, issues: TrackingProblem['issues']): TrackingProblem {
  const messageId = isObject(message) && typeof message.messageId === 'string' ? message.messageId : null;
  return { kind, index, messageId, detail, issues };
}

/** A field of a message that failed validation, as storable text, for the explanation only. */
function shownText(message: unknown, key: string): string | null {
  if (!isObject(message)) return null;
  const value = message[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') return null;
  return cleanText(value.slice(0, MAX_ID_LENGTH)) || null;
}

function excerptOf(message: unknown): string | null {
  if (message === undefined) return null;
  try {
    const text = JSON.stringify(cleanJsonValue(message));
    if (text === undefined) return null;
    // cleanText again: the cut may fall inside a surrogate pair.
    return cleanText(text.length > REJECTED_EXCERPT_CHARS ? `${text.slice(0, REJECTED_EXCERPT_CHARS)}…` : text);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** Issues say `batch[3].event`; the explanation of message 3 says `event`. */
const withoutMessagePath = (path: string): string => path.replace(/^(batch\[\d+\]|body)\.?/, '') || 'message';

function rejectedMessage(options: {
  index: number | null;
  message: unknown;
  issues: Array<{ path: string; message: string }>;
  reason?: string;
  isEnvelope?: boolean;
  /** A single call's type is its endpoint, not a field. */
  endpointType?: string | null;
}): RejectedMessage {
  const { index, message, issues } = options;
  const type = shownText(message, 'type') ?? options.endpointType ?? null;
  return {
    index,
    messageId: shownText(message, 'messageId'),
    type,
    event: shownText(message, type === 'page' || type === 'screen' ? 'name' : 'event'),
    userKey: shownText(message, 'userId') ?? shownText(message, 'anonymousId'),
    reason: options.reason ?? issues.map((issue) => `${withoutMessagePath(issue.path)} ${issue.message}`).join('; '),
    issues,
    excerpt: options.isEnvelope ? null : excerptOf(message),
  };
}

/**
 * Checks one /v1 request against the Segment HTTP Tracking API spec and turns its messages
 * into events. All or nothing: the first offending message is named (index in the batch
 * and messageId) and nothing of the request should be stored.
 *
 * @example
 *   const parsed = parseTrackingRequest({ endpoint: 'batch', body, receivedAt: now, newMessageId: randomUUID });
 *   if (!parsed.ok) throw ... parsed.problem.detail
 */
export function parseTrackingRequest(options: ParseTrackingRequestOptions): ParsedTrackingRequest {
  const { endpoint, body } = options;
  const isBatch = endpoint === 'batch';
  const explain = (explained: Parameters<typeof rejectedMessage>[0]) => rejectedMessage({ ...explained, endpointType: isBatch ? null : endpoint });
  if (!isObject(body)) {
    const issues = [{ path: 'body', message: 'must be an object' }];
    const detail = 'The body must be a JSON object.';
    return { ok: false, messageCount: 1, problem: problem('invalid', null, body, detail, issues), rejected: [explain({ index: null, message: body, issues, reason: detail })] };
  }
  if (isBatch && !Array.isArray(body.batch)) {
    const issues = [{ path: 'batch', message: 'must be an array' }];
    const detail = 'A batch body needs a "batch" array of messages.';
    return { ok: false, messageCount: 1, problem: problem('invalid', null, body, detail, issues), rejected: [explain({ index: null, message: body, issues, reason: detail })] };
  }
  const messages: unknown[] = isBatch ? (body.batch as unknown[]) : [body];
  const messageCount = Math.max(messages.length, 1);
  const envelopeIssues: TrackingProblem['issues'] = [];
  const batchContext = isBatch && isObject(body.context) ? (cleanJsonValue(body.context) as JsonObject) : {};
  if (isBatch && body.context !== undefined && body.context !== null && !isObject(body.context)) {
    envelopeIssues.push({ path: 'context', message: 'must be an object' });
  }
  const batchSentAtField = isBatch ? dateField(body, 'sentAt') : { value: null };
  if ('error' in batchSentAtField) envelopeIssues.push({ path: 'sentAt', message: batchSentAtField.error });
  const batchSentAt = 'value' in batchSentAtField ? batchSentAtField.value : null;
  if (envelopeIssues.length) {
    const detail = `Invalid batch: ${envelopeIssues.map((i) => `${i.path} ${i.message}`).join('; ')}.`;
    const rejected = [explain({ index: null, message: null, issues: envelopeIssues, reason: detail, isEnvelope: true })];
    return { ok: false, messageCount, problem: problem('invalid', null, null, detail, envelopeIssues), rejected };
  }

  // Sizes first: a too-large request is refused (413) before its contents are judged.
  let total = 0;
  for (const [index, message] of messages.entries()) {
    const size = jsonBytes(message);
    const path = isBatch ? `batch[${index}]` : 'body';
    if (size === undefined) {
      const detail = `${describeMessage(index, message, isBatch)} is nested too deeply to store.`;
      const issues = [{ path, message: 'is nested thousands of levels deep' }];
      return { ok: false, messageCount, problem: problem('invalid', index, message, detail, issues), rejected: [explain({ index, message, issues })] };
    }
    if (size > MAX_MESSAGE_BYTES) {
      const detail = `${describeMessage(index, message, isBatch)} is ${kb(size)}; a message may be at most 32 KB.`;
      const issues = [{ path, message: `is ${size} bytes, more than ${MAX_MESSAGE_BYTES}` }];
      return { ok: false, messageCount, problem: problem('too_large', index, message, detail, issues), rejected: [explain({ index, message, issues })] };
    }
    total += size;
    if (total > MAX_BATCH_BYTES) {
      const detail = `The batch passes 500 KB at ${describeMessage(index, message, isBatch).replace(/^Message/, 'message')}; send at most 500 KB per batch.`;
      const issues = [{ path, message: `the batch reaches ${total} bytes here, more than ${MAX_BATCH_BYTES}` }];
      const rejected = [explain({ index, message, issues, reason: `the batch reaches ${kb(total)} at this message; a batch may be at most 500 KB` })];
      return { ok: false, messageCount, problem: problem('too_large', index, message, detail, issues), rejected };
    }
  }

  const events: IngestEvent[] = [];
  let firstBad: { index: number; message: unknown } | undefined;
  const issues: TrackingProblem['issues'] = [];
  const rejected: RejectedMessage[] = [];
  for (const [index, message] of messages.entries()) {
    const path = isBatch ? `batch[${index}]` : 'body';
    const result = isObject(message)
      ? normaliseMessage(message, {
          index,
          path,
          type: isBatch ? message.type : endpoint,
          batchContext,
          batchSentAt,
          receivedAt: options.receivedAt,
          newMessageId: options.newMessageId,
        })
      : { issues: [{ path, message: 'must be an object' }] };
    if ('event' in result) {
      events.push(result.event);
      continue;
    }
    firstBad ??= { index, message };
    issues.push(...result.issues.slice(0, MAX_ISSUES - issues.length));
    if (rejected.length < MAX_REJECTED_EXPLAINED) rejected.push(explain({ index, message, issues: result.issues }));
  }
  if (firstBad) {
    const first = issues[0]!;
    const detail = `${describeMessage(firstBad.index, firstBad.message, isBatch)} is invalid: ${first.path} ${first.message}.`;
    return { ok: false, messageCount, problem: problem('invalid', firstBad.index, firstBad.message, detail, issues), rejected };
  }
  return { ok: true, events };
}
