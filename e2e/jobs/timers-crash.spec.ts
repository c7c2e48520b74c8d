import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase } from '../../src/db/testing/pg-test.js';
import { scheduleJobs } from '../../src/jobs/index.js';

/*
 * "A timer set for next Tuesday fires next Tuesday even if the server was killed in
 * between": timers are pending when the real server is killed with SIGKILL; they fall due
 * while it is down; after the restart each fires exactly once (done, one attempt).
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
const BIN = join(import.meta.dirname, '../../bin/boomerang.mjs');
const TIMERS = 40;
// A real job type the server runs (idempotent: deletes week-old done jobs).
const TYPE = 'jobs.cleanup';

type Server = { process: ChildProcessWithoutNullStreams };

function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start', '--no-demo', '--port', '0'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/running at http/.test(seen)) resolve({ process: child });
    });
    child.once('exit', (code, signal) => reject(new Error(`start exited (${code ?? signal}): ${seen}`)));
  });
}

async function kill(server: Server, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill(signal);
  await exited;
}

async function crashTimers(handle: DatabaseHandle) {
  return handle.db
    .selectFrom('jobs')
    .select(['unique_key', 'state', 'attempts'])
    .where('type', '=', TYPE)
    .where('unique_key', 'like', 'crash-%')
    .orderBy('unique_key')
    .execute();
}

test('timers pending when the server is killed with SIGKILL each fire once after the restart', { timeout: 600_000 }, async () => {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-timers-'));
  const env: NodeJS.ProcessEnv = { ...process.env, BOOMERANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', BOOMERANG_ADMIN_PASSWORD: 'first-admin-password' };
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else delete env.DATABASE_URL;
  // PGlite admits one process: the test opens the data directory only while no server runs.
  const open = async () => {
    if (database.databaseUrl) return database;
    const handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    return handle;
  };
  const close = async (handle: DatabaseHandle) => {
    if (handle !== database) await handle.close();
  };
  try {
    let handle = await open();
    // A week ahead: pending for as long as the first server lives.
    await scheduleJobs(
      handle.db,
      Array.from({ length: TIMERS }, (_, n) => ({ type: TYPE, uniqueKey: `crash-${String(n).padStart(3, '0')}`, runAt: new Date(Date.now() + 7 * 86_400_000) })),
    );
    await close(handle);

    let server = await startServer(env);
    await sleep(1000);
    await kill(server, 'SIGKILL');

    handle = await open();
    const pending = await crashTimers(handle);
    assert.deepEqual(new Set(pending.map((job) => `${job.state}/${job.attempts}`)), new Set(['queued/0']), 'all pending at the kill');
    assert.equal(pending.length, TIMERS);
    // The week passes while the server is down: every timer is now overdue.
    await sql`UPDATE jobs SET run_at = now() - interval '1 second' WHERE type = ${TYPE} AND unique_key LIKE 'crash-%'`.execute(handle.db);
    await close(handle);

    server = await startServer(env);
    if (database.databaseUrl) {
      const deadline = Date.now() + 120_000;
      while ((await crashTimers(database)).some((job) => job.state !== 'done')) {
        if (Date.now() > deadline) assert.fail('timed out waiting for the timers to fire');
        await sleep(250);
      }
    } else {
      // The worker polls every second; give it a generous margin before stopping the server to look.
      await sleep(15_000);
    }
    await kill(server, 'SIGTERM');

    handle = await open();
    const fired = await crashTimers(handle);
    await close(handle);
    assert.equal(fired.length, TIMERS);
    assert.deepEqual(
      fired.filter((job) => job.state !== 'done' || job.attempts !== 1),
      [],
      'every timer done after exactly one attempt',
    );
  } finally {
    await database.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
