import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import {
  claimDueJobs,
  failAbandonedJobs,
  insertJobs,
  markJobAttemptFailed,
  markJobsDone,
  type JobRow,
  type NewJob,
} from './jobs.repository.js';
import { DEFAULT_BACKOFF, retryDelayMs, type Backoff } from './retry-delay.js';

export type JobContext = {
  id: string;
  type: string;
  workspaceId: string | null;
  payload: Record<string, unknown>;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
  /** The attempt after which a failure is final: a handler records a visible failure on its own rows then. */
  maxAttempts: number;
  db: Kysely<Database>;
  clock: Clock;
  logger?: Logger;
  /** Aborted when the worker stops: a long handler should end its loop at a safe point. */
  signal: AbortSignal;
};

/**
 * What runs a job type. A handler may run more than once for one job (its worker dies after
 * the work and before the done mark, or outlives its lease), so its effects must be
 * idempotent: upserts, recomputation, or a check of what it already did.
 */
export type JobHandler = {
  type: string;
  run(job: JobContext): Promise<void>;
  /** Attempts of the recurring job (others carry theirs from `scheduleJob`, default 5). */
  maxAttempts?: number;
  backoff?: Backoff;
  /** A recurring system job: one is kept scheduled, and each run schedules the next this long after it. */
  everyMs?: number;
};

export const RECURRING_KEY = 'recurring';

export type JobRunnerOptions = {
  db: Kysely<Database>;
  handlers: JobHandler[];
  clock?: Clock;
  logger?: Logger;
  /** Identifies this worker in `locked_by` (default: host, pid and a random suffix). */
  workerId?: string;
  /** Jobs per claim. */
  batchSize?: number;
  /** Handlers run at once within a batch. */
  concurrency?: number;
  /** How long a claim holds a job before another worker may take it over. */
  leaseMs?: number;
  /** Passed to handlers; aborted by the worker's stop(). */
  signal?: AbortSignal;
};

export type RunTotals = { claimed: number; done: number; retried: number; failed: number };

/** How one run of a claimed job ended; `lost` when its lease lapsed and another worker took it. */
export type JobOutcome = 'done' | 'retried' | 'failed' | 'lost';

export function countOutcome(totals: RunTotals, outcome: JobOutcome): void {
  if (outcome !== 'lost') totals[outcome] += 1;
}

export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_CONCURRENCY = 4;

export type JobRunner = {
  readonly workerId: string;
  /** Claims up to `limit` due jobs (and any whose lease lapsed) for this worker. */
  claim(limit: number): Promise<JobRow[]>;
  /** Runs one claimed job and records how it ended. */
  run(job: JobRow): Promise<JobOutcome>;
  /** Claims one batch of due jobs and runs it. */
  runOnce(): Promise<RunTotals>;
  /** Runs batches until nothing is due at the clock's present time (tests drain with it). */
  runDue(): Promise<RunTotals>;
  /** Makes sure each recurring handler has a job scheduled. */
  scheduleRecurring(): Promise<void>;
};

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

async function runWithConcurrency<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Claims and runs jobs against the database. The claim is one statement with
 * `FOR UPDATE SKIP LOCKED`, so any number of runners in any number of processes share the
 * table and each job runs once; see jobs.repository.ts for the lease that recovers jobs
 * of a worker that died.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, logger, clock = systemClock, batchSize = DEFAULT_BATCH_SIZE, concurrency = DEFAULT_CONCURRENCY, leaseMs = 5 * 60_000 } = options;
  const workerId = options.workerId ?? defaultWorkerId();
  const signal = options.signal ?? new AbortController().signal;
  const handlers = new Map(options.handlers.map((handler) => [handler.type, handler]));
  if (handlers.size !== options.handlers.length) throw new Error('two job handlers share a type');
  const types = [...handlers.keys()];

  const nextRecurring = (handler: JobHandler, now: Date): NewJob => ({
    workspaceId: null,
    type: handler.type,
    payload: {},
    uniqueKey: RECURRING_KEY,
    runAt: new Date(now.getTime() + (handler.everyMs ?? 0)),
    maxAttempts: handler.maxAttempts ?? 5,
    now,
  });

  const claim = async (limit: number): Promise<JobRow[]> => {
    const now = clock.now();
    await failAbandonedJobs(db, now);
    return claimDueJobs(db, { workerId, now, leaseUntil: new Date(now.getTime() + leaseMs), limit, types });
  };

  // Each job is marked done (and its recurrence scheduled) as soon as it ends, in its own
  // transaction: a long job must not hold back the marks of short ones claimed with it, or
  // their leases could lapse and another worker run them again.
  const run = async (job: JobRow): Promise<JobOutcome> => {
    const handler = handlers.get(job.type)!;
    try {
      await handler.run({
        id: job.id,
        type: job.type,
        workspaceId: job.workspace_id,
        payload: job.payload,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        db,
        clock,
        logger,
        signal,
      });
    } catch (error) {
      const finishedAt = clock.now();
      const final = job.attempts >= job.max_attempts;
      const retryAt = final
        ? null
        : new Date(finishedAt.getTime() + retryDelayMs(job.attempts, handler.backoff ?? DEFAULT_BACKOFF));
      await inTransaction(db, async (trx) => {
        const held = await markJobAttemptFailed(trx, {
          workerId,
          id: job.id,
          error: describeError(error),
          retryAt,
          now: finishedAt,
        });
        if (held && final && handler.everyMs !== undefined) await insertJobs(trx, [nextRecurring(handler, finishedAt)]);
      });
      logger?.warn(
        { err: error, jobId: job.id, type: job.type, attempt: job.attempts, retryAt },
        final ? 'job failed for good' : 'job failed; retrying',
      );
      return final ? 'failed' : 'retried';
    }
    const finishedAt = clock.now();
    // The next run of a recurring job is scheduled in the done mark's transaction, so a crash
    // cannot lose the recurrence.
    const held = await inTransaction(db, async (trx) => {
      const marked = await markJobsDone(trx, workerId, [job.id], finishedAt);
      if (marked.length > 0 && handler.everyMs !== undefined) await insertJobs(trx, [nextRecurring(handler, finishedAt)]);
      return marked.length > 0;
    });
    if (held) return 'done';
    logger?.warn({ jobId: job.id, type: job.type }, 'the job outlived its lease; another worker took it over');
    return 'lost';
  };

  const runOnce = async (): Promise<RunTotals> => {
    const jobs = await claim(batchSize);
    const totals: RunTotals = { claimed: jobs.length, done: 0, retried: 0, failed: 0 };
    await runWithConcurrency(jobs, concurrency, async (job) => countOutcome(totals, await run(job)));
    return totals;
  };

  return {
    workerId,
    claim,
    run,
    runOnce,
    async runDue() {
      const sum: RunTotals = { claimed: 0, done: 0, retried: 0, failed: 0 };
      for (;;) {
        const step = await runOnce();
        sum.claimed += step.claimed;
        sum.done += step.done;
        sum.retried += step.retried;
        sum.failed += step.failed;
        if (step.claimed === 0) return sum;
      }
    },
    async scheduleRecurring() {
      const now = clock.now();
      const recurring = options.handlers.filter((handler) => handler.everyMs !== undefined);
      await insertJobs(
        db,
        recurring.map((handler) => ({ ...nextRecurring(handler, now), runAt: now })),
      );
    },
  };
}
