import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cutDaysOf, MODEL_FEATURES } from './training-features.js';

describe('cutDaysOf', () => {
  // Grid days are multiples of 28 days since 1970-01-01: 2026-01-15 is day 20468 = 731 × 28,
  // so the grid runs …, 2025-12-18, 2026-01-15, 2026-02-12, 2026-03-12, …
  const grid = { leadDays: 365, gridDays: 28 };

  test('every grid day between the previous decision and this one', () => {
    assert.deepEqual(cutDaysOf({ decisionDay: '2026-03-01', previousDay: '2026-01-10' }, grid), ['2026-01-15', '2026-02-12']);
  });

  test('a first decision reaches back at most lead days', () => {
    assert.deepEqual(cutDaysOf({ decisionDay: '2026-03-01', previousDay: null }, { ...grid, leadDays: 60 }), ['2026-01-15', '2026-02-12']);
    assert.deepEqual(cutDaysOf({ decisionDay: '2026-03-01', previousDay: null }, { ...grid, leadDays: 75 }), ['2025-12-18', '2026-01-15', '2026-02-12']);
  });

  test('neither the decision day nor the previous decision day is a cut', () => {
    assert.deepEqual(cutDaysOf({ decisionDay: '2026-03-12', previousDay: '2026-01-15' }, grid), ['2026-02-12']);
    assert.deepEqual(cutDaysOf({ decisionDay: '2026-02-20', previousDay: '2026-02-13' }, grid), []);
  });

  test('grid 1: every day', () => {
    assert.deepEqual(cutDaysOf({ decisionDay: '2026-03-01', previousDay: '2026-02-25' }, { leadDays: 365, gridDays: 1 }), ['2026-02-26', '2026-02-27', '2026-02-28']);
  });
});

test('the model reads days to renewal but no field stored only as it is now', () => {
  const names = MODEL_FEATURES.map((spec) => spec.name);
  for (const leaky of ['arr', 'lifecycle_stage', 'account_age_days', 'account_field']) assert.ok(!names.includes(leaky), leaky);
  assert.ok(names.includes('days_to_renewal') && names.includes('seat_utilisation') && names.includes('champion_present') && names.includes('segment'));
});
