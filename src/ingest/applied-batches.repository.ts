import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/**
 * Records queued requests as stored, in the caller's transaction, and returns the batch
 * ids that were not recorded before. Sorted, so concurrent workers take the key locks in
 * the same order; a worker redelivered a batch another one is storing waits for its
 * commit and then finds it recorded.
 */
export async function claimBatches(trx: Conn, batches: Array<{ batchId: string; sourceId: string }>): Promise<Set<string>> {
  if (batches.length === 0) return new Set();
  const sorted = [...batches].sort((a, b) => (a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0));
  const rows = await trx
    .insertInto('ingest_applied_batches')
    .values(sorted.map((batch) => ({ batch_id: batch.batchId, source_id: batch.sourceId })))
    .onConflict((oc) => oc.column('batch_id').doNothing())
    .returning('batch_id')
    .execute();
  return new Set(rows.map((row) => row.batch_id));
}

export async function deleteAppliedBatchesBefore(db: Conn, before: Date): Promise<number> {
  const result = await db.deleteFrom('ingest_applied_batches').where('applied_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
