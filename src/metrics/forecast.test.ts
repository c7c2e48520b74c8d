import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArrMovementKind } from '../db/schema.js';
import {
  backtestForecast,
  brierScore,
  calibrationBins,
  churnModelSource,
  countSources,
  forecastRenewals,
  pastRenewals,
  ratesLookup,
  renewalRatesBySegment,
  segmentHistorySource,
  sumForecasts,
  type RenewalProbabilitySource,
} from './forecast.js';
import { AccountLedger, toCents, type LedgerMovement, type MetricsAccount } from './ledger.js';

let nextId = 0;
function history(accountId: string, steps: [string, ArrMovementKind, number][]): LedgerMovement[] {
  let before = 0;
  return steps.map(([occurredOn, kind, arrAfter]) => {
    const m = { id: `m${++nextId}`, accountId, kind, amountCents: toCents(arrAfter) - before, arrAfterCents: toCents(arrAfter), occurredOn };
    before = toCents(arrAfter);
    return m;
  });
}
const account = (id: string, segment: string, ownerId: string | null = null): MetricsAccount => ({ id, name: id, segment, ownerId, lifecycleStage: null, product: null, channel: null, customValue: null });

/**
 * Six renewals known by 2025-01-01 — SMB: S1 flat, S2 ×1.5, S3 churned (booked on its last
 * day), S4 ×0.6; Enterprise: E1 flat, E2 churned mid-term. Then, after 2025-01-01: S1 churns
 * at its renewal, S2 renews flat, S4 expands to 9,000, E1 churns mid-term.
 */
const LEDGER = new AccountLedger([
  ...history('S1', [['2023-01-10', 'new', 10_000], ['2025-01-10', 'churn', 0]]),
  ...history('S2', [['2023-02-01', 'new', 10_000], ['2024-02-01', 'expansion', 15_000]]),
  ...history('S3', [['2023-03-01', 'new', 8_000], ['2024-02-29', 'churn', 0]]),
  ...history('S4', [['2023-04-01', 'new', 10_000], ['2024-04-01', 'contraction', 6_000], ['2025-04-01', 'expansion', 9_000]]),
  ...history('E1', [['2023-05-01', 'new', 100_000], ['2025-03-01', 'churn', 0]]),
  ...history('E2', [['2023-06-01', 'new', 50_000], ['2023-11-15', 'churn', 0]]),
]);
const ACCOUNTS = [account('S1', 'SMB', 'ann'), account('S2', 'SMB', 'bob'), account('S3', 'SMB'), account('S4', 'SMB', 'ann'), account('E1', 'Enterprise', 'bob'), account('E2', 'Enterprise')];

const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('renewal history read back from the ledger', () => {
  test('each anniversary with ARR is a renewal; outcome from ARR a week either side', () => {
    const past = pastRenewals(LEDGER, ACCOUNTS, '2025-01-01');
    assert.deepEqual(
      past.map((r) => [r.account.id, r.renewalOn, r.beforeCents / 100, r.afterCents / 100, r.outcome]),
      [
        ['S1', '2024-01-10', 10_000, 10_000, 'renewed'],
        ['S2', '2024-02-01', 10_000, 15_000, 'expanded'],
        ['S3', '2024-03-01', 8_000, 0, 'churned'],
        ['S4', '2024-04-01', 10_000, 6_000, 'contracted'],
        ['E1', '2024-05-01', 100_000, 100_000, 'renewed'],
        // Mid-term churn: the term's starting ARR is what was lost at its renewal.
        ['E2', '2024-06-01', 50_000, 0, 'churned'],
      ],
    );
  });

  test('segment rates shrink toward the workspace’s with weight 5', () => {
    const rates = renewalRatesBySegment(pastRenewals(LEDGER, ACCOUNTS, '2025-01-01'));
    // Pooled: 6 renewals, 2 flat, 1 expanded (×1.5), 1 contracted (×0.6), 2 churned.
    assert.deepEqual(rates.all, { renewals: 6, renewed: 2 / 6, expanded: 1 / 6, contracted: 1 / 6, churned: 2 / 6, expansionRatio: 1.5, contractionRatio: 0.6 });
    const smb = rates.bySegment.get('SMB')!;
    // (1 + 5·⅓) ÷ (4 + 5) = 8/27; (1 + 5·⅙) ÷ 9 = 11/54.
    close(smb.churned, 8 / 27);
    close(smb.renewed, 8 / 27);
    close(smb.expanded, 11 / 54);
    close(smb.contracted, 11 / 54);
    close(smb.expansionRatio, 1.5);
    const enterprise = rates.bySegment.get('Enterprise')!;
    close(enterprise.churned, (1 + 5 / 3) / 7);
    close(enterprise.expanded, 5 / 6 / 7);
  });
});

