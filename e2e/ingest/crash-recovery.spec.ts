import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createTestDatabase } from '../../src/db/testing/pg-test.js';
import { removeWhenProcessExits } from '../../src/db/testing/remove-at-exit.js';
import { TEST_SECRET_KEY } from '../../src/cli/testing/spawn-server.js';
import { deleteTestStream, natsSkipReason, testNatsConfig } from '../../src/event-stream/testing/nats-test.js';

/*
 * "Nothing a sender was told is stored may be lost, nothing counted twice": clients send
 * batches to the real server, it is killed with SIGKILL mid-stream and started again on
 * the same data, the clients retry what was not answered, and every acknowledged event
 * must be stored exactly once. Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
const BIN = join(import.meta.dirname, '../../bin/boomerang.mjs');
const CLIENTS = 4;
const EVENTS_PER_BATCH = 20;
const SEND_BEFORE_KILL_MS = 3000;

type Server = { url: string; process: ChildProcessWithoutNullStreams };

/** `boomerang start` or `boomerang worker`, resolved once it says it is ready. */
function startProcess(options: { args: string[]; env: NodeJS.ProcessEnv; ready: RegExp }): Promise<Server> {
  const child = spawn(process.execPath, [BIN, ...options.args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(options.ready);
      if (match) resolve({ url: (match[1] ?? '').replace('localhost', '127.0.0.1'), process: child });
    });
    child.once('exit', (code, signal) => reject(new Error(`${options.args[0]} exited (${code ?? signal}): ${seen}`)));
  });
}

const startServer = (env: NodeJS.ProcessEnv) => startProcess({ args: ['start', '--no-demo', '--port', '0'], env, ready: /running at (http:\/\/\S+)/ });
const startWorker = (env: NodeJS.ProcessEnv) => startProcess({ args: ['worker'], env, ready: /Worker consuming/ });

const exited = (server: Server) => new Promise((resolve) => server.process.once('exit', resolve));

