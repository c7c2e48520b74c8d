import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../client.js';
import { migrateToLatest } from '../migrate.js';

/**
 * A fresh, migrated database for one test file: a new schema on the PostgreSQL server
 * when DATABASE_URL is set, otherwise an in-memory PGlite. Dropped again by `close()`.
 *
 * @example
 *   const handle = await createTestDatabase();
 *   after(() => handle.close());
 */
export type TestDatabase = DatabaseHandle & {
  /** For child processes (CLI tests): DATABASE_URL pointing at this test's schema, or undefined on PGlite. */
  databaseUrl: string | undefined;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    return { ...handle, databaseUrl: undefined };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  // Extensions are per database, not per schema: concurrent test files would race to
  // create them in their migrations, so the first one creates them under a lock.
  await admin.query('SELECT pg_advisory_lock(20261127)');
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
  await admin.query('SELECT pg_advisory_unlock(20261127)');
  await admin.end();
  const handle = await openDatabase({ databaseUrl, schema, poolSize: 4 });
  await migrateToLatest(handle.db);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    ...handle,
    databaseUrl: url.toString(),
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: databaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
