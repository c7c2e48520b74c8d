import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { scheduleJob, type JobHandler } from '../jobs/index.js';
import { finishBacktestRun, insertDoneBacktest, insertOrFindUnfinishedBacktest, startBacktestRun } from './health-model.repository.js';
import { backtestWindow, runBacktest, type BacktestResult } from './run-backtest.js';

type Conn = Kysely<Database>;

export const HEALTH_BACKTEST_JOB = 'health.backtest';
export const DEFAULT_HORIZON_DAYS = 180;

export type BacktestRequest = { workspaceId: string; asOf?: string; horizonDays: number };
/** What is stored of a backtest: everything the CLI prints, without the per-account cases. */
export type StoredBacktestReport = Omit<BacktestResult, 'cases'>;

const dayOf = (clock: Clock) => clock.now().toISOString().slice(0, 10);

/**
 * Queues a backtest as a durable `health.backtest` job (unique per workspace and parameters)
 * with its stored run, or joins the run already queued or running for the same parameters.
 * A horizon not yet over is refused here, before anything is stored.
 */
export async function queueBacktest(db: Conn, request: BacktestRequest, clock: Clock) {
  const { asOf } = backtestWindow({ asOf: request.asOf, horizonDays: request.horizonDays, today: dayOf(clock) });
  return inTransaction(db, async (trx) => {
    const run = await insertOrFindUnfinishedBacktest(trx, { ...request, asOf, now: clock.now() });
    // Skipped while the run's job is queued or running; a run whose worker died for good is
    // picked up again by this new job, which carries the same run.
    await scheduleJob(
      trx,
      { type: HEALTH_BACKTEST_JOB, workspaceId: request.workspaceId, payload: { backtestId: run.id }, uniqueKey: `${request.workspaceId}:${asOf}:${request.horizonDays}`, maxAttempts: 2 },
      clock,
    );
    return run;
  });
}

/**
 * `health.backtest`: runs a stored backtest and keeps its report. Input the backtest refuses
 * (too little history) fails the run at once with the reason; an unexpected error is retried
 * and recorded on the run when it is the last attempt.
 */
export const healthBacktestJob: JobHandler = {
  type: HEALTH_BACKTEST_JOB,
  run: async ({ db, workspaceId, payload, clock, attempt, maxAttempts }) => {
    if (!workspaceId) throw new Error('health.backtest needs a workspace');
    const run = await startBacktestRun(db, workspaceId, String(payload.backtestId));
    if (!run) return;
    try {
      const { cases: _cases, ...report } = await runBacktest(db, { workspaceId, asOf: run.as_of, horizonDays: run.horizon_days, today: dayOf(clock) });
      await finishBacktestRun(db, { workspaceId, id: run.id, finishedAt: clock.now(), status: 'done', report });
    } catch (error) {
      const refused = error instanceof AppError;
      if (!refused && attempt < maxAttempts) throw error;
      const reason = refused ? error.detail : 'The backtest stopped on an unexpected error (the admin’s jobs page has the detail). Run it again.';
      await finishBacktestRun(db, { workspaceId, id: run.id, finishedAt: clock.now(), status: 'failed', error: reason });
      if (!refused) throw error;
    }
  },
};

/** A backtest computed at once (the CLI): run, stored as the workspace's newest report, returned. */
export async function runAndStoreBacktest(db: Conn, request: BacktestRequest & { progress?: (line: string) => void }, clock: Clock): Promise<StoredBacktestReport> {
  const { cases: _cases, ...report } = await runBacktest(db, { ...request, today: dayOf(clock) });
  await insertDoneBacktest(db, { workspaceId: request.workspaceId, asOf: report.as_of, horizonDays: report.horizon_days, now: clock.now(), report });
  return report;
}

/** The backtest the retrain queues after a new model, so the model page has a recent one. */
export const defaultBacktest = (workspaceId: string): BacktestRequest => ({ workspaceId, horizonDays: DEFAULT_HORIZON_DAYS });
