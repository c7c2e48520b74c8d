import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Db } from '../../src/db/client.js';
import type { Database } from '../../src/db/schema.js';

/**
 * A Kysely that executes nothing and records the SQL it would have sent. Running a
 * repository function against it yields the exact statements the app issues, which we
 * then EXPLAIN ANALYZE on the real database: no hand-copied SQL to drift from the code.
 */
export function recordingKysely(): { db: Kysely<Database>; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      queries.push(query);
      // One empty row keeps executeTakeFirstOrThrow() callers from throwing.
      return { rows: [{} as R] };
    },
    streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('The recording database does not stream');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, queries };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one recorded statement, as the plan's text lines. */
export async function explainAnalyze(db: Db, query: CompiledQuery): Promise<string> {
  const explain = CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, [...query.parameters]);
  const result = await db.executeQuery<Record<string, string>>(explain);
  return result.rows.map((row) => Object.values(row)[0]).join('\n');
}

/** The "Execution Time: 12.345 ms" line of a plan, as a number. */
export function executionMs(plan: string): number | undefined {
  const match = /Execution Time: ([\d.]+) ms/.exec(plan);
  return match ? Number(match[1]) : undefined;
}
