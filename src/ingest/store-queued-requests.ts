import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { claimBatches, deleteAppliedBatchesBefore } from './applied-batches.repository.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { inTransactionWithRetry } from './in-transaction-with-retry.js';
import { parseTrackingRequest } from './parse-tracking-request.js';
import { groupForStorage, queuedMessageIds, type ParsedQueuedRequest } from './plan-queued-batch.js';
import type { QueuedRequest } from './queue-tracking-request.js';
import { eventsIngestedPerAccount, storeEvents, type AccountIngest } from './store-events.js';
import { syncContacts } from './sync-contacts.js';

type Conn = Kysely<Database>;

export type StoreQueuedRequestsResult = {
  /** Batch ids stored by this call. */
  stored: string[];
  /** Batch ids stored before (a redelivery): nothing was written or counted again. */
  alreadyStored: string[];
  /** Requests that no longer parse (e.g. a newer server queued them): not stored, for the dead-letter subject. */
  invalid: Array<{ batchId: string; detail: string }>;
  received: number;
  accepted: number;
  duplicates: number;
  contactFailures: Array<{ workspaceId: string; userKey: string; reason: string }>;
};

/**
 * A worker's batch of queued requests, stored in one transaction: the batch ids are
 * recorded first, so a request delivered again after a crash (committed, not acked) is
 * skipped and its counters are not added twice; then one `storeEvents` per source and
 * day. Throws when the transaction fails, and then nothing of the batch is stored.
 */
export async function storeQueuedRequests(db: Conn, requests: QueuedRequest[]): Promise<StoreQueuedRequestsResult> {
  const parsed: ParsedQueuedRequest[] = [];
  const invalid: StoreQueuedRequestsResult['invalid'] = [];
  const seen = new Set<string>();
  for (const request of requests) {
    const { batchId, source, endpoint, body, receivedAt } = request;
    // A redelivery can reach the same fetch as the late original; it must count once.
    if (seen.has(batchId)) continue;
    seen.add(batchId);
    const result = parseTrackingRequest({ endpoint, body, receivedAt, newMessageId: queuedMessageIds(batchId) });
    if (result.ok) parsed.push({ batchId, source, receivedAt, events: result.events });
    else invalid.push({ batchId, detail: result.problem.detail });
  }

  const outcome = await inTransactionWithRetry(db, async (trx) => {
    const claimed = await claimBatches(trx, parsed.map((request) => ({ batchId: request.batchId, sourceId: request.source.id })));
    const counts = { received: 0, accepted: 0, duplicates: 0 };
    const toSync = new Map<string, { identified: Set<string>; grouped: Set<string> }>();
    const ingested: AccountIngest[] = [];
    for (const group of groupForStorage(parsed.filter((request) => claimed.has(request.batchId)))) {
      const stored = await storeEvents(trx, group);
      counts.received += stored.received;
      counts.accepted += stored.accepted;
      counts.duplicates += stored.duplicates;
      const sync = toSync.get(group.source.workspaceId) ?? { identified: new Set(), grouped: new Set() };
      stored.identifiedUserKeys.forEach((key) => sync.identified.add(key));
      stored.groupedUserKeys.forEach((key) => sync.grouped.add(key));
      toSync.set(group.source.workspaceId, sync);
      ingested.push(...stored.ingested);
    }
    await emitDomainEvents(trx, eventsIngestedPerAccount(ingested));
    return { claimed, counts, toSync };
  });

  const contactFailures: StoreQueuedRequestsResult['contactFailures'] = [];
  for (const [workspaceId, sync] of outcome.toSync) {
    if (!sync.identified.size && !sync.grouped.size) continue;
    const synced = await syncContacts(db, { workspaceId, identifiedUserKeys: [...sync.identified], groupedUserKeys: [...sync.grouped] });
    contactFailures.push(...synced.failed.map((failure) => ({ workspaceId, ...failure })));
  }
  return {
    stored: parsed.filter((request) => outcome.claimed.has(request.batchId)).map((request) => request.batchId),
    alreadyStored: parsed.filter((request) => !outcome.claimed.has(request.batchId)).map((request) => request.batchId),
    invalid,
    ...outcome.counts,
    contactFailures,
  };
}

/** Redeliveries come within minutes; the guard rows of older batches are no longer needed. */
export async function forgetStoredBatches(db: Conn, options: { before: Date }): Promise<number> {
  return deleteAppliedBatchesBefore(db, options.before);
}
