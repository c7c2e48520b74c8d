import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { clearWorkspaceDirtyDays, findRollupAccountIds, lockWorkspaceRollups, recomputeRollups } from './usage.repository.js';

export type RebuildUsageRollupsOptions = {
  workspaceId: string;
  /** Accounts per transaction: each chunk commits on its own, so readers see progress and locks stay short. */
  chunkSize?: number;
  progress?: (done: { accounts: number; of: number; accountDays: number }) => void;
};

export type RebuildUsageRollupsResult = { accounts: number; accountDays: number };

/**
 * Recomputes a workspace's rollups from raw events, account chunk by account chunk, with the
 * same statement the incremental worker runs; so the result is the worker's by construction.
 * Safe while ingestion and the worker run (writes are serialised per workspace).
 *
 * @example
 *   await rebuildUsageRollups(db, { workspaceId, progress: ({ accounts, of }) => log(`${accounts}/${of}`) });
 */
export async function rebuildUsageRollups(db: Kysely<Database>, options: RebuildUsageRollupsOptions): Promise<RebuildUsageRollupsResult> {
  const { workspaceId, chunkSize = 200 } = options;
  // Marks made so far name days this rebuild recomputes anyway; after a bulk load (the demo)
  // the worker would otherwise redo them all. Events stored from here on mark days again.
  await clearWorkspaceDirtyDays(db, workspaceId);
  const accountIds = await findRollupAccountIds(db, workspaceId);
  let accountDays = 0;
  for (let start = 0; start < accountIds.length; start += chunkSize) {
    const chunk = accountIds.slice(start, start + chunkSize);
    accountDays += await db.transaction().execute(async (trx) => {
      await lockWorkspaceRollups(trx, [workspaceId]);
      return (await recomputeRollups(trx, { accountIds: chunk })).accountDays;
    });
    options.progress?.({ accounts: start + chunk.length, of: accountIds.length, accountDays });
  }
  return { accounts: accountIds.length, accountDays };
}
