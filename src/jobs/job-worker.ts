import {
  countOutcome,
  createJobRunner,
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONCURRENCY,
  type JobRunner,
  type JobRunnerOptions,
  type RunTotals,
} from './job-runner.js';
import type { JobRow } from './jobs.repository.js';

export type JobWorkerOptions = JobRunnerOptions & {
  /** Pause between claims when nothing was due. */
  pollMs?: number;
};

export type JobWorker = {
  readonly runner: JobRunner;
  /** Look for due jobs now rather than at the next poll (jobs scheduled in this process call it). */
  wake(): void;
  /** Stops claiming, finishes the jobs it claimed, then resolves. */
  stop(): Promise<void>;
  totals(): RunTotals;
};

// In-process workers, woken when this process schedules a job so that a job due now does not
// wait out the poll. Other processes find it at their next poll.
const running = new Set<JobWorker>();

export function wakeJobWorkers(): void {
  for (const worker of running) worker.wake();
}

/**
 * Runs due jobs until stopped in `concurrency` lanes. A lane with nothing in hand takes the
 * next claimed job, claiming a batch when none is left, so one long job (a nightly recompute,
 * a model fit) holds one lane, not the worker: the others go on claiming. With nothing due a
 * lane sleeps `pollMs` or until woken. A failing claim (the database restarting) is logged
 * and tried again at the next poll.
 *
 * @example
 *   const worker = startJobWorker({ db, handlers: [usageRollupJob], logger });
 *   process.once('SIGTERM', () => void worker.stop());
 */
export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const { pollMs = 1000, logger, batchSize = DEFAULT_BATCH_SIZE, concurrency = DEFAULT_CONCURRENCY } = options;
  const stopping = new AbortController();
  const runner = createJobRunner({ ...options, signal: stopping.signal });
  const sum: RunTotals = { claimed: 0, done: 0, retried: 0, failed: 0 };
  const claimed: JobRow[] = [];
  let stopped = false;
  let claiming: Promise<void> | undefined;
  let wokenSinceClaim = false;
  let sleeping: { promise: Promise<void>; timer: NodeJS.Timeout; resolve: () => void } | undefined;

  const sleep = (): Promise<void> => {
    if (!sleeping) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done)).finally(() => (sleeping = undefined));
      sleeping = { promise, resolve, timer: setTimeout(resolve, pollMs) };
    }
    return sleeping.promise;
  };

  // One claim at a time for all lanes. A wake that arrives after a claim began may concern a
  // job that claim did not see, so the lanes claim again instead of sleeping.
  const claimMore = () =>
    (claiming ??= (async () => {
      wokenSinceClaim = false;
      try {
        const jobs = await runner.claim(batchSize);
        sum.claimed += jobs.length;
        claimed.push(...jobs);
      } catch (error) {
        logger?.error({ err: error }, 'claiming jobs failed; trying again at the next poll');
      }
    })().finally(() => (claiming = undefined)));

  // A stopping worker still runs what it claimed (its leases would hold those jobs from
  // other workers) but claims nothing more.
  const lane = async () => {
    for (;;) {
      const job = claimed.shift();
      if (job) {
        countOutcome(sum, await runner.run(job));
        continue;
      }
      if (stopped) return;
      await claimMore();
      if (claimed.length === 0 && !stopped && !wokenSinceClaim) await sleep();
    }
  };

  const start = async () => {
    try {
      await runner.scheduleRecurring();
    } catch (error) {
      logger?.error({ err: error }, 'could not schedule the recurring jobs; the next start will');
    }
    await Promise.all(Array.from({ length: concurrency }, lane));
  };

  const worker: JobWorker = {
    runner,
    wake() {
      wokenSinceClaim = true;
      if (!sleeping) return;
      clearTimeout(sleeping.timer);
      sleeping.resolve();
    },
    async stop() {
      stopped = true;
      stopping.abort();
      running.delete(worker);
      worker.wake();
      await done;
    },
    totals: () => ({ ...sum }),
  };
  running.add(worker);
  const done = start();
  return worker;
}
