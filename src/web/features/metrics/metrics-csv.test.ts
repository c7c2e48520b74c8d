import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from './metrics-csv.js';

test('CSV quotes only fields that need it and doubles their quotes', () => {
  assert.equal(toCsv([['segment', 'arr'], ['Mid, Market', 1200.5], ['The "Big" ones', null]]), 'segment,arr\r\n"Mid, Market",1200.5\r\n"The ""Big"" ones",\r\n');
});
