import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openDatabase } from '../db/client.js';
import { migrateToLatest } from '../db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createJobRunner, scheduleJobs } from '../jobs/index.js';
import { BIN } from './testing/spawn-server.js';

let dataDir: string;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;
const boomerang = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
const lastLineJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'boomerang-jobs-'));
  database = await createTestDatabase();
  if (!database.databaseUrl) await database.close();
  env = { ...process.env, BOOMERANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else delete env.DATABASE_URL;
});
after(async () => {
  if (database.databaseUrl) await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One job that fails for good and one still queued, written the way a worker would. */
async function seedJobs() {
  const handle = database.databaseUrl ? await openDatabase({ databaseUrl: database.databaseUrl }) : await openDatabase({ dataDir });
  try {
    await migrateToLatest(handle.db);
    await scheduleJobs(handle.db, [
      { type: 'webhook.send', maxAttempts: 1, payload: { url: 'https://example.test/hook' } },
      { type: 'report.email', runAt: new Date(Date.now() + 86_400_000) },
    ]);
    const runner = createJobRunner({
      db: handle.db,
      handlers: [{ type: 'webhook.send', run: () => Promise.reject(new Error('endpoint answered 503')) }],
    });
    await runner.runDue();
  } finally {
    await handle.close();
  }
}

test('boomerang jobs lists jobs as JSON, --failed only the failed ones with their error, and jobs retry re-queues one', async () => {
  await seedJobs();
  const all = boomerang('jobs');
  assert.equal(all.status, 0, all.stderr);
  const listed = lastLineJson(all.stdout) as { jobs: Array<{ type: string; state: string }>; counts: Record<string, number> };
  assert.deepEqual(listed.jobs.map((job) => [job.type, job.state]).sort(), [
    ['report.email', 'queued'],
    ['webhook.send', 'failed'],
  ]);
  assert.equal(listed.counts.failed, 1);
  assert.equal(listed.counts.queued, 1);

  const failed = boomerang('jobs', '--failed');
  assert.equal(failed.status, 0, failed.stderr);
  const failedJobs = (lastLineJson(failed.stdout) as { jobs: Array<{ id: string; type: string; lastError: string; attempts: number }> }).jobs;
  assert.equal(failedJobs.length, 1);
  assert.equal(failedJobs[0]!.lastError, 'Error: endpoint answered 503');
  assert.match(failed.stderr, /webhook\.send .*endpoint answered 503/);

  const retried = boomerang('jobs', 'retry', failedJobs[0]!.id);
  assert.equal(retried.status, 0, retried.stderr);
  const job = (lastLineJson(retried.stdout) as { job: { id: string; state: string; attempts: number } }).job;
  assert.deepEqual([job.id, job.state, job.attempts], [failedJobs[0]!.id, 'queued', 0]);

  const again = boomerang('jobs', 'retry', failedJobs[0]!.id);
  assert.equal(again.status, 4, 'a queued job cannot be retried: conflict');
  assert.match(again.stderr, /is queued; only a failed job can be retried/);
  assert.equal(boomerang('jobs', 'retry', randomUUID()).status, 3, 'unknown id: not found');
});
