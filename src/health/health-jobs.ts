import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { scheduleJob, scheduleJobs, type JobHandler } from '../jobs/index.js';
import { claimStaleAccounts, findStaleWorkspaceIds, findWorkspaceIds, insertStaleAccounts } from './health.repository.js';
import { recomputeHealth } from './recompute-health.js';
import { fullRecomputeJob, HEALTH_RECOMPUTE_JOB } from './full-recompute.js';

export { HEALTH_RECOMPUTE_JOB };
const STALE_BATCH = 2000;
const DRAIN_BUDGET_MS = 20_000;
const today = (clock: Clock) => clock.now().toISOString().slice(0, 10);

/**
 * Marks accounts whose inputs changed and schedules the workspace's `health.recompute` (one
 * queued job per workspace however often it is called), so their scores are fresh within a
 * minute. In the caller's transaction when `db` is one. Domain-event consumers call it.
 *
 * @example
 *   await markHealthStale(trx, workspaceId, [accountId], clock);
 */
export async function markHealthStale(db: Kysely<Database>, workspaceId: string, accountIds: string[], clock: Clock = systemClock): Promise<void> {
  if (accountIds.length === 0) return;
  await insertStaleAccounts(db, { workspaceId, accountIds: [...new Set(accountIds)], now: clock.now() });
  await scheduleJob(db, { type: HEALTH_RECOMPUTE_JOB, workspaceId, uniqueKey: `stale:${workspaceId}`, maxAttempts: 3 }, clock);
}

/**
 * Drains a workspace's stale accounts, a batch per transaction (claims roll back with a failed
 * batch), until a claim finds none: accounts marked while a batch was scored could not queue a
 * job (this one holds the workspace's key) and would otherwise wait for the 30 s sweep. Steady
 * changes could keep it going for ever and hold up the worker's other jobs, so it stops after
 * `DRAIN_BUDGET_MS` and leaves the rest to the sweep.
 */
async function drainStale(db: Kysely<Database>, workspaceId: string, clock: Clock, signal: AbortSignal): Promise<number> {
  let total = 0;
  const started = Date.now();
  for (;;) {
    const done = await inTransaction(db, async (trx) => {
      const ids = await claimStaleAccounts(trx, workspaceId, STALE_BATCH);
      if (ids.length > 0) await recomputeHealth(trx, { workspaceId, asOf: today(clock), now: clock.now(), accountIds: ids });
      return ids.length;
    });
    total += done;
    if (done === 0 || signal.aborted || Date.now() - started > DRAIN_BUDGET_MS) return total;
  }
}

/**
 * `health.recompute` for one workspace: its stale accounts, or every account when the
 * payload says `full` (the nightly pass). Scores as of the clock's UTC day.
 */
export const healthRecomputeJob: JobHandler = {
  type: HEALTH_RECOMPUTE_JOB,
  run: async ({ db, workspaceId, payload, clock, signal }) => {
    if (!workspaceId) throw new Error('health.recompute needs a workspace');
    if (payload.full === true) await recomputeHealth(db, { workspaceId, asOf: today(clock), now: clock.now() });
    else await drainStale(db, workspaceId, clock, signal);
  },
};

/**
 * Recurring system job `health.nightly`, once a day: a full recompute per workspace (so
 * time-based measures such as days since last use move without any change), plus the day's
 * history point.
 */
export const healthNightlyJob: JobHandler = {
  type: 'health.nightly',
  everyMs: 24 * 3_600_000,
  maxAttempts: 3,
  run: async ({ db, clock }) => {
    const workspaceIds = await findWorkspaceIds(db);
    await scheduleJobs(
      db,
      workspaceIds.map((workspaceId) => fullRecomputeJob(workspaceId, today(clock))),
      clock,
    );
  },
};

/**
 * Recurring system job `health.stale`, every 30 s: picks up stale accounts whose job was
 * skipped because one for the workspace was already running when they were marked.
 */
export const healthStaleSweepJob: JobHandler = {
  type: 'health.stale',
  everyMs: 30_000,
  maxAttempts: 3,
  run: async ({ db, clock, signal }) => {
    for (const workspaceId of await findStaleWorkspaceIds(db)) await drainStale(db, workspaceId, clock, signal);
  },
};
