import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { measurePlaybookOutcomes, upliftVerdict, type GroupOutcome, type OutcomeFacts } from './measure-playbook-outcomes.js';
import { newcombeDifference, wilsonInterval } from './proportion-intervals.js';

const round4 = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 10_000) / 10_000);
const groupOf = (successes: number, accounts: number): GroupOutcome => ({ accounts, successes, rate: successes / accounts, interval: wilsonInterval(successes, accounts) });

describe('measurePlaybookOutcomes', () => {
  // today 2026-12-05, window 30 days. Hand-worked:
  //   enrolled, matured: a1 (no churn; health 40 → 55), a2 (churn 10-20; 50 → 45 read on 10-29),
  //     a3 (churn 12-01, after its window; no health), a5 (churn on 10-31, the last day of its window)
  //   enrolled, still in window: a4 (entered 11-20)
  //   held out, matured: h1 (churn 10-05; 60 read on 09-28 → 60), h2 (no churn; 30 → 20 read on 11-01)
  //   a3's second entry (held out) is ignored: an account counts at its first entry.
  const entries = [
    { accountId: 'a1', isHoldout: false, enteredOn: '2026-10-01' },
    { accountId: 'a2', isHoldout: false, enteredOn: '2026-10-01' },
    { accountId: 'a3', isHoldout: true, enteredOn: '2026-11-01' },
    { accountId: 'a3', isHoldout: false, enteredOn: '2026-10-10' },
    { accountId: 'a4', isHoldout: false, enteredOn: '2026-11-20' },
    { accountId: 'a5', isHoldout: false, enteredOn: '2026-10-01' },
    { accountId: 'h1', isHoldout: true, enteredOn: '2026-10-01' },
    { accountId: 'h2', isHoldout: true, enteredOn: '2026-10-05' },
  ];
  const facts = new Map<string, OutcomeFacts>([
    ['a1', { churnDays: [], health: [{ day: '2026-10-01', score: 40 }, { day: '2026-10-31', score: 55 }] }],
    ['a2', { churnDays: ['2026-10-20'], health: [{ day: '2026-10-01', score: 50 }, { day: '2026-10-29', score: 45 }] }],
    ['a3', { churnDays: ['2026-12-01'], health: [] }],
    ['a5', { churnDays: ['2026-10-31'], health: [] }],
    ['h1', { churnDays: ['2026-10-05'], health: [{ day: '2026-09-28', score: 60 }, { day: '2026-10-31', score: 60 }] }],
    ['h2', { churnDays: [], health: [{ day: '2026-10-05', score: 30 }, { day: '2026-11-01', score: 20 }] }],
  ]);
  const result = measurePlaybookOutcomes({ entries, facts, today: '2026-12-05', windowDays: 30 });

  test('counts first entries per group and those still in their window', () => {
    assert.deepEqual(result.entries, { enrolled: 5, holdout: 2, enrolledPending: 1, holdoutPending: 0 });
  });

  test('retained: 2 of 4 enrolled vs 1 of 2 held out; uplift 0 with Newcombe −0.5356 to +0.5356', () => {
    const retained = result.outcomes.find((o) => o.kind === 'retained')!;
    assert.deepEqual([retained.enrolled.successes, retained.enrolled.accounts, retained.holdout.successes, retained.holdout.accounts], [2, 4, 1, 2]);
    // Wilson 2/4: 0.5 ± z·√(z² + 4)/(2·(4 + z²)) = 0.5 ± 0.34996; 1/2: 0.5 ± z·√(z² + 2)/(2·(2 + z²)) = 0.5 ± 0.40547.
    assert.deepEqual([round4(retained.enrolled.interval?.low), round4(retained.enrolled.interval?.high)], [0.15, 0.85]);
    assert.deepEqual([round4(retained.holdout.interval?.low), round4(retained.holdout.interval?.high)], [0.0945, 0.9055]);
    // ±√(0.34996² + 0.40547²) = ±√0.286878 = ±0.53561
    assert.deepEqual([retained.uplift?.difference, round4(retained.uplift?.low), round4(retained.uplift?.high)], [0, -0.5356, 0.5356]);
    assert.equal(retained.verdict, 'unclear');
    assert.equal(retained.statement, 'Not enough accounts yet to tell: the uplift could be anywhere from −53.6 to +53.6 points (95 % interval); 4 enrolled, 2 held out.');
    assert.equal(retained.label, 'Retained: no churn within 30 days');
  });

  test('health improved: 1 of 2 enrolled with readings (a3, a5 have none) vs 0 of 2 held out (a tie is no improvement)', () => {
    const health = result.outcomes.find((o) => o.kind === 'health_improved')!;
    assert.deepEqual([health.enrolled.successes, health.enrolled.accounts, health.holdout.successes, health.holdout.accounts], [1, 2, 0, 2]);
    assert.equal(health.uplift?.difference, 0.5);
    assert.equal(health.verdict, 'unclear');
  });

  test('mean health change per group: (15 − 5)/2 = +5 enrolled, (0 − 10)/2 = −5 held out', () => {
    assert.deepEqual(result.meanHealthChange, { enrolled: 5, holdout: -5 });
  });

  test('no holdout, or nothing matured yet, says so instead of a number', () => {
    const noHoldout = measurePlaybookOutcomes({ entries: entries.filter((e) => !e.isHoldout), facts, today: '2026-12-05', windowDays: 30 });
    assert.equal(noHoldout.outcomes[0]!.verdict, 'no_holdout');
    assert.match(noHoldout.outcomes[0]!.statement, /no control group/);
    const none = measurePlaybookOutcomes({ entries: [], facts, today: '2026-12-05', windowDays: 30 });
    assert.deepEqual([none.outcomes[0]!.verdict, none.outcomes[0]!.statement], ['too_early', 'No account has entered this playbook yet.']);
    const early = measurePlaybookOutcomes({ entries, facts, today: '2026-10-20', windowDays: 30 });
    assert.equal(early.outcomes[0]!.verdict, 'too_early');
    assert.equal(early.outcomes[0]!.uplift, null);
    assert.deepEqual(early.entries, { enrolled: 5, holdout: 2, enrolledPending: 5, holdoutPending: 2 });
  });
});

