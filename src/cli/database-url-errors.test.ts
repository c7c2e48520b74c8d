import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN } from './testing/spawn-server.js';

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether a PostgreSQL server listens on 127.0.0.1:5432 (the PostgreSQL test runs have one). */
function serverListens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Issue 16 item 9: a DATABASE_URL that cannot be used ends in a sentence saying what to do, not a Node stack trace. */
describe('boomerang with a DATABASE_URL it cannot use', () => {
  let dataDir: string;
  const run = (databaseUrl: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, BOOMERANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      // Generous: tsx compiles the CLI on start, slow on a busy machine; a hang would still end.
      timeout: 300_000,
    });
    return { status: result.status, stderr: result.stderr };
  };
  const assertNoStackTrace = (stderr: string) => {
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  };

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'boomerang-dburl-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a server that does not answer: start it, or fix host and port', async () => {
    const port = await closedPort();
    for (const command of [['migrate'], ['start', '--no-demo']]) {
      const { status, stderr } = run(`postgres://postgres@127.0.0.1:${port}/boomerang`, ...command);
      assert.equal(status, 2, stderr);
      assert.match(stderr, new RegExp(`^Error: No PostgreSQL server answers at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\\. Start the server`));
      assertNoStackTrace(stderr);
    }
  });

  test('a database that does not exist: create it', async (context) => {
    if (!(await serverListens(5432))) return context.skip('no PostgreSQL server on 127.0.0.1:5432');
    const { status, stderr } = run('postgres://postgres@127.0.0.1:5432/boomerang_no_such_db_16', 'migrate');
    assert.equal(status, 2, stderr);
    assert.match(
      stderr,
      /^Error: The database "boomerang_no_such_db_16" does not exist on PostgreSQL at 127\.0\.0\.1:5432\. Create it \(for example `createdb -h 127\.0\.0\.1 -p 5432 boomerang_no_such_db_16`\)/,
    );
    assertNoStackTrace(stderr);
  });
});
