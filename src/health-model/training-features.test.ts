import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MODEL_FEATURES, planTrainingCuts, type DecisionInTerm } from './training-features.js';

// 2026-01-01 is day 20454 since 1970-01-01 = 28 × 730 + 14, so the 28-day grid
// falls on 2025-12-18, 2026-01-15, 2026-02-12, …
describe('planTrainingCuts', () => {
  const options = { horizonDays: 60, strideDays: 28, decidedBy: '2026-12-31' };

  test('every grid day of a term ending in a loss; lost only within the horizon before it', () => {
    const decisions: DecisionInTerm[] = [{ account_id: 'a', day: '2026-04-01', lost: true, since: '2026-01-01' }];
    assert.deepEqual(
      planTrainingCuts(decisions, options).map((cut) => [cut.cutDay, cut.label]),
      [
        ['2026-01-15', 0], // 76 days before the churn
        ['2026-02-12', 1], // 48 days before: within the 60-day horizon
        ['2026-03-12', 1],
      ],
    );
  });

  test('a renewed term gives no lost rows; a loss at the next decision labels the cuts before it', () => {
    const decisions: DecisionInTerm[] = [
      { account_id: 'b', day: '2026-02-01', lost: false, since: '2026-01-01' },
      { account_id: 'b', day: '2026-03-01', lost: true, since: '2026-02-01' },
    ];
    assert.deepEqual(
      planTrainingCuts(decisions, options).map((cut) => [cut.cutDay, cut.decisionDay, cut.label]),
      [
        // Cut in the first term, but the contraction 45 days later is within the horizon.
        ['2026-01-15', '2026-02-01', 1],
        ['2026-02-12', '2026-03-01', 1],
      ],
    );
  });

  test('nothing after the day the training set is built for: neither its decisions nor its losses', () => {
    const decisions: DecisionInTerm[] = [
      { account_id: 'c', day: '2026-02-01', lost: false, since: '2026-01-01' },
      { account_id: 'c', day: '2026-03-01', lost: true, since: '2026-02-01' },
    ];
    const cuts = planTrainingCuts(decisions, { ...options, decidedBy: '2026-02-20' });
    assert.deepEqual(cuts.map((cut) => [cut.cutDay, cut.label]), [['2026-01-15', 0]]);
  });

  test('the model reads days to renewal but no field stored only as it is now', () => {
    const names = MODEL_FEATURES.map((spec) => spec.name);
    for (const leaky of ['arr', 'lifecycle_stage', 'account_field']) assert.ok(!names.includes(leaky), leaky);
    assert.ok(names.includes('days_to_renewal') && names.includes('seat_utilisation') && names.includes('champion_present'));
  });
});
