import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { humanize } from './format.js';

describe('humanize', () => {
  const cases: Array<[string | null, string]> = [
    ['csm', 'CSM'],
    ['leader', 'Leader'],
    ['mid-market', 'Mid market'],
    ['nps_promoter', 'NPS promoter'],
    ['high_arr_account', 'High ARR account'],
    [null, '—'],
  ];
  for (const [value, expected] of cases) {
    test(`${String(value)} reads "${expected}"`, () => assert.equal(humanize(value), expected));
  }
});
