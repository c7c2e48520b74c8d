import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestClock, DAY_MS } from '../core/clock.js';
import { openDatabase } from '../db/client.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import {
  createJobRunner,
  jobsCleanupJob,
  listJobs,
  retryJob,
  scheduleJob,
  scheduleJobs,
  startJobWorker,
  type JobHandler,
} from './index.js';

let handle: TestDatabase;
before(async () => {
  handle = await createTestDatabase();
});
after(() => handle.close());
beforeEach(async () => {
  await handle.db.deleteFrom('jobs').execute();
});

const operator = { kind: 'operator' } as const;

/** A handler that records each run, so a test can count executions per job. */
function recordingHandler(type: string, overrides: Partial<JobHandler> = {}) {
  const runs: Array<{ payload: Record<string, unknown>; at: string; attempt: number }> = [];
  const handler: JobHandler = {
    type,
    run: async (job) => {
      runs.push({ payload: job.payload, at: job.clock.now().toISOString(), attempt: job.attempt });
    },
    ...overrides,
  };
  return { handler, runs };
}

describe('timers', () => {
  test('a timer set a week ahead fires when the clock has moved a week, not before', async () => {
    const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
    const { handler, runs } = recordingHandler('renewal.remind');
    const runner = createJobRunner({ db: handle.db, handlers: [handler], clock });
    await scheduleJob(
      handle.db,
      { type: 'renewal.remind', payload: { accountId: 'a1' }, runAt: new Date('2026-03-09T09:00:00Z') },
      clock,
    );

    clock.advance(6 * DAY_MS);
    assert.equal((await runner.runDue()).claimed, 0, 'six days on, the timer is not due');
    clock.advance(DAY_MS);
    assert.deepEqual(await runner.runDue(), { claimed: 1, done: 1, retried: 0, failed: 0 });
    assert.deepEqual(runs, [{ payload: { accountId: 'a1' }, at: '2026-03-09T09:00:00.000Z', attempt: 1 }]);

    clock.advance(7 * DAY_MS);
    assert.equal((await runner.runDue()).claimed, 0, 'a fired timer does not fire again');
    const { jobs } = await listJobs(handle.db, operator);
    assert.equal(jobs[0]!.state, 'done');
  });

  test("the running worker loop fires the week's timers once the clock moves a week", async () => {
    const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
    const { handler, runs } = recordingHandler('journey.step');
    const days = [1, 3, 5, 7, 9];
    await scheduleJobs(
      handle.db,
      days.map((day) => ({
        type: 'journey.step',
        payload: { day },
        runAt: new Date(clock.now().getTime() + day * DAY_MS),
      })),
      clock,
    );
    const worker = startJobWorker({ db: handle.db, handlers: [handler], clock, pollMs: 10 });
    try {
      clock.advance(7 * DAY_MS);
      worker.wake();
      await waitFor(() => runs.length === 4, 'four timers within the week to fire');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(runs.map((run) => run.payload.day).sort(), [1, 3, 5, 7], 'day 9 waits for its day');
    } finally {
      await worker.stop();
    }
  });
});

test('scheduling the same unique key twice keeps one job while it is pending, and allows a new one after it ran', async () => {
  const clock = createTestClock();
  const first = await scheduleJob(
    handle.db,
    { type: 'health.rescore', uniqueKey: 'account-1', payload: { n: 1 } },
    clock,
  );
  const second = await scheduleJob(
    handle.db,
    { type: 'health.rescore', uniqueKey: 'account-1', payload: { n: 2 } },
    clock,
  );
  const otherKey = await scheduleJob(handle.db, { type: 'health.rescore', uniqueKey: 'account-2' }, clock);
  assert.deepEqual([first.scheduled, second.scheduled, otherKey.scheduled], [true, false, true]);

  const { handler, runs } = recordingHandler('health.rescore');
  await createJobRunner({ db: handle.db, handlers: [handler], clock }).runDue();
  assert.deepEqual(
    runs.map((run) => run.payload).filter((payload) => payload.n),
    [{ n: 1 }],
    'the first one is kept',
  );
  const again = await scheduleJob(handle.db, { type: 'health.rescore', uniqueKey: 'account-1' }, clock);
  assert.equal(again.scheduled, true, 'once done, the key is free for the next run');
});

