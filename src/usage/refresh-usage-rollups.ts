import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { emitDomainEvents, type NewDomainEvent } from '../domain-events/index.js';
import { claimDirtyDays, claimDirtyUsers, lockWorkspaceRollups, markDaysOfUsers, recomputeRollups } from './usage.repository.js';

export type RefreshUsageRollupsResult = {
  /** Dirty (account, day) pairs recomputed. */
  claimed: number;
  accountDays: number;
  /** User keys an alias change made stale, turned into dirty days (recomputed by this or the next call). */
  aliasedUsers: number;
};

/**
 * One incremental step: turns up to `limit` user keys made stale by alias changes into dirty
 * days, then claims up to `limit` dirty (account, day) pairs and recomputes them from raw
 * events in the same transaction. A crash rolls the claim back with the work, so
 * nothing is lost; the recomputation is idempotent, so nothing is counted twice.
 *
 * @example
 *   const step = await refreshUsageRollups(db, { limit: 200 });
 *   // a full step (step.claimed or step.aliasedUsers is 200) means there may be more: call again
 */
export async function refreshUsageRollups(db: Kysely<Database>, options: { limit: number }): Promise<RefreshUsageRollupsResult> {
  const aliasedUsers = await markDaysOfAliasedUsers(db, options.limit);
  const days = await recomputeDirtyDays(db, options.limit);
  return { ...days, aliasedUsers };
}

/**
 * Turns user keys an alias change made stale into dirty days, in a transaction of its own:
 * it takes the rollup locks of its workspaces, and taking those in one sorted pass per
 * transaction is what keeps two workers from deadlocking.
 */
async function markDaysOfAliasedUsers(db: Kysely<Database>, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const users = await claimDirtyUsers(trx, limit);
    if (users.length === 0) return 0;
    await lockWorkspaceRollups(trx, users.map((user) => user.workspaceId));
    await markDaysOfUsers(trx, users);
    return users.length;
  });
}

async function recomputeDirtyDays(db: Kysely<Database>, limit: number): Promise<Omit<RefreshUsageRollupsResult, 'aliasedUsers'>> {
  return db.transaction().execute(async (trx) => {
    const days = await claimDirtyDays(trx, limit);
    if (days.length === 0) return { claimed: 0, accountDays: 0 };
    await lockWorkspaceRollups(trx, days.map((day) => day.workspaceId));
    const { accountDays } = await recomputeRollups(trx, { days });
    await emitDomainEvents(trx, dayRolledUpEvents(days));
    return { claimed: days.length, accountDays };
  });
}

/** One `usage.day_rolled_up` per account recomputed in a step, listing its days. */
function dayRolledUpEvents(days: Array<{ workspaceId: string; accountId: string; day: string }>): NewDomainEvent[] {
  const byAccount = new Map<string, { workspaceId: string; days: string[] }>();
  for (const { workspaceId, accountId, day } of days) {
    const entry = byAccount.get(accountId) ?? { workspaceId, days: [] };
    entry.days.push(day);
    byAccount.set(accountId, entry);
  }
  return [...byAccount].map(([accountId, { workspaceId, days: accountDays }]) => ({
    type: 'usage.day_rolled_up',
    workspaceId,
    accountId,
    payload: { days: [...new Set(accountDays)].sort() },
  }));
}
