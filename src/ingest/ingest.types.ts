/** The Segment call types /v1 takes; `batch` carries any mix of them. */
export const MESSAGE_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export type TrackingEndpoint = MessageType | 'batch';
export const TRACKING_ENDPOINTS = [...MESSAGE_TYPES, 'batch'] as const satisfies readonly TrackingEndpoint[];

/** Segment's documented limits (HTTP Tracking API, "Max request size"), measured on compact JSON. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

export type JsonObject = Record<string, unknown>;

/** One message after validation and normalisation: what becomes a row of `events`. */
export type IngestEvent = {
  /** Position in the request (0 for a single call), for error messages. */
  index: number;
  messageId: string;
  type: MessageType;
  /** track: event name; page/screen: the name. */
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** group: the groupId; other calls: context.groupId when set. */
  groupId: string | null;
  /** alias: the id merged into userId. */
  previousId: string | null;
  /** track/page/screen: properties; identify/group: traits. */
  properties: JsonObject;
  context: JsonObject;
  timestamp: Date;
  originalTimestamp: Date | null;
  sentAt: Date | null;
  receivedAt: Date;
};

/** Why a request was refused, naming the first offending message. */
export type TrackingProblem = {
  kind: 'invalid' | 'too_large';
  /** Index in the batch (0 for a single call); null when the envelope itself is wrong. */
  index: number | null;
  messageId: string | null;
  detail: string;
  issues: Array<{ path: string; message: string }>;
};

/**
 * One message a refused request carried, and exactly why it was refused (issue 15 item 9):
 * what ingest keeps in `ingest_rejections` for the admin. A message with no fault of its own
 * in a refused batch gets no row; each row says how many were refused with it.
 */
export type RejectedMessage = {
  /** Position in the batch (0 for a single call); null when the envelope or body is at fault. */
  index: number | null;
  messageId: string | null;
  type: string | null;
  event: string | null;
  /** userId, else anonymousId, as sent. */
  userKey: string | null;
  /** Its own faults in words, without the batch path: "event is required for track calls". */
  reason: string;
  issues: Array<{ path: string; message: string }>;
  /** The message as sent, cleaned to storable text and cut; null when it cannot be shown. */
  excerpt: string | null;
};

export type ParsedTrackingRequest =
  | { ok: true; events: IngestEvent[] }
  | { ok: false; problem: TrackingProblem; messageCount: number; rejected: RejectedMessage[] };

/**
 * Where a source's write key lives, which decides what its calls may do (README, "Security"):
 * `browser` keys are public (an SDK in a web page ships them), so their calls attribute usage
 * only; `server` keys are secrets on the customer's servers, and their identify traits may
 * create contacts.
 */
export const SOURCE_KINDS = ['browser', 'server'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The source a /v1 request came from, as storage needs it. */
export type SourceRef = { id: string; workspaceId: string; kind: SourceKind };

/** A source as the API shows it; the write key itself is shown once, at creation. */
export type Source = {
  id: string;
  name: string;
  kind: SourceKind;
  writeKeyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastReceivedAt: Date | null;
  /** The last request refused whole (bad body, encoding, size or batch) and why; null when none was. */
  lastRejection: { at: Date; reason: string } | null;
};

export type SourceStats = {
  /** Messages that came with a valid write key. received = accepted + duplicates + rejected. */
  received: number;
  /** Newly stored. */
  accepted: number;
  /** messageId already stored for this source (a retry); not stored again. */
  duplicates: number;
  /** Refused as invalid or too large (a refused batch refuses all of its messages). */
  rejected: number;
  /** Stored events of this source that have no account yet. */
  unmatched: number;
  lastReceivedAt: Date | null;
  daily: Array<{ day: string; received: number; accepted: number; duplicates: number; rejected: number }>;
};