describe('outcomes a playbook names', () => {
  // Entered 10-01, today 12-05 (65 days), window 30. Usage compares the mean per day over the 14 days up to entry
  // (09-18..10-01) with the 14 days up to 10-31 (10-18..10-31); missing days count as 0.
  //   u1: 2 users on 3 days before (6/14), 3 on 3 days after (9/14): higher. u2: 5 on 1 day before, none after: lower.
  //   u3: no usage rows at all: left out. h1 (held out): nothing before, 1 user on 1 day after: higher.
  // No churn within 60 days (to 11-30): u2 churned 11-15 (after the 30-day window, inside 60); a fixed horizon
  // of 90 days is not yet matured for anybody.
  const entries = [
    { accountId: 'u1', isHoldout: false, enteredOn: '2026-10-01' },
    { accountId: 'u2', isHoldout: false, enteredOn: '2026-10-01' },
    { accountId: 'u3', isHoldout: false, enteredOn: '2026-10-01' },
    { accountId: 'h1', isHoldout: true, enteredOn: '2026-10-01' },
  ];
  const usage = (days: string[], users: number) => days.map((day) => ({ day, activeUsers: users, events: users * 10 }));
  const facts = new Map<string, OutcomeFacts>([
    ['u1', { churnDays: [], health: [], usage: [...usage(['2026-09-20', '2026-09-25', '2026-10-01'], 2), ...usage(['2026-10-20', '2026-10-25', '2026-10-31'], 3)] }],
    ['u2', { churnDays: ['2026-11-15'], health: [], usage: usage(['2026-09-30'], 5) }],
    ['u3', { churnDays: [], health: [] }],
    ['h1', { churnDays: [], health: [], usage: usage(['2026-10-30'], 1) }],
  ]);
  const result = measurePlaybookOutcomes({
    entries,
    facts,
    today: '2026-12-05',
    windowDays: 30,
    outcomes: [{ kind: 'usage_change', measure: 'active_users' }, { kind: 'no_churn_within', days: 60 }, { kind: 'no_churn_within', days: 90 }],
  });

  test('reports exactly the named outcomes, in order, with their labels', () => {
    assert.deepEqual(result.outcomes.map((o) => [o.key, o.label]), [
      ['usage_change:active_users', 'Active users per day higher 30 days after entry than before'],
      ['no_churn_within:60', 'No churn within 60 days of entry'],
      ['no_churn_within:90', 'No churn within 90 days of entry'],
    ]);
  });

  test('usage higher: 1 of 2 enrolled (u3 has no data) vs 1 of 1 held out', () => {
    const [usageOutcome] = result.outcomes;
    assert.deepEqual([usageOutcome!.enrolled.successes, usageOutcome!.enrolled.accounts, usageOutcome!.holdout.successes, usageOutcome!.holdout.accounts], [1, 2, 1, 1]);
  });

  test('no churn within 60 days: 2 of 3 enrolled; within 90 days nobody has matured yet', () => {
    assert.deepEqual([result.outcomes[1]!.enrolled.successes, result.outcomes[1]!.enrolled.accounts, result.outcomes[1]!.holdout.accounts], [2, 3, 1]);
    assert.equal(result.outcomes[2]!.enrolled.accounts, 0);
    assert.equal(result.outcomes[2]!.verdict, 'too_early');
  });
});

describe('upliftVerdict', () => {
  const verdictOf = (enrolled: [number, number], holdout: [number, number]) => {
    const e = groupOf(...enrolled);
    const h = groupOf(...holdout);
    const uplift = newcombeDifference({ successes: e.successes, trials: e.accounts }, { successes: h.successes, trials: h.accounts });
    return upliftVerdict({ enrolled: e, holdout: h, uplift, enrolledEntries: e.accounts, holdoutEntries: h.accounts, windowDays: 90 });
  };

  test('an interval above 0 says the play works (Newcombe example a: 56/70 − 48/80 = +20, +5.2 to +33.4)', () => {
    assert.deepEqual(verdictOf([56, 70], [48, 80]), {
      verdict: 'works',
      statement: 'The play works: enrolled accounts did better by +20 points, +5.2 to +33.4 points (95 % interval); 70 enrolled, 80 held out.',
    });
  });

  test('an interval below 0 says enrolled accounts did worse', () => {
    assert.deepEqual(verdictOf([48, 80], [56, 70]), {
      verdict: 'harms',
      statement: 'Enrolled accounts did worse, by −20 points, −33.4 to −5.2 points (95 % interval); 80 enrolled, 70 held out.',
    });
  });

  test('an interval spanning 0 says there are not enough accounts yet (example d: 5/56 − 0/29)', () => {
    const result = verdictOf([5, 56], [0, 29]);
    assert.equal(result.verdict, 'unclear');
    assert.equal(result.statement, 'Not enough accounts yet to tell: the uplift could be anywhere from −3.8 to +19.3 points (95 % interval); 56 enrolled, 29 held out.');
  });
});
