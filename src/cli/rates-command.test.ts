import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { BIN } from './testing/spawn-server.js';

/** `boomerang rates import`: a CSV of exchange rates into a workspace, all or nothing. */
describe('boomerang rates import', () => {
  let dataDir: string;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const boomerang = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'boomerang-rates-'));
    database = await createTestDatabase();
    if (!database.databaseUrl) await database.close();
    env = { ...process.env, BOOMERANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', BOOMERANG_ADMIN_PASSWORD: 'first-admin-password' };
    if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
    else delete env.DATABASE_URL;
  });
  after(async () => {
    if (database.databaseUrl) await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('stores the rates of a file and refuses a bad one whole, naming its line', () => {
    assert.equal(boomerang('workspace', 'create', 'Rates Co').status, 0);
    const good = join(dataDir, 'rates.csv');
    writeFileSync(good, 'currency,effective_date,rate\nEUR,2025-01-01,1.08\nGBP,2025-01-01,1.27\n');
    const imported = boomerang('rates', 'import', good, '--workspace', 'Rates Co');
    assert.equal(imported.status, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout.trim().split('\n').at(-1)!), { rates: 2, missingCurrencies: [] });
    assert.match(imported.stderr, /Stored 2 exchange rate\(s\) to USD in "Rates Co"/);

    const bad = join(dataDir, 'bad.csv');
    writeFileSync(bad, 'currency,effective_date,rate\nCHF,2025-01-01,0.95\nEURO,2025-01-01,1.1\n');
    const refused = boomerang('rates', 'import', bad, '--workspace', 'Rates Co');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /line 3 currency/);
  });
});
