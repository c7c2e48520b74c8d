import { jobsCleanupJob, type JobHandler } from '../jobs/index.js';
import { usageRollupJob } from '../usage/index.js';

/**
 * Every job type the worker runs, listed where the processes are put together: `jobs/`
 * knows no domain module, and each module exports its own handlers. A job whose type no
 * running worker knows stays queued (visible in `boomerang jobs`) rather than failing.
 */
export const JOB_HANDLERS: JobHandler[] = [usageRollupJob, jobsCleanupJob];
