import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { arrBand, arrOnDay, matchSimilarAccounts, profileOn, type Profile } from './match-similar-accounts.js';
import { compareWithMatched, type OutcomeFacts } from './measure-playbook-outcomes.js';

const profile = (segment: string, arrBandIndex: number, healthBand: string, healthScore: number): Profile => ({ segment, arrBand: arrBandIndex, healthBand, healthScore });

describe('point-in-time profile', () => {
  test('ARR on a day: each contract’s last movement by then, summed (s1 10k → 30k on 03-01; s2 5k from 02-01 → churned 04-01)', () => {
    const ledger = [
      { day: '2026-01-01', subscriptionId: 's1', arrAfter: 10_000 },
      { day: '2026-02-01', subscriptionId: 's2', arrAfter: 5_000 },
      { day: '2026-03-01', subscriptionId: 's1', arrAfter: 30_000 },
      { day: '2026-04-01', subscriptionId: 's2', arrAfter: 0 },
    ];
    assert.equal(arrOnDay(ledger, '2025-12-31'), 0);
    assert.equal(arrOnDay(ledger, '2026-02-15'), 15_000);
    assert.equal(arrOnDay(ledger, '2026-03-01'), 35_000);
    assert.equal(arrOnDay(ledger, '2026-04-01'), 30_000);
  });

  test('bands: 9,999 → 0, 10,000 → 1, 99,999 → 2, 250,000 → 4', () => {
    assert.deepEqual([9_999, 10_000, 99_999, 250_000].map(arrBand), [0, 1, 2, 4]);
  });

  test('no customer (ARR 0) or no health reading that day: no profile', () => {
    const arr = [{ day: '2026-01-01', subscriptionId: null, arrAfter: 20_000 }];
    assert.deepEqual(profileOn({ segment: 'SMB', arr, health: { score: 55, band: 'yellow' } }, '2026-02-01'), profile('SMB', 1, 'yellow', 55));
    assert.equal(profileOn({ segment: 'SMB', arr, health: null }, '2026-02-01'), null);
    assert.equal(profileOn({ segment: 'SMB', arr, health: { score: 55, band: 'yellow' } }, '2025-12-01'), null);
  });
});