async function send(options: { url: string; writeKey: string; ids: string[] }): Promise<number> {
  const response = await fetch(`${options.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}` },
    body: JSON.stringify({ batch: options.ids.map((messageId) => ({ type: 'track', event: 'Crash Tested', userId: messageId.split('-')[0], messageId })) }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function storedCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('events')
    .select(['message_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event', '=', 'Crash Tested')
    .groupBy('message_id')
    .execute();
  return new Map(rows.map((row) => [row.message_id, Number(row.n)]));
}

async function acceptedCount(db: Db): Promise<number> {
  const row = await db.selectFrom('source_daily_stats').select((eb) => eb.fn.sum<number>('accepted').as('n')).executeTakeFirstOrThrow();
  return Number(row.n ?? 0);
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function kill(process: Server | undefined, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (!process || process.process.exitCode !== null || process.process.signalCode !== null) return;
  const done = exited(process);
  process.process.kill(signal);
  await done;
}

const natsSkip = await natsSkipReason({ ci: process.env.CI === 'true' });

/**
 * Direct mode: a 200 means committed. Scale-out mode: a 200 means JetStream has it, and the
 * worker (the server itself on PGlite, a `boomerang worker` killed alongside on PostgreSQL)
 * must store it after the restart.
 */
for (const mode of ['direct', 'nats'] as const) {
  test(`kill -9 while clients send (${mode}): every acknowledged event is stored exactly once after a restart`, { timeout: 600_000, skip: mode === 'nats' && natsSkip }, (t) => crashTest(t, mode));
}

async function crashTest(t: TestContext, mode: 'direct' | 'nats'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-crash-'));
  const database = await createTestDatabase();
  if (!database.databaseUrl) await database.close();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BOOMERANG_DATA_DIR: dataDir,
    BOOMERANG_DEMO_WORKSPACE: 'Crash Test',
    BOOMERANG_ADMIN_PASSWORD: 'crash-test-password',
    BOOMERANG_SECRET_KEY: TEST_SECRET_KEY,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else delete env.DATABASE_URL;
  const nats = mode === 'nats' ? testNatsConfig() : undefined;
  if (nats) Object.assign(env, { NATS_URL: nats.url, NATS_STREAM: nats.stream, NATS_CONSUMER: nats.consumer });
  else delete env.NATS_URL;
  const separateWorker = nats && database.databaseUrl;

  let server: Server | undefined;
  let worker: Server | undefined;
  try {
    server = await startServer(env);
    if (separateWorker) worker = await startWorker(env);
    const created = spawnSync(process.execPath, [BIN, 'source', 'create', '-w', 'Crash Test', '-n', 'Crash clients'], { env, encoding: 'utf8' });
    assert.equal(created.status, 0, created.stderr);
    const writeKey = created.stdout.trim();

    const acked: string[][] = [];
    const unanswered: string[][] = [];
    let sending = true;
    const client = async (clientId: number) => {
      for (let batch = 0; sending; batch += 1) {
        const ids = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => `c${clientId}-${batch}-${i}`);
        try {
          const status = await send({ url: server!.url, writeKey, ids });
          (status === 200 ? acked : unanswered).push(ids);
        } catch {
          unanswered.push(ids);
          return;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
    await sleep(SEND_BEFORE_KILL_MS);
    await Promise.all([kill(server, 'SIGKILL'), kill(worker, 'SIGKILL')]);
    sending = false;
    await Promise.all(clients);
    const ackedBeforeKill = acked.length;
    assert.ok(ackedBeforeKill > 0, 'clients got answers before the kill');

    server = await startServer(env);
    if (separateWorker) worker = await startWorker(env);
    // Clients retry what got no answer (some of it may have been stored), and some that did.
    const retried = [...unanswered, ...acked.slice(0, 10)];
    for (const ids of retried) assert.equal(await send({ url: server.url, writeKey, ids }), 200);
    const sent = new Set([...acked, ...unanswered].flat());

    if (nats && database.databaseUrl) {
      await waitFor('the worker to store every event', async () => (await storedCounts(database.db)).size === sent.size);
    } else if (nats) {
      const token = spawnSync(process.execPath, [BIN, 'token', 'create', '-w', 'Crash Test', '-r', 'viewer'], { env, encoding: 'utf8' }).stdout.trim();
      const sources = (await (await fetch(`${server.url}/api/sources`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: Array<{ id: string }> };
      const statsUrl = `${server.url}/api/sources/${sources.data[0]!.id}/stats`;
      await waitFor('the server to store every event', async () => {
        const stats = (await (await fetch(statsUrl, { headers: { authorization: `Bearer ${token}` } })).json()) as { accepted: number };
        return stats.accepted === sent.size;
      });
    }

    let counts: Map<string, number>;
    let accepted: number;
    if (database.databaseUrl) {
      counts = await storedCounts(database.db);
      accepted = await acceptedCount(database.db);
    } else {
      await kill(server, 'SIGTERM');
      server = undefined;
      const handle = await openDatabase({ dataDir });
      try {
        counts = await storedCounts(handle.db);
        accepted = await acceptedCount(handle.db);
      } finally {
        await handle.close();
      }
    }

    const ackedIds = acked.slice(0, ackedBeforeKill).flat();
    const missing = ackedIds.filter((id) => !counts.has(id));
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    t.diagnostic(
      `${database.databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${mode}: ${ackedIds.length} events acknowledged before the kill (${ackedBeforeKill} batches), ` +
        `${unanswered.length} batches unanswered and retried; found ${counts.size} distinct events, ${missing.length} acknowledged missing, ${duplicated} duplicated`,
    );
    assert.deepEqual(missing, [], 'every acknowledged event survived the kill');
    assert.equal(duplicated, 0);
    assert.equal(counts.size, sent.size, 'after the retries every event sent is stored');
    assert.equal(accepted, counts.size, 'the accepted counter matches what is stored');
  } finally {
    await Promise.all([kill(server, 'SIGTERM'), kill(worker, 'SIGTERM')]);
    if (nats) await deleteTestStream(nats);
    if (database.databaseUrl) await database.close();
    removeWhenProcessExits(dataDir);
  }
}