describe('renewal forecast', () => {
  const rates = renewalRatesBySegment(pastRenewals(LEDGER, ACCOUNTS, '2025-01-01'));
  const lookup = ratesLookup(rates);

  test('expected ARR = p·A·(q_flat + q_exp·ē + q_con·c̄), split into churn, expansion and contraction', () => {
    const { forecasts } = forecastRenewals([{ contractId: 'c1', account: account('N', 'SMB', 'ann'), renewalOn: '2025-03-15', arrCents: 1_200_000 }], segmentHistorySource(lookup), lookup);
    const f = forecasts[0]!;
    // p = 19/27; given renewal q_flat = 8/19, q_exp = q_con = 11/38.
    close(f.probability, 19 / 27);
    close(f.expectedChurnCents / 100, -12_000 * 8 / 27); // −3,555.56
    close(f.expectedExpansionCents / 100, 12_000 * (19 / 27) * (11 / 38) * 0.5); // 1,222.22
    close(f.expectedContractionCents / 100, -12_000 * (19 / 27) * (11 / 38) * 0.4); // −977.78
    close(f.expectedArrCents / 100, (12_000 * 39.1) / 54); // 8,688.89
  });

  test('a pluggable probability source replaces P(renew) and keeps the segment’s mix', () => {
    const model: RenewalProbabilitySource = { name: 'churn-model', probability: (r) => (r.account.id === 'N' ? 0.9 : null) };
    const due = [
      { contractId: 'c1', account: account('N', 'SMB'), renewalOn: '2025-03-15', arrCents: 1_000_000 },
      { contractId: 'c2', account: account('M', 'SMB'), renewalOn: '2025-03-20', arrCents: 1_000_000 },
    ];
    const { forecasts, unestimated } = forecastRenewals(due, model, lookup);
    assert.deepEqual(unestimated.map((r) => r.account.id), ['M']);
    close(forecasts[0]!.expectedArrCents / 100, 10_000 * 0.9 * (16 + 16.5 + 6.6) / 38);
  });

  test('the churn model gives P(renew) = 1 − risk where it scored the account, segment history elsewhere, each row labelled', () => {
    const source = churnModelSource(new Map([['N', { probability: 0.25, modelVersion: 3, asOf: '2025-03-01', horizonDays: 180 }]]), segmentHistorySource(lookup));
    const due = [
      { contractId: 'c1', account: account('N', 'SMB'), renewalOn: '2025-03-15', arrCents: 1_000_000 },
      { contractId: 'c2', account: account('M', 'SMB'), renewalOn: '2025-03-20', arrCents: 1_000_000 },
    ];
    const { forecasts } = forecastRenewals(due, source, lookup);
    assert.deepEqual(forecasts.map((f) => [f.account.id, f.source]), [['N', 'churn model v3'], ['M', 'segment history']]);
    close(forecasts[0]!.probability, 0.75);
    close(forecasts[1]!.probability, 19 / 27);
    // The renewal mix stays the segment's: E[ARR] = 10,000 × 0.75 × (16 + 16.5 + 6.6) ÷ 38.
    close(forecasts[0]!.expectedArrCents / 100, (10_000 * 0.75 * (16 + 16.5 + 6.6)) / 38);
    assert.deepEqual(countSources(forecasts), [{ source: 'churn model v3', contracts: 1 }, { source: 'segment history', contracts: 1 }]);
    assert.equal(source.name, 'churn model, else segment history');
    // No renewal history at all: the model's p still forecasts, the renewal read as flat.
    const bare = forecastRenewals(due, churnModelSource(new Map([['N', { probability: 0.25, modelVersion: 3, asOf: '2025-03-01', horizonDays: 180 }]]), segmentHistorySource(() => null)), () => null);
    assert.deepEqual([bare.forecasts.map((f) => [f.account.id, f.expectedArrCents / 100, f.expectedChurnCents / 100]), bare.unestimated.map((r) => r.account.id)], [[['N', 7_500, -2_500]], ['M']]);
  });

  test('a renewal after the prediction’s horizon is forecast from segment history: the risk says nothing about it', () => {
    const source = churnModelSource(new Map([['N', { probability: 0.25, modelVersion: 3, asOf: '2025-03-01', horizonDays: 180 }]]), segmentHistorySource(lookup));
    const due = [
      // 2025-03-01 + 180 days = 2025-08-28: the last renewal the prediction covers.
      { contractId: 'c1', account: account('N', 'SMB'), renewalOn: '2025-08-28', arrCents: 1_000_000 },
      { contractId: 'c2', account: account('N', 'SMB'), renewalOn: '2025-08-29', arrCents: 1_000_000 },
    ];
    const { forecasts } = forecastRenewals(due, source, lookup);
    assert.deepEqual(forecasts.map((f) => [f.renewalOn, f.source]), [['2025-08-28', 'churn model v3'], ['2025-08-29', 'segment history']]);
    close(forecasts[0]!.probability, 0.75);
    close(forecasts[1]!.probability, 19 / 27);
  });

  test('weighted sums by month and by CSM', () => {
    const { forecasts } = forecastRenewals(
      [
        { contractId: 'a', account: account('X', 'SMB', 'ann'), renewalOn: '2025-03-15', arrCents: 1_200_000 },
        { contractId: 'b', account: account('Y', 'SMB', 'ann'), renewalOn: '2025-04-02', arrCents: 1_200_000 },
        { contractId: 'c', account: account('Z', 'SMB', 'bob'), renewalOn: '2025-04-30', arrCents: 1_200_000 },
      ],
      segmentHistorySource(lookup),
      lookup,
    );
    const byMonth = sumForecasts(forecasts, (f) => f.renewalOn.slice(0, 7));
    assert.deepEqual(byMonth.map((m) => [m.key, m.contracts, m.arr, m.expectedArr]), [['2025-03', 1, 12_000, 8_688.89], ['2025-04', 2, 24_000, 17_377.78]]);
    const byCsm = sumForecasts(forecasts, (f) => f.account.ownerId ?? '');
    assert.deepEqual(byCsm.map((m) => [m.key, m.expectedArr, m.expectedChurn]), [['ann', 17_377.78, -7_111.11], ['bob', 8_688.89, -3_555.56]]);
    close(byCsm[0]!.expectedRenewals, 38 / 27);
  });
});

