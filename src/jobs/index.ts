/**
 * Durable jobs and timers: a row per job with its run-at time, claimed with
 * `FOR UPDATE SKIP LOCKED` by any number of workers, retried with exponential backoff, and
 * kept failed with its last error when out of attempts. Modules export `JobHandler`s; the
 * processes that run workers (`boomerang start`, `boomerang worker`) list them in
 * `cli/job-handlers.ts`.
 *
 * @example
 *   await scheduleJob(db, { type: 'renewal.remind', workspaceId, payload: { accountId }, runAt, uniqueKey: accountId });
 *   const worker = startJobWorker({ db, handlers, clock: systemClock, logger });
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/index.js';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { conflict, notFound, invalid } from '../core/errors.js';
import { inTransaction } from '../db/transaction.js';
import type { Database, JobState } from '../db/schema.js';
import { JOB_STATES, jobSchema } from './jobs.schema.js';
import {
  countJobsByState,
  findJobById,
  findJobs,
  insertJobs,
  requeueFailedJob,
  type JobRow,
} from './jobs.repository.js';
import { wakeJobWorkers } from './job-worker.js';

export {
  createJobRunner,
  RECURRING_KEY,
  type JobContext,
  type JobHandler,
  type JobRunner,
  type JobRunnerOptions,
  type RunTotals,
} from './job-runner.js';
export { startJobWorker, wakeJobWorkers, type JobWorker, type JobWorkerOptions } from './job-worker.js';
export { retryDelayMs, DEFAULT_BACKOFF, type Backoff } from './retry-delay.js';
export { jobsCleanupJob, JOB_RETENTION_MS } from './jobs-cleanup-job.js';

export * from './jobs.schema.js';

export type ScheduleJobInput = {
  type: string;
  /** The workspace whose data the job touches; null for system jobs. */
  workspaceId?: string | null;
  payload?: Record<string, unknown>;
  /** Default: now. */
  runAt?: Date;
  /** While a job with this type and key is queued or running, scheduling another keeps the first. */
  uniqueKey?: string;
  maxAttempts?: number;
};

/**
 * Schedules jobs, in the caller's transaction when `db` is one (so a timer set by a change
 * commits with it). Returns how many were new; duplicates by unique key are skipped.
 */
export async function scheduleJobs(
  db: Kysely<Database>,
  jobs: ScheduleJobInput[],
  clock: Clock = systemClock,
): Promise<{ scheduled: number }> {
  const now = clock.now();
  const ids = await insertJobs(
    db,
    jobs.map((job) => ({
      type: job.type,
      workspaceId: job.workspaceId ?? null,
      payload: job.payload ?? {},
      runAt: job.runAt ?? now,
      uniqueKey: job.uniqueKey ?? null,
      maxAttempts: job.maxAttempts ?? 5,
      now,
    })),
  );
  if (ids.length > 0) wakeJobWorkers();
  return { scheduled: ids.length };
}

export async function scheduleJob(
  db: Kysely<Database>,
  job: ScheduleJobInput,
  clock: Clock = systemClock,
): Promise<{ scheduled: boolean }> {
  const { scheduled } = await scheduleJobs(db, [job], clock);
  return { scheduled: scheduled === 1 };
}

export type JobView = z.infer<typeof jobSchema>;

function toJobView(row: JobRow): JobView {
  return {
    id: row.id,
    type: row.type,
    workspaceId: row.workspace_id,
    state: row.state,
    uniqueKey: row.unique_key,
    payload: row.payload,
    runAt: row.run_at.toISOString(),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    lockedBy: row.locked_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/**
 * Who may see and retry jobs: the operator (CLI: every job) or a workspace's admin (its
 * jobs and the system jobs, which carry no customer data). Role checks happen in the route.
 */
export type JobScope = { kind: 'operator' } | { kind: 'workspace'; workspaceId: string };

const scopeWorkspace = (scope: JobScope) => (scope.kind === 'operator' ? undefined : scope.workspaceId);

export async function listJobs(
  db: Kysely<Database>,
  scope: JobScope,
  query: { state?: JobState; limit?: number } = {},
) {
  const [rows, counts] = await Promise.all([
    findJobs(db, {
      workspaceId: scopeWorkspace(scope),
      states: query.state ? [query.state] : undefined,
      limit: query.limit ?? 100,
    }),
    countJobsByState(db, scopeWorkspace(scope)),
  ]);
  const byState = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  for (const { state, count } of counts) byState[state as JobState] = Number(count);
  return { jobs: rows.map(toJobView), counts: byState };
}

const jobIdSchema = z.uuid();

/** A workspace admin's view (the admin screen, GET /api/jobs). */
export async function listWorkspaceJobs(
  db: Kysely<Database>,
  actor: Actor,
  query: { state?: JobState; limit?: number } = {},
) {
  assertCanAdministerOrThrow(actor);
  return listJobs(db, { kind: 'workspace', workspaceId: actor.workspaceId }, query);
}

/** A workspace admin re-queues a failed job; audited, in the same transaction. */
export async function retryWorkspaceJob(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  clock: Clock = systemClock,
): Promise<JobView> {
  assertCanAdministerOrThrow(actor);
  return inTransaction(db, async (trx) => {
    const job = await retryJob(trx, { kind: 'workspace', workspaceId: actor.workspaceId }, id, clock);
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'job',
      entityId: job.id,
      before: { state: 'failed' },
      after: { type: job.type, state: job.state },
    });
    return job;
  });
}

/** Queues a failed job again now, with its attempts reset. Not found / conflict otherwise. */
export async function retryJob(
  db: Kysely<Database>,
  scope: JobScope,
  id: string,
  clock: Clock = systemClock,
): Promise<JobView> {
  if (!jobIdSchema.safeParse(id).success)
    throw invalid('Job id must be a UUID', [{ path: 'id', message: 'must be a UUID' }]);
  const row = await requeueFailedJob(db, { id, workspaceId: scopeWorkspace(scope), now: clock.now() });
  if (row) {
    wakeJobWorkers();
    return toJobView(row);
  }
  const existing = await findJobById(db, id, scopeWorkspace(scope));
  if (!existing) throw notFound('Job', id);
  throw conflict(`Job ${id} is ${existing.state}; only a failed job can be retried`);
}
