import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { migrateToLatest, splitSqlStatements } from './migrate.js';
import { createTestDatabase } from './testing/pg-test.js';

test('splits a migration into statements, keeping function bodies whole', () => {
  const sql = `-- a comment
CREATE TABLE a (id int);

CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE INDEX a_idx ON a (id); -- trailing comment
`;
  assert.deepEqual(splitSqlStatements(sql), [
    'CREATE TABLE a (id int);',
    'CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at = now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;',
    'CREATE INDEX a_idx ON a (id); -- trailing comment',
  ]);
});

test(
  'a migration only looks at its own schema: others dropped meanwhile do not fail it',
  { skip: process.env.DATABASE_URL ? false : 'schemas side by side need a PostgreSQL server' },
  async () => {
    // Other test files create and drop schemas on the same server all the time.
    const churn = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await churn.connect();
    let churning = true;
    const churnLoop = (async () => {
      for (let round = 0; churning; round += 1) {
        const name = `churn_${process.pid}_${round}`;
        await churn.query(`CREATE SCHEMA ${name}; CREATE TABLE ${name}.t (id int)`);
        await churn.query(`DROP SCHEMA ${name} CASCADE`);
      }
    })();
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const database = await createTestDatabase();
        const { applied } = await migrateToLatest(database.db);
        assert.deepEqual(applied, [], 'a second run has nothing left to apply');
        await database.close();
      }
    } finally {
      churning = false;
      await churnLoop;
      await churn.end();
    }
  },
);
