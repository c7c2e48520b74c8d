import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createTestDatabase } from '../../src/db/testing/pg-test.js';

/**
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

function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start', '--no-demo', '--port', '0'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(/running at (http:\/\/\S+)/);
      if (match) resolve({ url: match[1]!.replace('localhost', '127.0.0.1'), process: child });
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}): ${seen}`)));
  });
}

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

test('kill -9 while clients send: every acknowledged event is stored exactly once after a restart', { timeout: 300_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-crash-'));
  const database = await createTestDatabase();
  if (!database.databaseUrl) await database.close();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BOOMERANG_DATA_DIR: dataDir,
    BOOMERANG_DEMO_WORKSPACE: 'Crash Test',
    BOOMERANG_ADMIN_PASSWORD: 'crash-test-password',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else delete env.DATABASE_URL;
  delete env.NATS_URL;

  let server: Server | undefined;
  try {
    server = await startServer(env);
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
    const killed = server;
    killed.process.kill('SIGKILL');
    await exited(killed);
    sending = false;
    await Promise.all(clients);
    const ackedBeforeKill = acked.length;
    assert.ok(ackedBeforeKill > 0, 'clients got answers before the kill');

    server = await startServer(env);
    // Clients retry what got no answer (some of it may have been stored), and some that did.
    const retried = [...unanswered, ...acked.slice(0, 10)];
    for (const ids of retried) assert.equal(await send({ url: server.url, writeKey, ids }), 200);
    const sent = new Set([...acked, ...unanswered].flat());

    let counts: Map<string, number>;
    let accepted: number;
    if (database.databaseUrl) {
      counts = await storedCounts(database.db);
      accepted = await acceptedCount(database.db);
    } else {
      const stopped = server;
      stopped.process.kill('SIGTERM');
      await exited(stopped);
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
      `${database.databaseUrl ? 'PostgreSQL' : 'PGlite'}: ${ackedIds.length} events acknowledged before the kill (${ackedBeforeKill} batches), ` +
        `${unanswered.length} batches unanswered and retried; found ${counts.size} distinct events, ${missing.length} acknowledged missing, ${duplicated} duplicated`,
    );
    assert.deepEqual(missing, [], 'every acknowledged event survived the kill');
    assert.equal(duplicated, 0);
    assert.equal(counts.size, sent.size, 'after the retries every event sent is stored');
    assert.equal(accepted, counts.size, 'the accepted counter matches what is stored');
  } finally {
    if (server) {
      server.process.kill('SIGTERM');
      await exited(server);
    }
    if (database.databaseUrl) await database.close();
    // PGlite's close resolves before its file system lets go of the directory (it stats it
    // once more); removing it at once turns that into an unhandled ENOENT.
    await sleep(500);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
