import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArrMovementKind } from '../db/schema.js';
import { bridgeAmounts, bridgeGap, bridgeToMrr, computeBridgeParts, groupAccounts, retentionRatios } from './arr-bridge.js';
import { AccountLedger, toCents, type LedgerMovement, type MetricsAccount } from './ledger.js';
import { resolvePeriod } from './period.js';

let nextId = 0;
/** An account's ledger from (day, kind, ARR after) steps, amounts taken as the differences. */
function history(accountId: string, steps: [string, ArrMovementKind, number][]): LedgerMovement[] {
  let before = 0;
  return steps.map(([occurredOn, kind, arrAfter]) => {
    const m = { id: `m${++nextId}`, accountId, kind, amountCents: toCents(arrAfter) - before, arrAfterCents: toCents(arrAfter), occurredOn };
    before = toCents(arrAfter);
    return m;
  });
}
const account = (id: string, segment: string | null): MetricsAccount => ({ id, name: id, segment, ownerId: null, lifecycleStage: null, product: null, channel: null, customValue: null });

const LEDGER = new AccountLedger([
  // A: upgraded mid-quarter.
  ...history('A', [['2024-03-01', 'new', 12_000], ['2025-02-10', 'expansion', 18_000]]),
  // B: churns on the quarter's last day.
  ...history('B', [['2024-06-01', 'new', 10_000], ['2025-03-31', 'churn', 0]]),
  // C: a three-year contract signed in 2023, cut by 5,000.50 (cents must survive).
  ...history('C', [['2023-01-01', 'new', 30_000], ['2025-01-15', 'contraction', 24_999.5]]),
  // D: churned before the quarter, won back inside it: reactivation, not in the cohort.
  ...history('D', [['2024-01-01', 'new', 5_000], ['2024-12-31', 'churn', 0], ['2025-02-01', 'reactivation', 7_000]]),
  // E: new in the quarter and upgraded in the same quarter.
  ...history('E', [['2025-01-20', 'new', 8_000], ['2025-03-01', 'expansion', 10_000]]),
  // F: in the cohort, churns in January and comes back bigger in March.
  ...history('F', [['2024-05-01', 'new', 4_000], ['2025-01-31', 'churn', 0], ['2025-03-15', 'reactivation', 4_500]]),
  // G: odd cents; its expansion after the quarter must not count.
  ...history('G', [['2024-02-01', 'new', 1_000.01], ['2025-04-05', 'expansion', 2_000]]),
]);
const ACCOUNTS = [account('A', 'Enterprise'), account('B', 'SMB'), account('C', 'Enterprise'), account('D', 'SMB'), account('E', 'SMB'), account('F', 'SMB'), account('G', null)];
const Q1 = resolvePeriod({ period: 'quarter', anchor: '2025-02' }, new Date());

