import type { JobHandler } from '../jobs/index.js';
import { refreshUsageRollups } from './refresh-usage-rollups.js';

/** Pairs per transaction: small, because on PGlite every request waits for the one connection. */
const BATCH_SIZE = 200;
/** One run stops after this long and leaves the rest to the next, well inside the job lease. */
const RUN_BUDGET_MS = 60_000;

/**
 * Recurring system job `usage.rollup`, every 10 s (the issue asks for rollups within a minute
 * of ingestion): drains the dirty account-days. One worker runs it at a time (the job claim);
 * a failed run is retried by the job queue and its claims were rolled back with it.
 */
export const usageRollupJob: JobHandler = {
  type: 'usage.rollup',
  everyMs: 10_000,
  maxAttempts: 3,
  backoff: { baseMs: 5_000, maxMs: 60_000 },
  run: async ({ db, signal }) => {
    const started = Date.now();
    let step;
    do {
      step = await refreshUsageRollups(db, { limit: BATCH_SIZE });
    } while (
      (step.claimed === BATCH_SIZE || step.aliasedUsers === BATCH_SIZE) &&
      !signal.aborted &&
      Date.now() - started < RUN_BUDGET_MS
    );
  },
};
