import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBands, type ScoredPair } from './band-shift.js';
import type { HealthBand } from './scorecard-config.js';

const pair = (accountId: string, before: [number | null, HealthBand | null], after: [number | null, HealthBand | null]): ScoredPair => ({
  accountId,
  before: { score: before[0], band: before[1] },
  after: { score: after[0], band: after[1] },
});

test('band shift: counts before and after, moves between bands, accounts that change band', () => {
  // Five accounts: a stays green, b and c fall yellow → red, d rises red → yellow, e was unscored and is now red.
  const shift = compareBands([
    pair('a', [90, 'green'], [88, 'green']),
    pair('b', [72, 'yellow'], [66, 'red']),
    pair('c', [70, 'yellow'], [69, 'red']),
    pair('d', [60, 'red'], [71, 'yellow']),
    pair('e', [null, null], [40, 'red']),
  ]);
  assert.deepEqual(shift.bands, [
    { band: 'green', before: 1, after: 1 },
    { band: 'yellow', before: 2, after: 1 },
    { band: 'red', before: 1, after: 3 },
    { band: 'unscored', before: 1, after: 0 },
  ]);
  assert.deepEqual(shift.transitions, [
    { from: 'yellow', to: 'red', accounts: 2 },
    { from: 'red', to: 'yellow', accounts: 1 },
    { from: 'unscored', to: 'red', accounts: 1 },
  ]);
  assert.deepEqual(shift.changed.map((p) => p.accountId), ['b', 'c', 'd', 'e']);
});

test('band shift: a score that moves inside its band changes nothing', () => {
  const shift = compareBands([pair('a', [86, 'green'], [99, 'green'])]);
  assert.deepEqual(shift.transitions, []);
  assert.deepEqual(shift.changed, []);
  assert.equal(compareBands([]).bands.every((b) => b.before === 0 && b.after === 0), true);
});
