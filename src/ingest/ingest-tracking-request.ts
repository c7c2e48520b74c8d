import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { emitDomainEvents } from '../domain-events/index.js';
import type { SourceRef, TrackingEndpoint, TrackingProblem } from './ingest.types.js';
import { inTransactionWithRetry } from './in-transaction-with-retry.js';
import { parseTrackingRequest } from './parse-tracking-request.js';
import { countRefusal } from './sources.repository.js';
import { eventsIngestedPerAccount, storeEvents, type StoreEventsResult } from './store-events.js';
import { syncContacts, type SyncContactsResult } from './sync-contacts.js';

type Conn = Kysely<Database>;

export type IngestTrackingRequestOptions = {
  /** The source its write key named (authenticateWriteKeyOrThrow). */
  source: SourceRef;
  endpoint: TrackingEndpoint;
  body: unknown;
  receivedAt: Date;
};

export type IngestTrackingResult =
  | ({ status: 'stored' } & Omit<StoreEventsResult, 'identifiedUserKeys' | 'groupedUserKeys' | 'ingested'> & { contacts: SyncContactsResult })
  | { status: 'refused'; problem: TrackingProblem };

/**
 * One /v1 request, end to end: validate against the Segment spec, then store every event,
 * the identity changes and the source's counters in one transaction. It returns only
 * after the commit, so a 200 means the events are durable. A refused request stores
 * nothing but is counted as rejected.
 *
 * @example
 *   const result = await ingestTrackingRequest(db, { source, endpoint: 'batch', body, receivedAt: new Date() });
 *   if (result.status === 'refused') reply.code(400)…
 */
export async function ingestTrackingRequest(db: Conn, options: IngestTrackingRequestOptions): Promise<IngestTrackingResult> {
  const { source, receivedAt } = options;
  const parsed = parseTrackingRequest({ endpoint: options.endpoint, body: options.body, receivedAt, newMessageId: randomUUID });
  if (!parsed.ok) {
    await countRefusal(db, {
      source,
      receivedAt,
      messageCount: parsed.messageCount,
      reason: parsed.problem.detail,
      endpoint: options.endpoint,
      kind: parsed.problem.kind,
      rejected: parsed.rejected,
    });
    return { status: 'refused', problem: parsed.problem };
  }
  const { identifiedUserKeys, groupedUserKeys, ingested: _ingested, ...stored } = await inTransactionWithRetry(db, async (trx) => {
    const result = await storeEvents(trx, { source, events: parsed.events, receivedAt });
    await emitDomainEvents(trx, eventsIngestedPerAccount(result.ingested));
    return result;
  });
  const contacts =
    identifiedUserKeys.length || groupedUserKeys.length
      ? await syncContacts(db, { workspaceId: source.workspaceId, identifiedUserKeys, groupedUserKeys })
      : { created: 0, updated: 0, failed: [] };
  return { status: 'stored', ...stored, contacts };
}
