import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTransientFailure } from './classify-failure.js';

const withCode = (code: unknown) => Object.assign(new Error('failed'), { code });

const cases: Array<[name: string, error: unknown, transient: boolean]> = [
  ['connection refused by the OS', withCode('ECONNREFUSED'), true],
  ['connection reset', withCode('ECONNRESET'), true],
  ['admin_shutdown (57P01)', withCode('57P01'), true],
  ['too_many_connections (53300)', withCode('53300'), true],
  ['connection_failure (08006)', withCode('08006'), true],
  ['deadlock left after retries (40P01)', withCode('40P01'), true],
  ['foreign key violation: the source was deleted (23503)', withCode('23503'), false],
  ['invalid text representation (22P02)', withCode('22P02'), false],
  ['undefined column: worker and schema disagree (42703)', withCode('42703'), false],
  ['a bug: TypeError without a code', new TypeError('x is undefined'), false],
  ['a non-string code', withCode(42), false],
  ['not an error at all', null, false],
];

for (const [name, error, transient] of cases) {
  test(`${name} → ${transient ? 'transient' : 'counts towards the delivery limit'}`, () => {
    assert.equal(isTransientFailure(error), transient);
  });
}
