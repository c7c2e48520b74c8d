import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../db/testing/pg-test.js';
import { BIN } from './spawn-server.js';

export type CliEnvironment = {
  /** Runs the real `boomerang` bin and waits for it. */
  boomerang(...args: string[]): SpawnSyncReturns<string>;
  /** The variables the runs get: their own data directory, and their own database when tests run on PostgreSQL. */
  env(): NodeJS.ProcessEnv;
  dataDir(): string;
  /**
   * The database the runs use, opened (and migrated) in this process: a world built here
   * costs no process start and no CLI round trip. Close it before the next run: on PGlite
   * only one process may hold the data directory.
   */
  open(): Promise<DatabaseHandle>;
};

/**
 * For a `describe` of CLI tests: registers hooks that give the suite a data directory (and, on
 * PostgreSQL, a database) of its own and remove them afterwards.
 *
 * @example
 *   const cli = useCliEnvironment('rates');
 *   test('…', () => assert.equal(cli.boomerang('workspace', 'create', 'Acme').status, 0));
 */
export function useCliEnvironment(prefix: string): CliEnvironment {
  let dataDir = '';
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv = {};
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `boomerang-${prefix}-`));
    database = await createTestDatabase();
    // On PGlite the CLI opens the data directory itself: the test database is not used.
    if (!database.databaseUrl) await database.close();
    env = { ...process.env, BOOMERANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', BOOMERANG_ADMIN_PASSWORD: 'first-admin-password' };
    if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
    else delete env.DATABASE_URL;
  });
  after(async () => {
    if (database.databaseUrl) await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    boomerang: (...args) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' }),
    env: () => env,
    dataDir: () => dataDir,
    open: async () => {
      const handle = await openDatabase(database.databaseUrl ? { databaseUrl: database.databaseUrl } : { dataDir });
      await migrateToLatest(handle.db);
      return handle;
    },
  };
}
