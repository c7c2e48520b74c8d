import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankRootCauses, type NegativeMoment, type RootCauseAccount } from './root-causes.js';

const account = (id: string, lost: RootCauseAccount['lost'] = null, lostOn: string | null = null): RootCauseAccount => ({ accountId: id, name: id, lost, lostOn });
const neg = (accountId: string, day: string, stage: string, team = 'support'): NegativeMoment => ({
  id: `${accountId}-${day}`, accountId, occurredAt: new Date(`${day}T10:00:00Z`), stage, team, channel: 'ticket', kind: 'ticket_opened', title: 't', reason: 'r', intensity: 1,
});

test('lift: churn among accounts with a negative moment in a stage against those without, with counts', () => {
  // 10 accounts: 4 with a bad onboarding moment (3 churned), 6 without (1 churned).
  const accounts = [
    account('a1', 'churned', '2026-06-01'), account('a2', 'churned', '2026-06-01'), account('a3', 'churned', '2026-06-01'), account('a4'),
    account('b1', 'churned', '2026-06-01'), account('b2'), account('b3'), account('b4'), account('b5'), account('b6', 'contracted', '2026-05-01'),
  ];
  const moments = [
    neg('a1', '2026-01-10', 'Adoption', 'onboarding'), neg('a1', '2026-03-10', 'Performance'),
    neg('a2', '2026-01-12', 'Adoption', 'onboarding'), neg('a3', '2026-01-14', 'Adoption', 'onboarding'), neg('a4', '2026-01-20', 'Adoption', 'onboarding'),
    neg('b1', '2026-04-01', 'Performance'), neg('b2', '2026-04-01', 'Performance'),
    // On the churn day itself: the leaving, not a cause.
    neg('b1', '2026-06-01', 'Renewal'),
  ];
  const report = rankRootCauses({ accounts, negativeMoments: moments, minAccounts: 2 });
  assert.equal(report.accounts, 10);
  assert.equal(report.churned, 4);
  const [top, second] = report.dimensions.stage;
  // Adoption: 3 of 4 churned (0.75) vs 1 of 6 without (0.167) → lift 4.5
  assert.deepEqual(top, { value: 'Adoption', accounts: 4, churned: 3, churnRate: 0.75, accountsWithout: 6, churnedWithout: 1, churnRateWithout: 0.167, lift: 4.5, firstNegative: 3 });
  // Performance: a1, b1, b2 → 2 of 3 (0.667) vs 2 of 7 (0.286) → lift 2.333
  assert.deepEqual(second, { value: 'Performance', accounts: 3, churned: 2, churnRate: 0.667, accountsWithout: 7, churnedWithout: 2, churnRateWithout: 0.286, lift: 2.333, firstNegative: 1 });
  assert.equal(report.dimensions.stage.length, 2, 'the churn-day moment is left out');
  assert.equal(report.dimensions.team[0]!.value, 'onboarding');
  // Lost accounts, latest first, with their earliest negative moments.
  assert.deepEqual(report.lostAccounts.map((a) => [a.accountId, a.lost, a.earliestNegative.map((m) => m.stage)]), [
    ['a1', 'churned', ['Adoption', 'Performance']],
    ['a2', 'churned', ['Adoption']],
    ['a3', 'churned', ['Adoption']],
    ['b1', 'churned', ['Performance']],
    ['b6', 'contracted', []],
  ]);
});

test('a value with too few accounts ranks after those with enough, whatever its lift', () => {
  const report = rankRootCauses({
    accounts: [account('a', 'churned', '2026-06-01'), account('b'), account('c'), account('d', 'churned', '2026-06-01')],
    negativeMoments: [neg('a', '2026-01-01', 'Trial'), neg('b', '2026-01-01', 'Adoption'), neg('c', '2026-01-01', 'Adoption')],
    minAccounts: 2,
  });
  assert.deepEqual(report.dimensions.stage.map((r) => [r.value, r.lift]), [['Adoption', 0], ['Trial', 3]]);
});
