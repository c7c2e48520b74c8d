import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cohortTriangles, customerLives, survivalObservations } from './cohorts.js';
import { AccountLedger, toCents, type LedgerMovement, type MetricsAccount } from './ledger.js';
import type { ArrMovementKind } from '../db/schema.js';

const move = (accountId: string, occurredOn: string, kind: ArrMovementKind, before: number, after: number): LedgerMovement => ({
  id: `${accountId}-${occurredOn}`,
  accountId,
  kind,
  amountCents: toCents(after - before),
  arrAfterCents: toCents(after),
  occurredOn,
});
const account = (id: string, segment: string): MetricsAccount => ({ id, name: id, segment, ownerId: null, lifecycleStage: null, product: null, channel: null, customValue: null });

// January cohort: A 1,000 (expands to 1,500 in March), B 3,000 (churns in February).
// February cohort: C 2,000 (churns in March, back in April at 2,000: a win-back).
const LEDGER = new AccountLedger([
  move('A', '2025-01-10', 'new', 0, 1_000),
  move('A', '2025-03-05', 'expansion', 1_000, 1_500),
  move('B', '2025-01-20', 'new', 0, 3_000),
  move('B', '2025-02-14', 'churn', 3_000, 0),
  move('C', '2025-02-03', 'new', 0, 2_000),
  move('C', '2025-03-20', 'churn', 2_000, 0),
  move('C', '2025-04-02', 'reactivation', 0, 2_000),
]);
const ACCOUNTS = [account('A', 'SMB'), account('B', 'Enterprise'), account('C', 'SMB'), account('never', 'SMB')];
const LIVES = customerLives(LEDGER, ACCOUNTS);

describe('cohort triangles', () => {
  test('by start month, hand-computed: revenue and logo retention per month since start', () => {
    const rows = cohortTriangles(LEDGER, LIVES, { by: 'month', fromMonth: '2025-01', asOf: '2025-04-30', maxOffset: 36 });
    const view = rows.map((r) => ({ key: r.key, accounts: r.accounts, startArr: r.startArr, cells: r.cells.map((c) => [c.arr, c.revenueRetention, c.logoRetention]) }));
    assert.deepEqual(view, [
      {
        key: '2025-01',
        accounts: 2,
        startArr: 4_000,
        // Jan 4,000; Feb 1,000 (B gone); Mar 1,500 (A expanded); Apr 1,500.
        cells: [[4_000, 1, 1], [1_000, 0.25, 0.5], [1_500, 0.375, 0.5], [1_500, 0.375, 0.5]],
      },
      // Feb 2,000; Mar 0 (C churned); Apr 2,000 (won back).
      { key: '2025-02', accounts: 1, startArr: 2_000, cells: [[2_000, 1, 1], [0, 0, 0], [2_000, 1, 1]] },
    ]);
  });

  test('by segment, each account on its own clock: offset 2 only holds accounts two months old', () => {
    const [, smb] = cohortTriangles(LEDGER, LIVES, { by: 'segment', fromMonth: '2025-01', asOf: '2025-03-31', maxOffset: 36 });
    assert.equal(smb!.key, 'SMB');
    // A (Jan) and C (Feb): offset 1 = A in Feb (1,000) + C in Mar (0) over 3,000; offset 2 = A in Mar only.
    assert.deepEqual(smb!.cells.map((c) => [c.observedAccounts, c.baseArr, c.arr]), [[2, 3_000, 3_000], [2, 3_000, 1_000], [1, 1_000, 1_500]]);
  });
});

describe('survival observations', () => {
  test('days to first churn; the rest censored at the as-of day; a win-back keeps its first loss', () => {
    const groups = survivalObservations(LIVES, 'segment', '2025-04-30');
    assert.deepEqual(groups.get('SMB'), [
      { time: 110, event: false }, // A: 2025-01-10 → 2025-04-30
      { time: 45, event: true }, // C: 2025-02-03 → 2025-03-20
    ]);
    assert.deepEqual(groups.get('Enterprise'), [{ time: 25, event: true }]);
    assert.equal(LIVES.length, 3, 'an account that never had ARR is no customer');
  });
});
