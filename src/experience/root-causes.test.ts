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
  const noStalls = { stalled: 0, stalledRate: 0, stalledWithout: 0, stalledRateWithout: 0, stalledLift: null, firstNegativeStalled: 0 };
  assert.deepEqual(top, { value: 'Adoption', accounts: 4, churned: 3, churnRate: 0.75, accountsWithout: 6, churnedWithout: 1, churnRateWithout: 0.167, lift: 4.5, firstNegative: 3, ...noStalls });
  // Performance: a1, b1, b2 → 2 of 3 (0.667) vs 2 of 7 (0.286) → lift 2.333
  assert.deepEqual(second, { value: 'Performance', accounts: 3, churned: 2, churnRate: 0.667, accountsWithout: 7, churnedWithout: 2, churnRateWithout: 0.286, lift: 2.333, firstNegative: 1, ...noStalls });
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

test('stalled accounts: their earliest negative moments before they got stuck, and a stall lift apart from the churn lift', () => {
  const stalled = (id: string, stage: string, since: string, enteredOn: string): RootCauseAccount => ({ ...account(id), stalled: { stage, since, enteredOn } });
  // 8 accounts: 2 churned after a bad sale; 3 stalled in Adoption, 2 of them after a bad onboarding; 3 fine.
  const accounts = [
    account('c1', 'churned', '2026-06-01'), account('c2', 'churned', '2026-07-01'),
    stalled('s1', 'Adoption', '2026-05-10', '2026-02-01'), stalled('s2', 'Adoption', '2026-05-20', '2026-02-10'), stalled('s3', 'Adoption', '2026-06-01', '2026-03-01'),
    account('f1'), account('f2'), account('f3'),
  ];
  const moments = [
    neg('c1', '2026-01-05', 'Decision & Contract', 'sales'), neg('c2', '2026-01-06', 'Decision & Contract', 'sales'),
    neg('s1', '2026-02-15', 'Adoption', 'onboarding'), neg('s2', '2026-02-20', 'Adoption', 'onboarding'), neg('f1', '2026-03-01', 'Adoption', 'onboarding'),
    neg('s1', '2026-01-20', 'Decision & Contract', 'sales'),
    // After s3 got stuck: a consequence, not a cause.
    neg('s3', '2026-06-02', 'Adoption', 'support'),
  ];
  const report = rankRootCauses({ accounts, negativeMoments: moments, minAccounts: 2 });
  assert.deepEqual([report.accounts, report.churned, report.stalled], [8, 2, 3]);
  const adoption = report.dimensions.stage.find((r) => r.value === 'Adoption')!;
  // s1, s2, f1 had one: 2 of 3 stalled (0.667) vs 1 of 5 without (s3: 0.2) → stall lift 3.333; nobody churned.
  assert.deepEqual(
    [adoption.accounts, adoption.churned, adoption.stalled, adoption.stalledRate, adoption.stalledWithout, adoption.stalledRateWithout, adoption.stalledLift, adoption.firstNegativeStalled],
    [3, 0, 2, 0.667, 1, 0.2, 3.333, 1],
  );
  const sale = report.dimensions.stage.find((r) => r.value === 'Decision & Contract')!;
  // c1, c2, s1: the churn group and the stall group stay apart.
  assert.deepEqual([sale.churned, sale.firstNegative, sale.stalled, sale.firstNegativeStalled], [2, 2, 1, 1]);
  assert.equal(report.dimensions.team.find((r) => r.value === 'support'), undefined, 'the moment after the stall is left out');
  assert.deepEqual(report.stalledAccounts.map((a) => [a.accountId, a.stalled.stage, a.earliestNegative.map((m) => m.stage)]), [
    ['s1', 'Adoption', ['Decision & Contract', 'Adoption']],
    ['s2', 'Adoption', ['Adoption']],
    ['s3', 'Adoption', []],
  ]);
  assert.deepEqual(report.lostAccounts.map((a) => a.accountId), ['c2', 'c1']);
});