describe('ARR bridge, hand-computed on seven accounts over 2025 Q1', () => {
  const parts = computeBridgeParts(LEDGER, ACCOUNTS, Q1);

  test('start → new, expansion, contraction, churn, reactivation → end, to the cent', () => {
    assert.deepEqual(Q1, { kind: 'quarter', from: '2025-01-01', to: '2025-03-31', label: '2025 Q1' });
    // start 12,000 + 10,000 + 30,000 + 4,000 + 1,000.01; end 18,000 + 24,999.50 + 7,000 + 10,000 + 4,500 + 1,000.01.
    assert.deepEqual(bridgeAmounts(parts.bridge, 'arr'), {
      start: 57_000.01,
      new: 8_000,
      expansion: 8_000, // A's 6,000 and E's 2,000 upgrade in its first quarter
      contraction: -5_000.5,
      churn: -14_000, // B and F (F's later win-back is a reactivation, not a cancelled churn)
      reactivation: 11_500, // D 7,000 + F 4,500
      end: 65_499.51,
    });
    assert.equal(bridgeGap(parts.bridge), 0);
    assert.deepEqual(parts.movementCounts, { new: 1, expansion: 2, contraction: 1, churn: 2, reactivation: 2 });
    assert.equal(parts.startAccounts, 5);
    assert.equal(parts.endAccounts, 6);
  });

  test('NRR, GRR, logo churn and expansion rate on the cohort with ARR at the start (A, B, C, F, G)', () => {
    assert.deepEqual(parts.retention, {
      cohortAccounts: 5,
      cohortStart: 5_700_001,
      cohortEnd: 4_849_951, // 18,000 + 0 + 24,999.50 + 4,500 + 1,000.01
      cohortEndCapped: 4_199_951, // 12,000 + 0 + 24,999.50 + 4,000 + 1,000.01
      cohortExpansion: 650_000, // A +6,000, F +500
      churnedLogos: 1, // B only: F has ARR again at the end
    });
    const ratios = retentionRatios(parts.retention);
    assert.equal(ratios.nrr, 4_849_951 / 5_700_001); // 0.8509
    assert.equal(ratios.grr, 4_199_951 / 5_700_001); // 0.7368
    assert.equal(ratios.logoChurn, 0.2);
    assert.equal(ratios.logoRetention, 0.8);
    assert.equal(ratios.expansionRate, 650_000 / 5_700_001); // 0.1140
  });

  test('MRR: ÷ 12 with largest-remainder rounding, so it still adds up to the cent', () => {
    const mrr = bridgeToMrr(parts.bridge);
    // 5,700,001 / 12 = 475,000.08 → 475,000; 6,549,951 / 12 = 545,829.25 → 545,829. Floors leave 2 cents,
    // which go to the largest remainders: new and expansion (800,000 mod 12 = 8 each).
    assert.deepEqual(mrr, { start: 475_000, end: 545_829, new: 66_667, expansion: 66_667, contraction: -41_671, churn: -116_667, reactivation: 95_833 });
    assert.equal(bridgeGap(mrr), 0);
  });

  test('breakdown by segment: groups partition the accounts and their bridges sum to the whole', () => {
    const groups = groupAccounts(ACCOUNTS, 'segment');
    assert.deepEqual([...groups.keys()], ['Enterprise', 'SMB', null]);
    const enterprise = computeBridgeParts(LEDGER, groups.get('Enterprise')!, Q1);
    assert.deepEqual(bridgeAmounts(enterprise.bridge, 'arr'), { start: 42_000, new: 0, expansion: 6_000, contraction: -5_000.5, churn: 0, reactivation: 0, end: 42_999.5 });
    const sum = [...groups.values()].map((accounts) => computeBridgeParts(LEDGER, accounts, Q1).bridge.end).reduce((a, b) => a + b, 0);
    assert.equal(sum, parts.bridge.end);
  });

  test('a month and a trailing twelve months use the same ledger', () => {
    const feb = computeBridgeParts(LEDGER, ACCOUNTS, resolvePeriod({ period: 'month', anchor: '2025-02' }, new Date()));
    assert.deepEqual(bridgeAmounts(feb.bridge, 'arr'), { start: 55_999.51, new: 0, expansion: 6_000, contraction: 0, churn: 0, reactivation: 7_000, end: 68_999.51 });
    const ttm = resolvePeriod({ period: 'ttm', anchor: '2025-03' }, new Date());
    assert.deepEqual([ttm.from, ttm.to], ['2024-04-01', '2025-03-31']);
    const year = computeBridgeParts(LEDGER, ACCOUNTS, ttm);
    assert.equal(bridgeGap(year.bridge), 0);
    // Cohort on 2024-03-31: A, C, D, G (B and F started later). D churned inside the year and
    // came back at 7,000, so it counts as kept (and expanded) in NRR, capped at 5,000 in GRR.
    assert.equal(year.retention.cohortAccounts, 4);
    assert.equal(year.retention.cohortStart, toCents(12_000 + 30_000 + 5_000 + 1_000.01));
    assert.equal(year.retention.cohortEnd, toCents(18_000 + 24_999.5 + 7_000 + 1_000.01));
    assert.equal(year.retention.cohortEndCapped, toCents(12_000 + 24_999.5 + 5_000 + 1_000.01));
  });
});
