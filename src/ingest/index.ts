/**
 * Event ingestion: Segment-compatible sources and write keys, raw events, identity
 * resolution (users and groups → contacts and accounts), per-source counters.
 *
 * @example
 *   const source = await authenticateWriteKeyOrThrow(db, writeKeyFromRequest({ authorization, body }));
 *   const result = await ingestTrackingRequest(db, { source, endpoint: 'track', body, receivedAt: new Date() });
 */
export * from './ingest.schema.js';
export type { IngestEvent, MessageType, Source, SourceKind, SourceRef, SourceStats, TrackingEndpoint, TrackingProblem } from './ingest.types.js';
export { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, MESSAGE_TYPES, SOURCE_KINDS, TRACKING_ENDPOINTS } from './ingest.types.js';
export { writeKeyFromRequest } from './write-key.js';
export {
  authenticateWriteKeyOrThrow,
  createSource,
  getSourceOrThrow,
  getSourceStatsOrThrow,
  listSources,
  recordRejectedRequest,
  revokeSource,
  updateSource,
  type AuthenticatedSource,
} from './sources.js';
export { ingestTrackingRequest, type IngestTrackingResult } from './ingest-tracking-request.js';
export { findUnmatchedEvents } from './find-unmatched-events.js';
export { listSourceRejections } from './list-source-rejections.js';
export { findSourcesHealth, type SourceWithHealth } from './find-sources-health.js';
export type { SourceHealth, SourceHealthStatus } from './assess-source-health.js';
export { queueTrackingRequest, type QueuedRequest, type QueueTrackingResult } from './queue-tracking-request.js';
export { forgetStoredBatches, storeQueuedRequests, type StoreQueuedRequestsResult } from './store-queued-requests.js';
/** Bulk path (loaders, the demo world): validated events stored in the caller's transaction; /v1 uses ingestTrackingRequest. */
export { storeEvents, type StoreEventsOptions, type StoreEventsResult } from './store-events.js';
export { linkKnownGroups, type KnownGroup } from './link-known-groups.js';
export { contactsOfNewAccountsConsumer } from './sync-contacts.js';
export { recountSourceStatsFromEvents } from './sources.repository.js';
