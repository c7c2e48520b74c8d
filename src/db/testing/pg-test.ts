import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  if (!databaseUrl) return { ...(await createMigratedPglite()), databaseUrl: undefined };
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

/**
 * Starting an embedded cluster (its initdb) and migrating it is most of a small test file's
 * time on PGlite. `npm test` names a directory in BOOMERANG_TEST_TEMPLATE_DIR for the run: the
 * first file to need a database migrates one and leaves its snapshot there, and the others
 * start from that copy (about a third of the time, measured). Without the variable (a file run
 * on its own) every database is made from scratch. Files racing to write the snapshot each
 * write their own and rename it into place, so a reader never sees half of one.
 */
async function createMigratedPglite() {
  const templateDir = process.env.BOOMERANG_TEST_TEMPLATE_DIR;
  const templateFile = templateDir && join(templateDir, 'migrated-pglite.tar');
  const template = templateFile ? await readFile(templateFile).catch(() => undefined) : undefined;
  if (template) return openDatabase({ dataDir: 'memory://', startFrom: new Blob([template]) });
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  if (templateFile) {
    const partial = `${templateFile}.${process.pid}`;
    await writeFile(partial, Buffer.from(await (await handle.snapshot!()).arrayBuffer()));
    await rename(partial, templateFile);
  }
  return handle;
}