test('a throwing handler is retried with exponential backoff, ends failed with its error, and retry re-queues it', async () => {
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  let failing = true;
  const attemptsAt: string[] = [];
  const handler: JobHandler = {
    type: 'webhook.send',
    backoff: { baseMs: 60_000, maxMs: 3_600_000 },
    run: async (job) => {
      attemptsAt.push(job.clock.now().toISOString());
      if (failing) throw new Error(`endpoint answered 503 (attempt ${job.attempt})`);
    },
  };
  const runner = createJobRunner({ db: handle.db, handlers: [handler], clock });
  await scheduleJob(handle.db, { type: 'webhook.send', maxAttempts: 3 }, clock);

  assert.deepEqual(await runner.runDue(), { claimed: 1, done: 0, retried: 1, failed: 0 });
  let [job] = (await listJobs(handle.db, operator)).jobs;
  assert.equal(job!.state, 'queued');
  assert.equal(job!.runAt, '2026-03-02T09:01:00.000Z', 'first retry one minute later');
  assert.equal(job!.lastError, 'Error: endpoint answered 503 (attempt 1)');

  clock.advance(59_000);
  assert.equal((await runner.runDue()).claimed, 0, 'not before the backoff');
  clock.advance(1_000);
  assert.equal((await runner.runDue()).retried, 1);
  [job] = (await listJobs(handle.db, operator)).jobs;
  assert.equal(job!.runAt, '2026-03-02T09:03:00.000Z', 'second retry two minutes after the second failure');

  clock.advance(120_000);
  assert.deepEqual(await runner.runDue(), { claimed: 1, done: 0, retried: 0, failed: 1 });
  const failed = await listJobs(handle.db, operator, { state: 'failed' });
  assert.equal(failed.counts.failed, 1);
  assert.equal(failed.jobs[0]!.attempts, 3);
  assert.equal(failed.jobs[0]!.lastError, 'Error: endpoint answered 503 (attempt 3)');
  clock.advance(DAY_MS);
  assert.equal((await runner.runDue()).claimed, 0, 'a failed job stays failed');
  assert.deepEqual(attemptsAt, ['2026-03-02T09:00:00.000Z', '2026-03-02T09:01:00.000Z', '2026-03-02T09:03:00.000Z']);

  failing = false;
  const retried = await retryJob(handle.db, operator, failed.jobs[0]!.id, clock);
  assert.equal(retried.state, 'queued');
  assert.equal(retried.attempts, 0);
  assert.deepEqual(await runner.runDue(), { claimed: 1, done: 1, retried: 0, failed: 0 });
  await assert.rejects(
    retryJob(handle.db, operator, retried.id, clock),
    { code: 'conflict' },
    'a done job cannot be retried',
  );
});

test('a workspace admin sees and retries only its own jobs and the system jobs', async () => {
  const clock = createTestClock();
  const mine = await createWorkspace(handle.db, 'Jobs mine');
  const theirs = await createWorkspace(handle.db, 'Jobs theirs');
  const boom: JobHandler = { type: 'export.build', run: async () => Promise.reject(new Error('disk full')) };
  await scheduleJobs(
    handle.db,
    [
      { type: 'export.build', workspaceId: mine.id, maxAttempts: 1 },
      { type: 'export.build', workspaceId: theirs.id, maxAttempts: 1 },
      { type: 'export.build', workspaceId: null, maxAttempts: 1 },
    ],
    clock,
  );
  await createJobRunner({ db: handle.db, handlers: [boom], clock }).runDue();
  const scope = { kind: 'workspace', workspaceId: mine.id } as const;
  const seen = await listJobs(handle.db, scope);
  assert.deepEqual(seen.jobs.map((job) => job.workspaceId).sort(), [mine.id, null].sort());
  assert.equal(seen.counts.failed, 2);
  const other = (await listJobs(handle.db, operator)).jobs.find((job) => job.workspaceId === theirs.id)!;
  await assert.rejects(retryJob(handle.db, scope, other.id, clock), { code: 'not_found' });
  await assert.rejects(retryJob(handle.db, scope, 'not-a-uuid', clock), { code: 'validation_failed' });
});

test('a recurring job keeps one run scheduled and schedules the next after each run', async () => {
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  const { handler, runs } = recordingHandler('usage.tick', { everyMs: 10_000 });
  const runner = createJobRunner({ db: handle.db, handlers: [handler], clock });
  await runner.scheduleRecurring();
  await runner.scheduleRecurring();
  assert.equal((await runner.runDue()).done, 1, 'two starts keep one recurring job');
  clock.advance(9_000);
  assert.equal((await runner.runDue()).claimed, 0);
  clock.advance(1_000);
  assert.equal((await runner.runDue()).done, 1);
  assert.deepEqual(
    runs.map((run) => run.at),
    ['2026-03-02T09:00:00.000Z', '2026-03-02T09:00:10.000Z'],
  );
  const { counts } = await listJobs(handle.db, operator);
  assert.deepEqual(counts, { queued: 1, running: 0, done: 2, failed: 0 });
});

