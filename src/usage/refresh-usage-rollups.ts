import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { claimDirtyDays, lockWorkspaceRollups, recomputeRollups } from './usage.repository.js';

export type RefreshUsageRollupsResult = { claimed: number; accountDays: number };

/**
 * One incremental step: claims up to `limit` dirty (account, day) pairs and recomputes them
 * from raw events in the same transaction. A crash rolls the claim back with the work, so
 * nothing is lost; the recomputation is idempotent, so nothing is counted twice.
 *
 * @example
 *   while ((await refreshUsageRollups(db, { limit: 200 })).claimed === 200);
 */
export async function refreshUsageRollups(db: Kysely<Database>, options: { limit: number }): Promise<RefreshUsageRollupsResult> {
  return db.transaction().execute(async (trx) => {
    const days = await claimDirtyDays(trx, options.limit);
    if (days.length === 0) return { claimed: 0, accountDays: 0 };
    await lockWorkspaceRollups(trx, days.map((day) => day.workspaceId));
    const { accountDays } = await recomputeRollups(trx, { days });
    return { claimed: days.length, accountDays };
  });
}
