import { createJobRunner, type JobRunner, type JobRunnerOptions, type RunTotals } from './job-runner.js';

export type JobWorkerOptions = JobRunnerOptions & {
  /** Pause between claims when nothing was due. */
  pollMs?: number;
};

export type JobWorker = {
  readonly runner: JobRunner;
  /** Look for due jobs now rather than at the next poll (jobs scheduled in this process call it). */
  wake(): void;
  /** Finishes the batch in hand, then stops claiming. */
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
 * Runs due jobs until stopped: claims a batch, runs it, and claims again at once while
 * batches come back full; otherwise sleeps `pollMs` or until woken. A failing claim (the
 * database restarting) is logged and tried again at the next poll.
 *
 * @example
 *   const worker = startJobWorker({ db, handlers: [usageRollupJob], logger });
 *   process.once('SIGTERM', () => void worker.stop());
 */
export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const { pollMs = 1000, logger } = options;
  const stopping = new AbortController();
  const runner = createJobRunner({ ...options, signal: stopping.signal });
  const sum: RunTotals = { claimed: 0, done: 0, retried: 0, failed: 0 };
  let stopped = false;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  let wokenWhileBusy = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeping = { timer: setTimeout(resolve, ms), resolve };
    }).finally(() => (sleeping = undefined));

  const loop = async () => {
    try {
      await runner.scheduleRecurring();
    } catch (error) {
      logger?.error({ err: error }, 'could not schedule the recurring jobs; the next start will');
    }
    while (!stopped) {
      wokenWhileBusy = false;
      let full = false;
      try {
        const step = await runner.runOnce();
        sum.claimed += step.claimed;
        sum.done += step.done;
        sum.retried += step.retried;
        sum.failed += step.failed;
        full = step.claimed >= (options.batchSize ?? 100);
      } catch (error) {
        logger?.error({ err: error }, 'claiming jobs failed; trying again at the next poll');
      }
      if (!stopped && !full && !wokenWhileBusy) await sleep(pollMs);
    }
  };

  const worker: JobWorker = {
    runner,
    wake() {
      if (!sleeping) {
        wokenWhileBusy = true;
        return;
      }
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
  const done = loop();
  return worker;
}
