import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, JobsTable, JobState } from '../db/schema.js';

type Conn = Kysely<Database>;

export type JobRow = Selectable<JobsTable>;

export type NewJob = {
  workspaceId: string | null;
  type: string;
  payload: Record<string, unknown>;
  uniqueKey: string | null;
  runAt: Date;
  maxAttempts: number;
  now: Date;
};

/**
 * Inserts jobs in one statement; a job whose (type, unique key) is already queued or running
 * is skipped (the partial unique index), so scheduling twice keeps one. Returns the ids of
 * the jobs inserted, in no particular order.
 */
export async function insertJobs(db: Conn, jobs: NewJob[]): Promise<string[]> {
  if (jobs.length === 0) return [];
  const rows = await db
    .insertInto('jobs')
    .values(
      jobs.map((job) => ({
        workspace_id: job.workspaceId,
        type: job.type,
        payload: JSON.stringify(job.payload),
        unique_key: job.uniqueKey,
        run_at: job.runAt,
        max_attempts: job.maxAttempts,
        created_at: job.now,
        updated_at: job.now,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['type', 'unique_key'])
        .where('unique_key', 'is not', null)
        .where('state', 'in', ['queued', 'running'])
        .doNothing(),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Claims up to `limit` jobs: queued ones that are due, and running ones whose lease lapsed
 * (their worker died) with attempts left. `FOR UPDATE SKIP LOCKED` lets any number of
 * workers claim at once without waiting on, or taking, each other's rows; the attempt is
 * counted at the claim so a job that kills its worker still runs out of attempts.
 */
export async function claimDueJobs(
  db: Conn,
  claim: { workerId: string; now: Date; leaseUntil: Date; limit: number; types: string[] },
) {
  if (claim.types.length === 0) return [];
  const result = await sql<JobRow>`
    UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ${claim.workerId},
      locked_until = ${claim.leaseUntil}, updated_at = ${claim.now}
    WHERE id IN (
      SELECT id FROM jobs
      WHERE type = ANY(${claim.types}::text[])
        AND ((state = 'queued' AND run_at <= ${claim.now})
          OR (state = 'running' AND locked_until < ${claim.now} AND attempts < max_attempts))
      ORDER BY run_at, id
      LIMIT ${claim.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return result.rows;
}

/** Running jobs whose worker died on their last attempt end failed, so they show up. */
export async function failAbandonedJobs(db: Conn, now: Date): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'failed',
      last_error: 'the worker stopped (lease lapsed) on the last attempt',
      locked_by: null,
      locked_until: null,
      updated_at: now,
      finished_at: now,
    })
    .where('state', '=', 'running')
    .where('locked_until', '<', now)
    .where(sql<boolean>`attempts >= max_attempts`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Marks jobs done, but only those this worker still holds: a job whose lease lapsed and
 * was claimed by another worker is not overwritten. Returns the ids marked.
 */
export async function markJobsDone(db: Conn, workerId: string, ids: string[], now: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('jobs')
    .set({ state: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: now, finished_at: now })
    .where('id', 'in', ids)
    .where('state', '=', 'running')
    .where('locked_by', '=', workerId)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** After a failed attempt: queued again at `retryAt`, or failed for good when `retryAt` is null. */
export async function markJobAttemptFailed(
  db: Conn,
  failure: { workerId: string; id: string; error: string; retryAt: Date | null; now: Date },
) {
  const state: JobState = failure.retryAt ? 'queued' : 'failed';
  const result = await db
    .updateTable('jobs')
    .set({
      state,
      last_error: failure.error,
      run_at: failure.retryAt ?? sql<Date>`run_at`,
      locked_by: null,
      locked_until: null,
      updated_at: failure.now,
      finished_at: failure.retryAt ? null : failure.now,
    })
    .where('id', '=', failure.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', failure.workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A failed job queued again now with a fresh set of attempts; undefined when it is not failed. */
export async function requeueFailedJob(db: Conn, query: { id: string; workspaceId?: string | null; now: Date }) {
  let update = db
    .updateTable('jobs')
    .set({ state: 'queued', attempts: 0, run_at: query.now, updated_at: query.now, finished_at: null })
    .where('id', '=', query.id)
    .where('state', '=', 'failed');
  if (query.workspaceId !== undefined) update = update.where(scopeToWorkspace(query.workspaceId));
  return update.returningAll().executeTakeFirst();
}

/** Admins of a workspace see its jobs and the system jobs (no workspace), never another workspace's. */
function scopeToWorkspace(workspaceId: string | null) {
  return sql<boolean>`(workspace_id IS NULL OR workspace_id = ${workspaceId})`;
}

export async function findJobById(db: Conn, id: string, workspaceId?: string | null) {
  let select = db.selectFrom('jobs').selectAll().where('id', '=', id);
  if (workspaceId !== undefined) select = select.where(scopeToWorkspace(workspaceId));
  return select.executeTakeFirst();
}

/** Newest first; `workspaceId` undefined lists every workspace's (the operator's CLI). */
export async function findJobs(db: Conn, query: { workspaceId?: string | null; states?: JobState[]; limit: number }) {
  let select = db.selectFrom('jobs').selectAll();
  if (query.workspaceId !== undefined) select = select.where(scopeToWorkspace(query.workspaceId));
  if (query.states) select = select.where('state', 'in', query.states);
  return select.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

export async function countJobsByState(db: Conn, workspaceId?: string | null) {
  let select = db
    .selectFrom('jobs')
    .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('state');
  if (workspaceId !== undefined) select = select.where(scopeToWorkspace(workspaceId));
  return select.execute();
}

/** Done jobs older than `before` go; failed ones stay until retried or looked at. */
export async function deleteFinishedJobs(db: Conn, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('state', '=', 'done')
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
