import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Migrator,
  sql,
  type DatabaseIntrospector,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  type TableMetadata,
} from 'kysely';
import type { Db } from './client.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Migrations are plain SQL files (`NNNN_name.sql`) so they read as PostgreSQL and run the
 * same on PGlite and a server. Kysely's Migrator applies them in order, in a transaction,
 * under an advisory lock, and records them in `kysely_migration`.
 */
class SqlFileMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((file) => file.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(join(MIGRATIONS_DIR, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db) => {
          for (const statement of splitSqlStatements(text)) await sql.raw(statement).execute(db);
        },
      };
    }
    return migrations;
  }
}

/**
 * Splits a migration into statements, because the extended query protocol that both
 * drivers use takes one statement at a time. A statement ends with `;` at the end of a
 * line, outside a `$$` body (function bodies may contain semicolons).
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let insideDollarBody = false;
  for (const line of text.split('\n')) {
    if (current.length === 0 && /^\s*(--.*)?$/.test(line)) continue;
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) insideDollarBody = !insideDollarBody;
    if (!insideDollarBody && /;\s*(--.*)?$/.test(line)) {
      statements.push(current.join('\n'));
      current = [];
    }
  }
  if (current.some((line) => !/^\s*(--.*)?$/.test(line))) statements.push(current.join('\n'));
  return statements;
}

export type MigrateResult = { applied: string[] };

/** Brings the schema up to date. Throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Db): Promise<MigrateResult> {
  // Kysely looks for its bookkeeping table in every schema unless told which one; name
  // ours so that test schemas side by side on one server do not see each other's.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  const migrator = new Migrator({
    db: withIntrospectionOf(db, schema),
    provider: new SqlFileMigrationProvider(),
    migrationTableSchema: schema,
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const where = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`Database migration failed${where}: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * The Migrator asks the introspector whether its bookkeeping tables exist. Kysely's
 * PostgreSQL introspector reads every schema in the database and calls
 * `has_schema_privilege(name, …)` on each, which fails with "schema … does not exist" when
 * another process drops a schema during the scan (test files side by side on one server
 * do, and so would a tenant per schema). Ours looks at the migration schema only.
 */
function withIntrospectionOf(db: Db, schema: string): Db {
  const introspector: DatabaseIntrospector = {
    getSchemas: async () => {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    getTables: async (): Promise<TableMetadata[]> => {
      const { rows } = await sql<{ name: string; kind: string }>`
        select c.relname as name, c.relkind as kind
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
        where ns.nspname = ${schema} and c.relkind in ('r', 'v', 'p')`.execute(db);
      return rows.map((row) => ({ name: row.name, schema, isView: row.kind === 'v', columns: [] }));
    },
    getMetadata: async () => ({ tables: await introspector.getTables() }),
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspector;
      const value: unknown = Reflect.get(target, property, target);
      // Kysely keeps its state in private fields, so its methods must run on the real instance.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