describe('matchSimilarAccounts', () => {
  // On 10-01 enrolled e1 is SMB / band 1 / yellow 50; e2 (10-05) is SMB / band 1 / yellow 60; e3 is Enterprise with no alike account.
  // Candidates on 10-01: c1 yellow 58 (gap 8), c2 yellow 49 (gap 1), c3 yellow 61 (gap 11: too far), c4 red 45 (other band),
  //   c5 Mid-market yellow 50 (other segment), c6 band 2 (other ARR band), c7 yellow 52 (gap 2), c8 yellow 48 (gap 2, after c7 by id).
  // e1 takes the three nearest: c2 (1), c7 (2), c8 (2). On 10-05 e2 (60) may not reuse them: c1 (gap 2 on 10-05 at 58), c3 (61, gap 1).
  const profiles: Record<string, Profile> = {
    'e1@2026-10-01': profile('SMB', 1, 'yellow', 50),
    'e2@2026-10-05': profile('SMB', 1, 'yellow', 60),
    'e3@2026-10-01': profile('Enterprise', 4, 'green', 80),
    'c1@2026-10-01': profile('SMB', 1, 'yellow', 58),
    'c2@2026-10-01': profile('SMB', 1, 'yellow', 49),
    'c3@2026-10-01': profile('SMB', 1, 'yellow', 61),
    'c4@2026-10-01': profile('SMB', 1, 'red', 45),
    'c5@2026-10-01': profile('Mid-market', 1, 'yellow', 50),
    'c6@2026-10-01': profile('SMB', 2, 'yellow', 50),
    'c7@2026-10-01': profile('SMB', 1, 'yellow', 52),
    'c8@2026-10-01': profile('SMB', 1, 'yellow', 48),
    'c1@2026-10-05': profile('SMB', 1, 'yellow', 58),
    'c2@2026-10-05': profile('SMB', 1, 'yellow', 60),
    'c3@2026-10-05': profile('SMB', 1, 'yellow', 61),
  };
  const enrolled = [
    { accountId: 'e2', isHoldout: false, enteredOn: '2026-10-05' },
    { accountId: 'e3', isHoldout: false, enteredOn: '2026-10-01' },
    { accountId: 'e1', isHoldout: false, enteredOn: '2026-10-01' },
  ];
  const result = matchSimilarAccounts({
    enrolled,
    candidates: ['c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1'],
    profileAt: (id, day) => profiles[`${id}@${day}`] ?? null,
  });

  test('nearest score first within segment, ARR band and health band; ties by id; each account used once', () => {
    assert.deepEqual(
      result.matched.map((entry) => `${entry.accountId}@${entry.enteredOn}`),
      ['c2@2026-10-01', 'c7@2026-10-01', 'c8@2026-10-01', 'c3@2026-10-05', 'c1@2026-10-05'],
    );
    assert.deepEqual(result.enrolled.map((entry) => entry.accountId), ['e1', 'e2']);
    assert.equal(result.unmatched, 1);
  });

  test('the same inputs in another order give the same pairs', () => {
    const again = matchSimilarAccounts({ enrolled: [...enrolled].reverse(), candidates: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'], profileAt: (id, day) => profiles[`${id}@${day}`] ?? null });
    assert.deepEqual(again, result);
  });

  test('told each account’s segment, it profiles only the entry’s segment and pairs the same', () => {
    const asked = new Set<string>();
    const segmentOf = (id: string) => (id === 'c5' ? 'Mid-market' : 'SMB');
    const grouped = matchSimilarAccounts({
      enrolled,
      candidates: ['c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1'],
      profileAt: (id, day) => {
        asked.add(`${id}@${day}`);
        return profiles[`${id}@${day}`] ?? null;
      },
      segmentOf,
    });
    assert.deepEqual(grouped, result);
    // e3 (Enterprise) has no candidate of its segment; c5 (Mid-market) is never profiled.
    assert.ok(![...asked].some((key) => key.startsWith('c5@')));
  });

  test('outcomes against the matched group: retained 2 of 2 enrolled vs 2 of 5 matched, +60 points, interval spans 0, labelled weaker evidence', () => {
    // Window 30 days, today 12-05: all matured. c2, c7, c3 churn inside their window; e1, e2, c8, c1 do not.
    const churned = new Set(['c2', 'c7', 'c3']);
    const facts = new Map<string, OutcomeFacts>(
      ['e1', 'e2', 'c1', 'c2', 'c3', 'c7', 'c8'].map((id) => [id, { churnDays: churned.has(id) ? ['2026-10-20'] : [], health: [] }]),
    );
    const comparison = compareWithMatched({ match: result, facts, today: '2026-12-05', windowDays: 30, outcomes: [{ kind: 'retained' }] });
    assert.deepEqual([comparison.enrolledMatched, comparison.enrolledUnmatched, comparison.matchedAccounts], [2, 1, 5]);
    const [retained] = comparison.outcomes;
    assert.deepEqual([retained!.enrolled.successes, retained!.enrolled.accounts, retained!.matched.successes, retained!.matched.accounts], [2, 2, 2, 5]);
    // Wilson 2/2: 0.3424 to 1; 2/5: 0.1176 to 0.7693. low = 0.6 − √((1 − 0.3424)² + (0.7693 − 0.4)²) = 0.6 − 0.7541 = −0.1541;
    // high = 0.6 + √(0² + (0.4 − 0.1176)²) = 0.8824.
    assert.equal(Math.round(retained!.difference!.difference * 1e4) / 1e4, 0.6);
    assert.ok(Math.abs(retained!.difference!.low - -0.1541) < 0.0005, String(retained!.difference!.low));
    assert.ok(Math.abs(retained!.difference!.high - 0.8824) < 0.0005, String(retained!.difference!.high));
    assert.equal(retained!.verdict, 'unclear');
    assert.equal(
      retained!.statement,
      'Compared with similar accounts not enrolled — weaker evidence than a holdout: not enough to tell, the difference could be anywhere from −15.4 to +88.2 points (95 % interval); 2 enrolled, 5 similar accounts.',
    );
  });
});
