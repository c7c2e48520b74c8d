import type { IngestEvent, SourceRef } from './ingest.types.js';

/**
 * Ids for messages sent without a messageId, derived from the request's batch id: the
 * server (validating) and the worker (storing) parse the same body, and a redelivered
 * message must get the same ids again or its events would be stored twice.
 */
export function queuedMessageIds(batchId: string): () => string {
  let next = 0;
  return () => `${batchId}-${next++}`;
}

export type ParsedQueuedRequest = {
  batchId: string;
  source: SourceRef;
  receivedAt: Date;
  events: IngestEvent[];
};

export type StorageGroup = {
  source: SourceRef;
  /** The latest receipt in the group: the source's "last received" and its counters' UTC day. */
  receivedAt: Date;
  events: IngestEvent[];
};

const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Merges a worker's batch into one store per source, UTC day and source kind, so a batch of many small
 * requests costs a few statements instead of a few per request. Groups come in source id
 * order (concurrent workers then lock counters in the same order); events keep the order
 * they were received in, which identity resolution depends on.
 */
export function groupForStorage(requests: ParsedQueuedRequest[]): StorageGroup[] {
  const groups = new Map<string, StorageGroup>();
  for (const request of requests) {
    // By kind too: requests taken before and after an admin changed the source's kind keep
    // the trust they were sent with.
    const key = `${request.source.id} ${utcDay(request.receivedAt)} ${request.source.kind}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { source: request.source, receivedAt: request.receivedAt, events: [...request.events] });
      continue;
    }
    group.events.push(...request.events);
    if (request.receivedAt > group.receivedAt) group.receivedAt = request.receivedAt;
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}