test('jobs.cleanup deletes done jobs a week old by the clock, and keeps failed and recent ones', async () => {
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  const { handler } = recordingHandler('report.send');
  const boom: JobHandler = { type: 'report.fail', run: () => Promise.reject(new Error('no recipients')) };
  await scheduleJobs(handle.db, [{ type: 'report.send' }, { type: 'report.fail', maxAttempts: 1 }], clock);
  await createJobRunner({ db: handle.db, handlers: [handler, boom], clock }).runDue();
  clock.advance(6 * DAY_MS);
  await scheduleJobs(handle.db, [{ type: 'report.send' }, { type: 'jobs.cleanup' }], clock);
  const runner = createJobRunner({ db: handle.db, handlers: [handler, jobsCleanupJob], clock });
  const reports = async () =>
    (await listJobs(handle.db, operator)).jobs
      .filter((job) => job.type.startsWith('report.'))
      .map((job) => [job.type, job.state]);
  await runner.runDue();
  assert.equal((await reports()).length, 3, 'six days on, nothing is old enough');
  clock.advance(DAY_MS + 1);
  await scheduleJob(handle.db, { type: 'jobs.cleanup' }, clock);
  await runner.runDue();
  assert.deepEqual((await reports()).sort(), [
    ['report.fail', 'failed'],
    ['report.send', 'done'],
  ]);
});

test('a job whose worker died is taken over once its lease lapses', async () => {
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  await scheduleJob(handle.db, { type: 'score.account' }, clock);
  // The dead worker: it claimed the job (state running) and never finished it.
  const dead = createJobRunner({
    db: handle.db,
    handlers: [{ type: 'score.account', run: () => new Promise(() => {}) }],
    clock,
    leaseMs: 60_000,
  });
  void dead.runOnce();
  await waitFor(async () => (await listJobs(handle.db, operator)).counts.running === 1, 'the claim');

  const { handler, runs } = recordingHandler('score.account');
  const alive = createJobRunner({ db: handle.db, handlers: [handler], clock, leaseMs: 60_000 });
  assert.equal((await alive.runDue()).claimed, 0, 'held while the lease runs');
  clock.advance(60_001);
  assert.equal((await alive.runDue()).done, 1);
  assert.deepEqual(
    runs.map((run) => run.attempt),
    [2],
  );
});

test('two workers with their own connections run each of 2,000 jobs exactly once', async () => {
  const second = handle.databaseUrl ? await openDatabase({ databaseUrl: handle.databaseUrl, poolSize: 4 }) : handle;
  try {
    const count = 2000;
    await scheduleJobs(
      handle.db,
      Array.from({ length: count }, (_, n) => ({ type: 'count.me', payload: { n } })),
    );
    const executions = new Map<number, number>();
    const byWorker = [0, 0];
    const handlerFor = (worker: number): JobHandler => ({
      type: 'count.me',
      run: async (job) => {
        const n = job.payload.n as number;
        executions.set(n, (executions.get(n) ?? 0) + 1);
        byWorker[worker]! += 1;
        // A real await, so the two workers' claims interleave.
        await sql`select 1`.execute(job.db);
      },
    });
    const workers = [
      startJobWorker({ db: handle.db, handlers: [handlerFor(0)], batchSize: 25, pollMs: 5 }),
      startJobWorker({ db: second.db, handlers: [handlerFor(1)], batchSize: 25, pollMs: 5 }),
    ];
    await waitFor(() => executions.size === count, 'all jobs to run', 60_000);
    await Promise.all(workers.map((worker) => worker.stop()));
    const twice = [...executions.values()].filter((runs) => runs > 1).length;
    assert.equal(twice, 0, 'no job ran twice');
    assert.equal((await listJobs(handle.db, operator)).counts.done, count);
    if (handle.databaseUrl)
      assert.ok(byWorker[0]! > 0 && byWorker[1]! > 0, `both workers took jobs: ${byWorker.join(' / ')}`);
  } finally {
    if (second !== handle) await second.close();
  }
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
