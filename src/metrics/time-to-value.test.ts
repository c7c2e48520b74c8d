import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomerLife } from './cohorts.js';
import type { MetricsAccount } from './ledger.js';
import { timeToValueBySegment } from './time-to-value.js';

const life = (id: string, segment: string, start: string, firstChurn: string | null = null): CustomerLife => ({
  account: { id, name: id, segment, ownerId: null, lifecycleStage: null, product: null, customValue: null } satisfies MetricsAccount,
  start,
  firstChurn,
});

test('time to first value per segment: Kaplan–Meier median with customers not there yet censored', () => {
  const lives = [
    life('a', 'SMB', '2025-01-01'), // used on day 10
    life('b', 'SMB', '2025-01-01'), // used on day 40
    life('c', 'SMB', '2025-01-01'), // trial before the contract: day 0
    life('d', 'SMB', '2025-05-01'), // no usage yet: censored at asOf (day 61)
    life('e', 'Enterprise', '2025-01-01', '2025-03-02'), // left unused: censored at its churn (day 60)
    life('f', 'Enterprise', '2025-02-01'), // used on day 20
    life('g', 'Enterprise', '2025-08-01'), // starts after asOf: not counted
  ];
  const usage = new Map([['a', '2025-01-11'], ['b', '2025-02-10'], ['c', '2024-12-20'], ['f', '2025-02-21']]);
  const [all, enterprise, smb] = timeToValueBySegment(lives, usage, '2025-07-01');
  // SMB times 0, 10, 40, 61+: S = 3/4 after day 0, 2/4 after day 10 → median 10; observed median of 0, 10, 40 = 10.
  assert.deepEqual(smb, { segment: 'SMB', customers: 4, reached: 3, medianDays: 10, observedMedianDays: 10, within30: 0.5, within90: 0.75 });
  // Enterprise: 20, 60+: S = 1/2 at day 20.
  assert.deepEqual(enterprise, { segment: 'Enterprise', customers: 2, reached: 1, medianDays: 20, observedMedianDays: 20, within30: 0.5, within90: 0.5 });
  // All six: 0, 10, 20, 40, 60+, 61+: S after 0 = 5/6, after 10 = 4/6, after 20 = 3/6 → median 20.
  assert.equal(all!.customers, 6);
  assert.equal(all!.medianDays, 20);
});