describe('backtest', () => {
  test('Brier score and calibration bins by hand', () => {
    const pairs = [{ probability: 0.8, renewed: true }, { probability: 0.8, renewed: false }, { probability: 0.3, renewed: false }];
    close(brierScore(pairs), (0.04 + 0.64 + 0.09) / 3);
    assert.equal(brierScore([]), null);
    assert.deepEqual(calibrationBins(pairs), [
      { from: 0.3, to: 0.4, count: 1, meanPredicted: 0.3, actualRate: 0 },
      { from: 0.8, to: 0.9, count: 2, meanPredicted: 0.8, actualRate: 0.5 },
    ]);
  });

  test('forecasts as of a date from what was known then, and scores it against what happened', () => {
    const result = backtestForecast(LEDGER, ACCOUNTS, { asOf: '2025-01-01', knownBy: '2026-01-01', horizonMonths: 12 });
    // No leakage: the rates are those of the six renewals before 2025-01-01.
    assert.equal(result.rates.all!.renewals, 6);
    assert.deepEqual(
      result.outcomes.map((o) => [o.forecast.account.id, o.forecast.renewalOn, o.forecast.arrCents / 100, o.renewed, o.actualArrCents / 100]),
      [
        ['S1', '2025-01-10', 10_000, false, 0],
        ['S2', '2025-02-01', 15_000, true, 15_000],
        ['S4', '2025-04-01', 6_000, true, 9_000],
        ['E1', '2025-05-01', 100_000, false, 0],
      ],
    );
    // SMB p = 19/27 (S1 churned, S2 and S4 renewed), Enterprise p = 13/21 (E1 churned).
    close(result.brier, ((19 / 27) ** 2 + 2 * (8 / 27) ** 2 + (13 / 21) ** 2) / 4);
    // Baseline: p = 4/6 for everyone.
    close(result.baselineBrier, (2 * (2 / 3) ** 2 + 2 * (1 / 3) ** 2) / 4);
    assert.deepEqual(result.calibration.map((b) => [b.from, b.count, b.actualRate]), [[0.6, 1, 0], [0.7, 3, 2 / 3]]);
  });

  test('the backtest uses a churn prediction only if it was made by asOf, and scores each source apart', () => {
    const predictions = new Map([
      ['S1', { probability: 0.9, modelVersion: 1, asOf: '2024-12-01', horizonDays: 180 }],
      // Made after asOf: it has seen what is being scored, so segment history stands in.
      ['E1', { probability: 0.9, modelVersion: 2, asOf: '2025-02-01', horizonDays: 180 }],
    ]);
    const result = backtestForecast(LEDGER, ACCOUNTS, { asOf: '2025-01-01', knownBy: '2026-01-01', horizonMonths: 12, predictions });
    assert.deepEqual(result.outcomes.map((o) => [o.forecast.account.id, o.forecast.source]), [
      ['S1', 'churn model v1'],
      ['S2', 'segment history'],
      ['S4', 'segment history'],
      ['E1', 'segment history'],
    ]);
    // S1 churned with p = 0.1: (0.1)²; the other three as in the segment-history backtest.
    close(result.brier, (0.01 + 2 * (8 / 27) ** 2 + (13 / 21) ** 2) / 4);
    assert.equal(result.source, 'churn model, else segment history');
    assert.deepEqual(result.bySource.map((s) => [s.source, s.renewals]), [['segment history', 3], ['churn model v1', 1]]);
    close(result.bySource[1]!.brier, 0.01);
    close(result.bySource[0]!.brier, (2 * (8 / 27) ** 2 + (13 / 21) ** 2) / 3);
  });

  test('renewals whose outcome is not yet known are left out', () => {
    const result = backtestForecast(LEDGER, ACCOUNTS, { asOf: '2025-01-01', knownBy: '2025-03-01', horizonMonths: 12 });
    assert.deepEqual(result.outcomes.map((o) => o.forecast.account.id), ['S1', 'S2']);
  });
});
