import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { lockDataDirOrThrow } from './database-access.js';
import { BIN, spawnServer } from './testing/spawn-server.js';

type Run = { status: number | null; stdout: string; stderr: string };

function cliEnv(dataDir: string, databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BOOMERANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

describe('boomerang CLI', () => {
  let dataDir: string;
  let database: TestDatabase;
  let boomerang: (...args: string[]) => Run;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'boomerang-cli-'));
    // On PostgreSQL the CLI gets its own schema through DATABASE_URL; on PGlite it opens the data dir.
    database = await createTestDatabase();
    if (!database.databaseUrl) await database.close();
    boomerang = (...args) => {
      const result = spawnSync(process.execPath, [BIN, ...args], {
        env: cliEnv(dataDir, database.databaseUrl),
        encoding: 'utf8',
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
  });
  after(async () => {
    if (database.databaseUrl) await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('workspace create prints the new id; a second one with the same name is a conflict', () => {
    const first = boomerang('workspace', 'create', 'Acme CS');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout.trim(), /^[0-9a-f-]{36}$/);
    const again = boomerang('workspace', 'create', 'Acme CS');
    assert.equal(again.status, 4);
    assert.match(again.stderr, /already exists/);
  });

  test('token create prints only the token on stdout', () => {
    const created = boomerang('token', 'create', '--workspace', 'Acme CS', '--role', 'viewer');
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^bmr_[A-Za-z0-9_-]{43}\n$/);
  });

  test('bad input gets a readable message and a non-zero exit', () => {
    const unknownWorkspace = boomerang('token', 'create', '--workspace', 'Nope', '--role', 'admin');
    assert.equal(unknownWorkspace.status, 3);
    assert.match(unknownWorkspace.stderr, /No workspace is named "Nope"/);
    const badRole = boomerang('token', 'create', '--workspace', 'Acme CS', '--role', 'boss');
    assert.notEqual(badRole.status, 0);
    assert.match(badRole.stderr, /Allowed choices are admin, leader, csm, viewer/);
    const badEmail = boomerang('user', 'create', '--workspace', 'Acme CS', '--email', 'not-an-email', '--role', 'csm');
    assert.equal(badEmail.status, 2);
    assert.match(badEmail.stderr, /valid email/);
  });

  test('user create adds a member and shows a generated password once', () => {
    const created = boomerang(
      'user',
      'create',
      '--workspace',
      'Acme CS',
      '--email',
      'kim@acme.example',
      '--role',
      'csm',
      '--name',
      'Kim',
    );
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stderr, /kim@acme.example is csm in "Acme CS". Password \(shown once\): \S{16}/);
  });

  test('user create with an email that already has a login invites it: no password change, no membership until accepted', () => {
    assert.equal(boomerang('workspace', 'create', 'Globex CS').status, 0);
    const invited = boomerang(
      'user',
      'create',
      '--workspace',
      'Globex CS',
      '--email',
      'KIM@acme.example',
      '--role',
      'admin',
      '--password',
      'chosen by globex',
    );
    assert.equal(invited.status, 0, invited.stderr);
    assert.match(invited.stdout, /^http:\/\/localhost:3000\/invitations\/accept#token=[\w-]{43}\n$/);
    assert.match(invited.stderr, /already has a Boomerang login, which was left unchanged \(--password ignored\)/);
    // Not a member yet: asking again replaces the invitation instead of answering "already a member".
    const again = boomerang(
      'user',
      'create',
      '--workspace',
      'Globex CS',
      '--email',
      'kim@acme.example',
      '--role',
      'csm',
    );
    assert.equal(again.status, 0, again.stderr);
    assert.notEqual(again.stdout, invited.stdout);
    // In the workspace where kim is a member, that is a conflict.
    const member = boomerang(
      'user',
      'create',
      '--workspace',
      'Acme CS',
      '--email',
      'kim@acme.example',
      '--role',
      'csm',
    );
    assert.equal(member.status, 4);
    assert.match(member.stderr, /already a member of this workspace/);
  });

  test('every command explains itself with --help', () => {
    for (const command of [
      [],
      ['start'],
      ['migrate'],
      ['workspace', 'create'],
      ['user', 'create'],
      ['token', 'create'],
    ]) {
      const help = boomerang(...command, '--help');
      assert.equal(help.status, 0);
      assert.match(help.stdout, /Usage: boomerang/);
    }
  });

  test(
    'with the embedded database held by another process, a command says so and changes nothing',
    { skip: Boolean(process.env.DATABASE_URL) && 'the lock only concerns the embedded database' },
    async () => {
      const lock = await lockDataDirOrThrow(dataDir);
      try {
        // Run the refused command without blocking this process: the lock is kept fresh by a timer
        // here, and a synchronous spawn on a slow machine would let it go stale and be taken over.
        const refused = await new Promise<Run>((resolve) => {
          const child = execFile(
            process.execPath,
            [BIN, 'workspace', 'create', 'Locked Out'],
            { env: cliEnv(dataDir, database.databaseUrl), encoding: 'utf8' },
            (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
          );
        });
        assert.equal(refused.status, 5);
        assert.match(refused.stderr, /in use by another Boomerang process/);
      } finally {
        await lock.release();
      }
      const listed = boomerang('workspace', 'create', 'Locked Out');
      assert.equal(listed.status, 0, 'the refused command wrote nothing, so the name is still free');
    },
  );

  test('while the server runs, commands go through it and its API accepts the new token', async () => {
    const { url, stop } = await spawnServer({
      ...cliEnv(dataDir, database.databaseUrl),
      BOOMERANG_ADMIN_PASSWORD: 'first-admin-password',
    });
    try {
      const created = boomerang('token', 'create', '--workspace', 'Acme CS', '--role', 'admin');
      assert.equal(created.status, 0, created.stderr);
      const response = await fetch(`${url}/api/accounts`, {
        headers: { authorization: `Bearer ${created.stdout.trim()}` },
      });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { total: number }).total, 0);

      const demo = boomerang('demo', '--workspace', 'Demo Co', '--accounts', '25', '--months', '6', '--seed', '1');
      assert.equal(demo.status, 0, demo.stderr);
      const demoToken = boomerang('token', 'create', '--workspace', 'Demo Co', '--role', 'viewer').stdout.trim();
      const demoAccounts = await fetch(`${url}/api/accounts?limit=1&includeChurned=true`, {
        headers: { authorization: `Bearer ${demoToken}` },
      });
      assert.equal(((await demoAccounts.json()) as { total: number }).total, 25);
    } finally {
      await stop();
    }
  });
});
