import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomerLife } from './cohorts.js';
import type { MetricsAccount } from './ledger.js';
import { timeToValueByGroup, TTV_BINS } from './time-to-value.js';

const life = (id: string, segment: string, start: string, firstChurn: string | null = null, channel: string | null = null): CustomerLife => ({
  account: { id, name: id, segment, ownerId: null, lifecycleStage: null, product: null, channel, customValue: null } satisfies MetricsAccount,
  start,
  firstChurn,
});

/** Histogram counts only (bins of 15 days), trailing empty bins dropped, for short assertions. */
const counts = (bins: { customers: number }[]) => {
  const list = bins.map((b) => b.customers);
  while (list.length && list.at(-1) === 0) list.pop();
  return list;
};

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
  const [all, enterprise, smb] = timeToValueByGroup(lives, { reachedOn: usage, asOf: '2025-07-01', by: 'segment' });
  // SMB times 0, 10, 40, 61+: S = 3/4 after day 0, 2/4 after day 10 → median 10; observed median of 0, 10, 40 = 10.
  // Histogram (15-day bins): 0 and 10 in 0–14, 40 in 30–44.
  const { histogram: smbBins, ...smbFigures } = smb!;
  assert.deepEqual(smbFigures, { group: 'SMB', customers: 4, reached: 3, medianDays: 10, observedMedianDays: 10, within30: 0.5, within90: 0.75 });
  assert.deepEqual(counts(smbBins), [2, 0, 1]);
  assert.equal(smbBins.length, TTV_BINS);
  assert.deepEqual(smbBins.at(-1), { fromDay: 165, toDay: null, customers: 0 });
  // Enterprise: 20, 60+: S = 1/2 at day 20.
  const { histogram: entBins, ...entFigures } = enterprise!;
  assert.deepEqual(entFigures, { group: 'Enterprise', customers: 2, reached: 1, medianDays: 20, observedMedianDays: 20, within30: 0.5, within90: 0.5 });
  assert.deepEqual(counts(entBins), [0, 1]);
  // All six: 0, 10, 20, 40, 60+, 61+: S after 0 = 5/6, after 10 = 4/6, after 20 = 3/6 → median 20.
  assert.equal(all!.group, '(all)');
  assert.equal(all!.customers, 6);
  assert.equal(all!.medianDays, 20);
  assert.deepEqual(counts(all!.histogram), [2, 1, 1]);
});

test('time to value to a milestone, by acquisition channel: a milestone reached only after churning is not value of that life', () => {
  const lives = [
    life('p1', 'SMB', '2025-01-01', null, 'Partner'), // milestone on day 30
    life('p2', 'SMB', '2025-01-01', null, 'Partner'), // milestone on day 90
    life('p3', 'SMB', '2025-01-01', '2025-02-01', 'Partner'), // churned on day 31, milestone on day 45 (after a win-back): censored at 31
    life('w1', 'SMB', '2025-03-01', null, 'Web'), // milestone on day 200 (after asOf 2025-06-30): censored at day 121
    life('w2', 'SMB', '2025-03-01', null, 'Web'), // milestone on day 14
    life('n1', 'SMB', '2025-04-01'), // no channel; milestone after asOf: censored at day 90
  ];
  const reachedOn = new Map([
    ['p1', '2025-01-31'],
    ['p2', '2025-04-01'],
    ['p3', '2025-02-15'],
    ['w1', '2025-09-17'],
    ['w2', '2025-03-15'],
    ['n1', '2025-09-28'],
  ]);
  const groups = timeToValueByGroup(lives, { reachedOn, asOf: '2025-06-30', by: 'channel' });
  assert.deepEqual(
    groups.map((g) => g.group),
    ['(all)', '(none)', 'Partner', 'Web'],
  );
  const partner = groups.find((g) => g.group === 'Partner')!;
  // Partner: 30, 31+, 90 → S(30) = 2/3; at 31 the censored one leaves; S(90) = 2/3 × 0 = 0 → median 90.
  assert.equal(partner.customers, 3);
  assert.equal(partner.reached, 2);
  assert.equal(partner.medianDays, 90);
  assert.equal(partner.observedMedianDays, 60);
  assert.ok(Math.abs(partner.within30 - 1 / 3) < 1e-12);
  assert.equal(partner.within90, 1);
  assert.deepEqual(counts(partner.histogram), [0, 0, 1, 0, 0, 0, 1]);
  const web = groups.find((g) => g.group === 'Web')!;
  // Web: 14, 121+ → S(14) = 1/2 → median 14; n1 (no channel) is censored at day 90 (asOf).
  assert.deepEqual([web.customers, web.reached, web.medianDays, web.within30], [2, 1, 14, 0.5]);
  const none = groups.find((g) => g.group === '(none)')!;
  assert.deepEqual([none.customers, none.reached, none.medianDays], [1, 0, null]);
});

test('time to value by start quarter', () => {
  const lives = [life('a', 'SMB', '2024-11-30'), life('b', 'SMB', '2025-01-01'), life('c', 'SMB', '2025-03-31')];
  const reachedOn = new Map([['a', '2024-12-30'], ['b', '2025-01-08'], ['c', '2025-04-10']]);
  const groups = timeToValueByGroup(lives, { reachedOn, asOf: '2025-06-30', by: 'startQuarter' });
  // 2024 Q4: 30 days; 2025 Q1: 7 and 10 days → median 7 (S drops to 1/2 at day 7).
  assert.deepEqual(
    groups.map((g) => [g.group, g.customers, g.medianDays, g.observedMedianDays]),
    [
      ['(all)', 3, 10, 10],
      ['2024 Q4', 1, 30, 30],
      ['2025 Q1', 2, 7, 8.5],
    ],
  );
});
