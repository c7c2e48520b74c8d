import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { scheduleJobs, type JobHandler } from '../jobs/index.js';
import { findWorkspacesWithStageHistory, refreshStayMedianRows } from './journeys.repository.js';

export const STAY_MEDIANS_JOB = 'journey.stay-medians';

/** How long after a move its workspace's medians are refreshed; moves meanwhile share the refresh. */
export const STAY_MEDIANS_DELAY_MS = 10 * 60_000;

const uniqueKey = (workspaceId: string) => `stay-medians:${workspaceId}`;

/**
 * Job `journey.stay-medians` for one workspace: recomputes its learnt stay medians
 * (`journey_stay_medians`). Sorting every stay of a workspace costs about 50 ms at 10,000
 * stage-history rows and 0.75 s at 100,000 (bench/journey-moves), too much for each move, and
 * a median barely moves with one more stay; moves, the board and the stay timers read the
 * table instead.
 */
export const stayMediansJob: JobHandler = {
  type: STAY_MEDIANS_JOB,
  maxAttempts: 3,
  run: async ({ db, workspaceId, clock }) => {
    if (!workspaceId) throw new Error(`${STAY_MEDIANS_JOB} needs a workspace`);
    await inTransaction(db, (trx) => refreshStayMedianRows(trx, workspaceId, clock.now()));
  },
};

/**
 * Recurring `journey.stay-medians-daily`: a refresh per workspace with stage history, so what
 * changes medians without a move (an account's segment, a renamed stage) shows within a day.
 */
export const stayMediansDailyJob: JobHandler = {
  type: 'journey.stay-medians-daily',
  everyMs: 86_400_000,
  maxAttempts: 3,
  run: async ({ db, clock }) => {
    const workspaceIds = await findWorkspacesWithStageHistory(db);
    await scheduleJobs(db, workspaceIds.map((workspaceId) => ({ type: STAY_MEDIANS_JOB, workspaceId, uniqueKey: uniqueKey(workspaceId), maxAttempts: 3 })), clock);
  },
};

/**
 * After stage moves (in their transaction): one refresh of the workspace's medians
 * `STAY_MEDIANS_DELAY_MS` later. While it is queued, further moves add nothing (same unique
 * key), so a burst of moves or an import costs one refresh.
 */
export async function scheduleStayMediansRefresh(db: Kysely<Database>, workspaceId: string, now: Date): Promise<void> {
  await scheduleJobs(db, [{ type: STAY_MEDIANS_JOB, workspaceId, runAt: new Date(now.getTime() + STAY_MEDIANS_DELAY_MS), uniqueKey: uniqueKey(workspaceId), maxAttempts: 3 }], { now: () => now });
}
