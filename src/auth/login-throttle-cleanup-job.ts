import type { JobHandler } from '../jobs/index.js';
import { pruneLoginThrottles } from './login-throttle.repository.js';

/** Counters deleted per statement: a burst of guesses leaves at most this many rows per pass. */
const PRUNE_BATCH = 5_000;

/**
 * Recurring system job `auth.login-throttle-cleanup`, every 10 minutes: deletes login
 * counters whose window and lockout have run out by the clock, so `login_throttles` holds
 * the last window's attempts rather than every address ever seen. A login never waits on it:
 * an expired counter that is still stored counts as absent (`admitAttempt` reads `expires_at`).
 */
export const loginThrottleCleanupJob: JobHandler = {
  type: 'auth.login-throttle-cleanup',
  everyMs: 10 * 60_000,
  run: async ({ db, clock }) => {
    let deleted: number;
    do deleted = await pruneLoginThrottles(db, clock.now(), PRUNE_BATCH);
    while (deleted === PRUNE_BATCH);
  },
};
