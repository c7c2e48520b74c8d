import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';

const BIN = join(import.meta.dirname, '../../bin/boomerang.mjs');
const FIXTURES = join(import.meta.dirname, '../../test/fixtures/imports');

type Run = { status: number | null; stdout: string; stderr: string };

describe('boomerang import (the real binary)', () => {
  let dataDir: string;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const boomerang = (...args: string[]): Run => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const importJson = (...args: string[]) => {
    const run = boomerang('import', ...args, '--workspace', 'Acme CS', '--json');
    return { ...run, report: run.stdout ? JSON.parse(run.stdout) : undefined };
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'boomerang-import-'));
    database = await createTestDatabase();
    if (!database.databaseUrl) await database.close();
    env = { ...process.env, BOOMERANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
    else delete env.DATABASE_URL;
    assert.equal(boomerang('workspace', 'create', 'Acme CS').status, 0);
  });
  after(async () => {
    if (database.databaseUrl) await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('dry run, import, re-import: counts, summary and exit codes', () => {
    const file = join(FIXTURES, 'billing-accounts.csv');
    const mapping = join(FIXTURES, 'billing-mapping.json');
    const dry = importJson('accounts', file, '--mapping', mapping, '--id-system', 'billing', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual([dry.report.created, dry.report.committed], [3, false]);
    const real = boomerang('import', 'accounts', file, '--workspace', 'Acme CS', '--mapping', mapping, '--id-system', 'billing');
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, /accounts from billing-accounts\.csv \(all-or-nothing\): 3 rows/);
    assert.match(real.stdout, /created 3 · updated 0 · unchanged 0 · failed 0/);
    const again = importJson('accounts', file, '--mapping', mapping, '--id-system', 'billing');
    assert.deepEqual([again.report.created, again.report.unchanged], [0, 3]);
  });

  test('a bad row: all-or-nothing exits 2 and writes nothing; good-rows writes the rest', () => {
    const file = join(dataDir, 'people.jsonl');
    writeFileSync(file, '{"externalId":"j1","name":"Jay"}\n{"externalId":"j2","name":"Kay","employeeCount":"many"}\n');
    const refused = boomerang('import', 'accounts', file, '--workspace', 'Acme CS');
    assert.equal(refused.status, 2);
    assert.match(refused.stdout, /row 2, column "employeeCount": must be a whole number, got "many"/);
    assert.match(refused.stdout, /Nothing was written/);
    const good = importJson('accounts', file, '--mode', 'good-rows');
    assert.equal(good.status, 2);
    assert.deepEqual([good.report.created, good.report.failed, good.report.committed], [1, 1, true]);
  });

  test('bad files and unknown presets are readable errors with a non-zero exit', () => {
    const missing = boomerang('import', 'accounts', join(dataDir, 'nope.csv'), '--workspace', 'Acme CS');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Cannot read .*nope\.csv: no such file/);
    const preset = boomerang('import', 'accounts', join(FIXTURES, 'billing-accounts.csv'), '--workspace', 'Acme CS', '--preset', 'zoho');
    assert.notEqual(preset.status, 0);
    assert.match(preset.stderr, /Allowed choices are salesforce, hubspot/);
    const columns = boomerang('import', 'accounts', join(FIXTURES, 'billing-accounts.csv'), '--workspace', 'Acme CS', '--preset', 'salesforce');
    assert.equal(columns.status, 2);
    assert.match(columns.stderr, /no column for externalId, name/);
  });

  test('while the server holds the data directory, the import runs inside it', { skip: Boolean(process.env.DATABASE_URL) && 'only the embedded database is held by the server' }, async () => {
    const server = spawn(process.execPath, [BIN, 'start', '--no-demo', '--port', '0'], { env: { ...env, BOOMERANG_ADMIN_PASSWORD: 'first-admin-password' }, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        server.stderr.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (/running at http/.test(seen)) resolve();
        });
        server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
      });
      const report = importJson('accounts', join(FIXTURES, 'hubspot-companies.csv'), '--preset', 'hubspot', '--mapping', writeMapping(dataDir));
      assert.equal(report.status, 0, report.stderr);
      assert.deepEqual([report.report.created, report.report.failed], [3, 0]);
      const again = importJson('accounts', join(FIXTURES, 'hubspot-companies.csv'), '--preset', 'hubspot', '--mapping', writeMapping(dataDir));
      assert.equal(again.report.unchanged, 3);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  });
});

/** The HubSpot fixture's owners are not members here; unmap the owner column. */
function writeMapping(dir: string): string {
  const path = join(dir, 'no-owner.json');
  writeFileSync(path, JSON.stringify({ mapping: { owner: '' } }));
  return path;
}
