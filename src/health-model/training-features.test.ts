import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cutDayOf, MODEL_FEATURES } from './training-features.js';

describe('cutDayOf', () => {
  // 2026-01-01 is day 20454 since 1970-01-01; 20454 mod 7 = 0, so it is on the weekly grid.
  const cases: Array<[string, number, number, string]> = [
    ['2026-04-01', 90, 1, '2026-01-01'],
    ['2026-04-01', 90, 7, '2026-01-01'],
    ['2026-04-02', 90, 7, '2026-01-01'], // 2026-01-02 moves back to the grid day before it
    ['2026-04-07', 90, 7, '2026-01-01'], // 2026-01-07 is the last day before the next grid day
    ['2026-04-08', 90, 7, '2026-01-08'],
    ['2026-03-01', 30, 1, '2026-01-30'],
  ];
  for (const [decision, leadDays, gridDays, expected] of cases) {
    test(`${decision} − ${leadDays} days on a ${gridDays}-day grid → ${expected}`, () => {
      const cut = cutDayOf(decision, { leadDays, gridDays });
      assert.equal(cut, expected);
      // Never later than decision − lead days, and never a whole grid step earlier.
      assert.ok(cut <= expected && Date.parse(decision) - Date.parse(cut) < (leadDays + gridDays) * 86_400_000);
    });
  }

  test('the model reads neither days to renewal nor fields stored only as they are now', () => {
    const names = MODEL_FEATURES.map((spec) => spec.name);
    for (const leaky of ['days_to_renewal', 'arr', 'lifecycle_stage', 'account_age_days']) assert.ok(!names.includes(leaky), leaky);
    assert.ok(names.includes('seat_utilisation') && names.includes('champion_present'));
  });
});
