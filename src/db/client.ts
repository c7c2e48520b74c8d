import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pgliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export type DatabaseHandle = {
  db: Db;
  /** 'pglite' for the embedded database, 'postgres' for a server reached through DATABASE_URL. */
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs: a directory or a masked URL. */
  location: string;
  close(): Promise<void>;
  /** The embedded cluster's files as one archive, to start another database from (test templates). */
  snapshot?(): Promise<Blob>;
};

export type OpenDatabaseOptions =
  | { databaseUrl: string; schema?: string; poolSize?: number }
  | { dataDir: string | 'memory://'; startFrom?: Blob };

// Both drivers return the same JavaScript values: numeric as number (money fits a double
// at two decimals), bigint counts as number, and `date` as 'YYYY-MM-DD' text so that no
// time zone can move a renewal date by a day.
const OID_INT8 = 20;
const OID_NUMERIC = 1700;
const OID_DATE = 1082;
const parseNumber = (value: string): number => Number(value);
const keepText = (value: string): string => value;

/**
 * DATABASE_URL names a server that does not answer, a database that does not exist, or a
 * login the server refuses: a setting to fix, so the CLI prints the message (what is wrong,
 * what to do) and exits non-zero instead of a stack trace (issue 16 item 9).
 */
export class DatabaseConnectionError extends Error {}

function connectionCodes(error: unknown): string[] {
  const nested = error instanceof AggregateError ? error.errors : [];
  return [error, ...nested].map((item) => String((item as { code?: unknown } | null)?.code ?? '')).filter(Boolean);
}

/** A readable DatabaseConnectionError for the failures a person fixes by a setting, else undefined. */
export function describeConnectionError(databaseUrl: string, error: unknown): DatabaseConnectionError | undefined {
  const url = new URL(databaseUrl);
  const host = url.hostname || 'localhost';
  const port = url.port || '5432';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres';
  const user = decodeURIComponent(url.username) || 'the default user';
  const where = `PostgreSQL at ${host}:${port}`;
  const codes = connectionCodes(error);
  const has = (...wanted: string[]) => codes.some((code) => wanted.includes(code));
  if (has('3D000')) {
    return new DatabaseConnectionError(
      `The database "${database}" does not exist on ${where}. Create it (for example \`createdb -h ${host} -p ${port} ${database}\`), or point DATABASE_URL at an existing database.`,
    );
  }
  if (has('ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET')) {
    return new DatabaseConnectionError(
      `No PostgreSQL server answers at ${host}:${port} (${codes[0]}). Start the server, or fix the host and port in DATABASE_URL; unset DATABASE_URL to use the embedded database.`,
    );
  }
  if (has('ENOTFOUND', 'EAI_AGAIN')) {
    return new DatabaseConnectionError(`The host "${host}" in DATABASE_URL cannot be found. Fix the host name in DATABASE_URL.`);
  }
  if (has('28P01', '28000')) {
    return new DatabaseConnectionError(
      `${where} refused the login of ${user === 'the default user' ? user : `user "${user}"`}. Check the user name and password in DATABASE_URL (and the server's pg_hba.conf).`,
    );
  }
  return undefined;
}

/**
 * Opens the database: a PostgreSQL server when `databaseUrl` is given, otherwise the
 * embedded PGlite in `dataDir` (created on first use). Callers own the handle and close it.
 *
 * @example
 *   const { db, close } = await openDatabase({ dataDir: './data' });
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if ('databaseUrl' in options) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // A schema per test run keeps concurrent suites apart on one server.
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === OID_INT8 || oid === OID_NUMERIC) return parseNumber;
          if (oid === OID_DATE) return keepText;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      throw describeConnectionError(options.databaseUrl, error) ?? error;
    }
    const masked = new URL(options.databaseUrl);
    if (masked.password) masked.password = '****';
    return { db, kind: 'postgres', location: masked.toString(), close: () => db.destroy() };
  }

  const dataDir = options.dataDir;
  if (dataDir !== 'memory://') makeDataDirPrivate(dataDir);
  const client = new PGlite(dataDir, {
    parsers: { [OID_NUMERIC]: parseNumber, [OID_INT8]: parseNumber, [OID_DATE]: keepText },
    // Extensions the migrations create must be bundled into the WASM build here.
    extensions: { pg_trgm },
    loadDataDir: options.startFrom,
  });
  await client.waitReady;
  // Again now that a first start has written the cluster's files.
  if (dataDir !== 'memory://') makeDataDirPrivate(dataDir);
  const db = new Kysely<Database>({ dialect: pgliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    location: options.dataDir,
    snapshot: () => client.dumpDataDir('none'),
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
      if (dataDir !== 'memory://') makeDataDirPrivate(dataDir);
    },
  };
}

/**
 * Makes the embedded database's directory the owner's alone: the directory 0700 (so no
 * other local user can reach anything inside, whatever the files' own modes), its
 * sub-directories 0700 and files 0600. PGlite (Emscripten's NODEFS) creates its files 0666
 * whatever the process umask — measured: a fresh cluster under `umask 077` still has 0666
 * files — so a umask cannot do this; the 0700 top directory is what protects the files
 * PGlite creates while it runs, and each open and close tightens them again. Symbolic
 * links are left alone (never followed).
 */
export function makeDataDirPrivate(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        chmodSync(path, 0o700);
        walk(path);
      } else if (entry.isFile()) {
        chmodSync(path, 0o600);
      }
    }
  };
  walk(dataDir);
}
