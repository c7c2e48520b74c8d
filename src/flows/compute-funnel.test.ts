import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeFunnel, median } from './compute-funnel.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9) + minutes * 60_000);

test('median of none, odd and even counts', () => {
  assert.equal(median([]), null);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 10]), 3.5);
});

test('an ordered funnel: a user counts at a step only after every earlier one', () => {
  const figures = computeFunnel(3, [
    { reachedAt: [at(0), at(10), at(70)], stuckStep: null },
    { reachedAt: [at(0), at(30), null], stuckStep: 2 },
    { reachedAt: [at(0), null, at(5)], stuckStep: 1 }, // skipped a step: not counted at step 3
    { reachedAt: [null, at(5), null], stuckStep: null }, // never reached the first step
  ]);
  assert.deepEqual(figures, [
    { users: 3, conversionFromPrevious: null, conversionFromStart: null, medianMinutesFromPrevious: null, stuck: 0 },
    { users: 2, conversionFromPrevious: 0.6667, conversionFromStart: 0.6667, medianMinutesFromPrevious: 20, stuck: 1 },
    { users: 1, conversionFromPrevious: 0.5, conversionFromStart: 0.3333, medianMinutesFromPrevious: 60, stuck: 1 },
  ]);
  assert.deepEqual(computeFunnel(2, []).map((step) => step.users), [0, 0]);
});
