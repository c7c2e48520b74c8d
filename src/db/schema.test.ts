import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { describeSchemaTypes, type DeclaredSchema } from './testing/describe-schema-types.js';
import { createTestDatabase, type TestDatabase } from './testing/pg-test.js';

// Issue 10 item 5: `db/schema.ts` is kept by hand beside the SQL migrations; this fails when
// the two disagree on a table, a column, whether a column may be null, or whether an insert
// may leave a column out that has no default.

// Stored generated columns are reported nullable unless declared NOT NULL; these two are
// computed from NOT NULL columns only, so they are never null and typed so.
const GENERATED_FROM_NOT_NULL = new Set(['accounts.search_text', 'domain_events.partition']);

type LiveColumn = { table_name: string; column_name: string; is_nullable: string; has_default: boolean };

let database: TestDatabase;
let declared: DeclaredSchema;
let live: Map<string, Map<string, LiveColumn>>;

before(async () => {
  database = await createTestDatabase();
  declared = describeSchemaTypes();
  const { rows } = await sql<LiveColumn>`
    SELECT c.table_name, c.column_name, c.is_nullable,
           (c.column_default IS NOT NULL OR c.is_identity = 'YES' OR c.is_generated = 'ALWAYS') AS has_default
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.table_name NOT LIKE 'kysely_migration%'
    ORDER BY c.table_name, c.ordinal_position`.execute(database.db);
  live = new Map();
  for (const row of rows) {
    const columns = live.get(row.table_name) ?? new Map<string, LiveColumn>();
    columns.set(row.column_name, row);
    live.set(row.table_name, columns);
  }
});

after(() => database.close());

test('every migrated table has a type in Database, and every type a table', () => {
  assert.ok(live.size > 50, 'the migrations made the tables');
  assert.deepEqual([...declared.keys()].filter((name) => !live.has(name)).sort(), [], 'typed but not migrated');
  assert.deepEqual([...live.keys()].filter((name) => !declared.has(name)).sort(), [], 'migrated but not typed');
});

test('each table has the same columns in the types as in the database', () => {
  const mismatches: string[] = [];
  for (const [table, columns] of declared) {
    const liveColumns = live.get(table);
    if (!liveColumns) continue;
    for (const name of columns.keys())
      if (!liveColumns.has(name)) mismatches.push(`${table}.${name}: typed, not in the database`);
    for (const name of liveColumns.keys())
      if (!columns.has(name)) mismatches.push(`${table}.${name}: in the database, not typed`);
  }
  assert.deepEqual(mismatches, []);
});

/** Each column that is both typed and migrated, as the types and the database describe it. */
function* bothSides() {
  for (const [table, columns] of declared) {
    for (const [name, column] of columns) {
      const liveColumn = live.get(table)?.get(name);
      if (liveColumn) yield { table, name, column, liveColumn };
    }
  }
}

test('a column is nullable in the types exactly when it is nullable in the database', () => {
  const mismatches: string[] = [];
  for (const { table, name, column, liveColumn } of bothSides()) {
    const isNullable = liveColumn.is_nullable === 'YES' && !GENERATED_FROM_NOT_NULL.has(`${table}.${name}`);
    if (isNullable !== column.isNullable) {
      const said = `${isNullable ? 'NULL' : 'NOT NULL'} in the database, ${column.isNullable ? 'nullable' : 'not nullable'} in the types`;
      mismatches.push(`${table}.${name}: ${said}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('an insert may leave a column out only when the database fills it (default, identity or null)', () => {
  const mismatches: string[] = [];
  for (const { table, name, column, liveColumn } of bothSides()) {
    if (column.isInsertOptional && liveColumn.is_nullable !== 'YES' && !liveColumn.has_default) {
      mismatches.push(`${table}.${name}: optional on insert in the types, NOT NULL without a default in the database`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('the type reader sees nullability and insert defaults through ColumnType and Generated', () => {
  const jobs = declared.get('jobs');
  assert.ok(jobs, 'jobs is typed');
  assert.deepEqual(jobs.get('id'), { isNullable: false, isInsertOptional: true });
  assert.deepEqual(jobs.get('type'), { isNullable: false, isInsertOptional: false });
  assert.equal(jobs.get('last_error')?.isNullable, true);
});
