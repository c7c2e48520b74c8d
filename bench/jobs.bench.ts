import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { scheduleJobs, startJobWorker, type RunTotals } from '../src/jobs/index.js';
import { createBenchDatabase, type BackendName } from './lib/backends.js';
import { BENCH_TIMER_TYPE, benchTimerHandler, createRunsTable } from './lib/job-timer.js';
import { log } from './lib/progress.js';
import { summarize } from './lib/stats.js';
import type { BenchOptions, BenchRun, Benchmark } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TIMERS = 10_000;
const QUICK_TIMERS = 2_000;
/** Workers on PostgreSQL, each its own process (issue 10: "two `boomerang worker` processes"). */
const POSTGRES_WORKERS = 2;
/** Long enough to schedule every timer before they come due. */
const LEAD_MS = 8_000;

type Worker = { name: string; stop(): Promise<RunTotals> };

function forkWorker(databaseUrl: string, schema: string, name: string): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(join(HERE, 'lib', 'job-worker-process.ts'), [databaseUrl, schema, name], {
      execArgv: ['--import', 'tsx'],
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('message', () =>
      resolve({
        name,
        stop: () =>
          new Promise((done) => {
            child.once('message', (message) => done((message as { totals: RunTotals }).totals));
            child.send('stop');
          }),
      }),
    );
  });
}

/**
 * 10,000 timers due within the same minute: how long until all have fired, how late each
 * fired after its run-at time, and how many ran more than once (must be 0). On PostgreSQL
 * two worker processes share them; on PGlite (one process per data directory) the worker
 * runs in the benchmark's own process, as `boomerang start` runs it.
 */
async function run({ backend, options }: { backend: BackendName; options: BenchOptions }): Promise<BenchRun> {
  const timers = options.quick ? QUICK_TIMERS : TIMERS;
  const database = await createBenchDatabase(backend, options.databaseUrl);
  const { db } = database.handle;
  try {
    await createRunsTable(db);
    // The workers first, so they are polling when the timers come due.
    const workers: Worker[] = [];
    if (backend === 'postgres') {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
      for (let n = 1; n <= POSTGRES_WORKERS; n += 1) workers.push(await forkWorker(options.databaseUrl, rows[0]!.schema, `worker-${n}`));
    } else {
      const inProcess = startJobWorker({ db, handlers: [benchTimerHandler('in-process')], pollMs: 200, batchSize: 100, concurrency: 4, workerId: 'in-process' });
      workers.push({ name: 'in-process', stop: async () => (await inProcess.stop(), inProcess.totals()) });
    }

    // All due in the same minute: spread over its first second so the claim order is by run_at.
    const dueAt = new Date(Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000);
    const scheduleStarted = performance.now();
    for (let start = 0; start < timers; start += 1000) {
      await scheduleJobs(
        db,
        Array.from({ length: Math.min(1000, timers - start) }, (_, n) => ({
          type: BENCH_TIMER_TYPE,
          payload: { n: start + n },
          uniqueKey: `timer-${start + n}`,
          runAt: new Date(dueAt.getTime() + ((start + n) % 1000)),
        })),
      );
    }
    const scheduleSeconds = (performance.now() - scheduleStarted) / 1000;
    log(`${backend}: scheduled ${timers} timers in ${scheduleSeconds.toFixed(2)} s, due at ${dueAt.toISOString()}`);

    if (Date.now() > dueAt.getTime()) log('warning: scheduling ended after the timers came due; raise LEAD_MS');

    const deadline = Date.now() + 15 * 60_000;
    let done = 0;
    while (done < timers) {
      if (Date.now() > deadline) throw new Error(`only ${done} of ${timers} timers fired within 15 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from jobs where state = 'done'`.execute(db);
      done = Number(rows[0]!.n);
    }
    const allFiredAt = Date.now();
    const totals = await Promise.all(workers.map(async (worker) => ({ worker: worker.name, ...(await worker.stop()) })));

    const { rows: counts } = await sql<{ runs: number; distinct_jobs: number }>`
      select count(*)::int as runs, count(distinct job_id)::int as distinct_jobs from bench_job_runs`.execute(db);
    const { rows: lateness } = await sql<{ ms: number }>`
      select extract(epoch from (r.ran_at - j.run_at)) * 1000 as ms from bench_job_runs r join jobs j on j.id = r.job_id`.execute(db);
    const runs = Number(counts[0]!.runs);
    const duplicates = runs - Number(counts[0]!.distinct_jobs);
    const firstDue = dueAt.getTime();
    const result = {
      backend,
      timers,
      workers: totals,
      scheduleSeconds: Math.round(scheduleSeconds * 100) / 100,
      // From the first timer's run-at time to the moment every timer was done.
      fireAllSeconds: Math.round((allFiredAt - firstDue) / 10) / 100,
      timersPerSecond: Math.round(timers / ((allFiredAt - firstDue) / 1000)),
      executions: runs,
      duplicates,
      latenessMs: summarize(lateness.map((row) => Number(row.ms))),
    };
    return {
      result,
      summary: [
        `jobs on ${backend}: ${timers} timers due in one minute fired in ${result.fireAllSeconds} s by ${totals.length} worker(s) (${result.timersPerSecond}/s), ${duplicates} duplicates; lateness p50 ${result.latenessMs.p50} ms, p99 ${result.latenessMs.p99} ms`,
      ],
    };
  } finally {
    await database.dispose();
  }
}

export const jobsBenchmark: Benchmark = {
  name: 'jobs',
  description: '10,000 timers due in the same minute: time until all fired, lateness, and duplicates (2 worker processes on PostgreSQL)',
  run,
};
