import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { healthDropOf } from './find-health-drops.js';

const NOW = { asOf: '2026-12-05' };

describe('whether a score fell over the week', () => {
  const cases = [
    { name: 'band worse, baseline a week ago', current: { score: 62, band: 'red' }, history: [{ day: '2026-11-28', score: 74, band: 'yellow' }], drop: { since: '2026-11-28', scoreBefore: 74, bandBefore: 'yellow', bandWorsened: true } },
    { name: 'five points in the same band', current: { score: 88, band: 'green' }, history: [{ day: '2026-11-28', score: 93, band: 'green' }], drop: { since: '2026-11-28', scoreBefore: 93, bandBefore: 'green', bandWorsened: false } },
    { name: 'four points is not a fall', current: { score: 89, band: 'green' }, history: [{ day: '2026-11-28', score: 93, band: 'green' }], drop: null },
    { name: 'a rise is not a fall', current: { score: 90, band: 'green' }, history: [{ day: '2026-11-28', score: 60, band: 'red' }], drop: null },
    { name: 'weekly history: the last point up to six days before the week', current: { score: 70, band: 'yellow' }, history: [{ day: '2026-11-20', score: 80, band: 'yellow' }, { day: '2026-11-22', score: 90, band: 'green' }], drop: { since: '2026-11-22', scoreBefore: 90, bandBefore: 'green', bandWorsened: true } },
    { name: 'points inside the week are not the baseline', current: { score: 50, band: 'red' }, history: [{ day: '2026-12-01', score: 90, band: 'green' }], drop: null },
    { name: 'too old to be a baseline', current: { score: 50, band: 'red' }, history: [{ day: '2026-11-21', score: 90, band: 'green' }], drop: null },
  ] as const;
  for (const example of cases) {
    test(example.name, () => {
      assert.deepEqual(healthDropOf({ ...example.current, ...NOW }, [...example.history]), example.drop);
    });
  }
});
