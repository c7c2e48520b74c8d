import { DAY_MS } from '../core/clock.js';
import type { JobHandler } from './job-runner.js';
import { deleteFinishedJobs } from './jobs.repository.js';

/** Done jobs are kept this long for `boomerang jobs` and the admin screen; failed ones until retried. */
export const JOB_RETENTION_MS = 7 * DAY_MS;

/**
 * Recurring system job `jobs.cleanup`, hourly: deletes done jobs finished more than
 * `JOB_RETENTION_MS` ago by the clock, so the table holds days of history, not years.
 * Idempotent: a second run finds nothing more to delete.
 */
export const jobsCleanupJob: JobHandler = {
  type: 'jobs.cleanup',
  everyMs: 3_600_000,
  run: async ({ db, clock }) => {
    await deleteFinishedJobs(db, new Date(clock.now().getTime() - JOB_RETENTION_MS));
  },
};
