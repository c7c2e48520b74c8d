import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitSqlStatements } from './migrate.js';

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
