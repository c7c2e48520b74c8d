import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Insertable, type Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateToLatest, splitSqlStatements } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';

export const BACKENDS = ['pglite', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

type TableName = keyof Database & string;
type Row<T extends TableName> = Insertable<Database[T]>;

/**
 * A throw-away, migrated database on one backend. Benchmarks seed it, point the app at
 * `handle.db`, and dispose it; nothing outlives the run.
 */
export type BenchDatabase = {
  backend: BackendName;
  /** Open and migrated; the app under test uses this handle. */
  handle: DatabaseHandle;
  /** How bulkLoad writes rows, for the report. */
  loadMethod: string;
  /** Writes batches of rows; `onBatch` gets the rows written. Resolves to the seconds it took. */
  bulkLoad<T extends TableName>(table: T, batches: Iterable<Row<T>[]>, onBatch: (rows: number) => void): Promise<{ writeSeconds: number }>;
  /** Runs a SQL script (several statements, as in a migration). */
  runScript(text: string): Promise<void>;
  /**
   * `COPY table (columns) FROM` CSV text, the fastest way into PostgreSQL: the baseline
   * for write paths. On PGlite this closes `handle` (one client per data directory), so
   * call it last. Resolves to the seconds the COPY itself took.
   */
  copyCsv(options: { table: TableName; columns: readonly string[]; csv: string }): Promise<{ copySeconds: number }>;
  dispose(): Promise<void>;
};

const copyStatement = (options: { table: string; columns: readonly string[]; source: string }): string =>
  `COPY ${options.table} (${options.columns.join(', ')}) FROM ${options.source} WITH (FORMAT csv)`;

export async function createBenchDatabase(backend: BackendName, databaseUrl: string): Promise<BenchDatabase> {
  return backend === 'pglite' ? createPgliteDatabase() : createPostgresDatabase(databaseUrl);
}

async function runScript(db: Kysely<Database>, text: string): Promise<void> {
  for (const statement of splitSqlStatements(text)) await sql.raw(statement).execute(db);
}

/**
 * Multi-row INSERT through the app's own Kysely handle, 1,000 rows per statement, on both
 * backends. PGlite's `COPY … FROM '/dev/blob'` was tried and was slower here: the accounts
 * table's ten indexes and three foreign keys dominate the cost per row, so COPY's cheaper
 * parsing does not show, and COPY needs a second raw PGlite client (close, reopen ~2.5 s,
 * and the same extensions as openDatabase). 30,000 accounts: INSERT 4,500–6,700 rows/s,
 * COPY 2,200–3,600 rows/s with the reopen (2-core machine under load).
 */
async function bulkInsert<T extends TableName>(
  db: Kysely<Database>,
  table: T,
  batches: Iterable<Row<T>[]>,
  onBatch: (rows: number) => void,
): Promise<{ writeSeconds: number }> {
  // Kysely cannot type insertInto() over a generic table name; rows were typed by the caller.
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const started = performance.now();
  for (const batch of batches) {
    await untyped.insertInto(table).values(batch as Record<string, unknown>[]).execute();
    onBatch(batch.length);
  }
  return { writeSeconds: (performance.now() - started) / 1000 };
}

const LOAD_METHOD = 'multi-row INSERT through kysely, 1,000 rows per statement';

/** A fresh data directory on disk (not memory://): on disk is how Boomerang runs for real. */
async function createPgliteDatabase(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'boomerang-bench-'));
  try {
    const handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    return {
      backend: 'pglite',
      handle,
      loadMethod: LOAD_METHOD,
      bulkLoad: (table, batches, onBatch) => bulkInsert(handle.db, table, batches, onBatch),
      runScript: (text) => runScript(handle.db, text),
      async copyCsv({ table, columns, csv }) {
        // The app's handle hides its PGlite client, and PGlite allows one per directory.
        await handle.close();
        const raw = new PGlite(dataDir);
        try {
          await raw.waitReady;
          const started = performance.now();
          await raw.query(copyStatement({ table, columns, source: "'/dev/blob'" }), [], { blob: new Blob([csv]) });
          return { copySeconds: (performance.now() - started) / 1000 };
        } finally {
          await raw.close();
        }
      },
      async dispose() {
        await handle.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A fresh schema on the server, as the test helper does, so runs never see each other. */
async function createPostgresDatabase(databaseUrl: string): Promise<BenchDatabase> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(databaseUrl, `CREATE SCHEMA ${schema}`);
  try {
    // Pool of 10 is the application default; the concurrent run keeps 8 requests in flight.
    const handle = await openDatabase({ databaseUrl, schema });
    try {
      await migrateToLatest(handle.db);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return {
      backend: 'postgres',
      handle,
      loadMethod: LOAD_METHOD,
      bulkLoad: (table, batches, onBatch) => bulkInsert(handle.db, table, batches, onBatch),
      runScript: (text) => runScript(handle.db, text),
      async copyCsv({ table, columns, csv }) {
        const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
        await client.connect();
        try {
          const started = performance.now();
          await pipeline(Readable.from([csv]), client.query(copyFrom(copyStatement({ table, columns, source: 'STDIN' }))));
          return { copySeconds: (performance.now() - started) / 1000 };
        } finally {
          await client.end();
        }
      },
      async dispose() {
        await handle.close();
        await adminQuery(databaseUrl, `DROP SCHEMA ${schema} CASCADE`);
      },
    };
  } catch (error) {
    await adminQuery(databaseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    throw error;
  }
}

async function adminQuery(databaseUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
