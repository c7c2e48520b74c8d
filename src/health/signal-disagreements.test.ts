import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSignalDisagreements, type DisagreementInputs } from './signal-disagreements.js';

const calm: DisagreementInputs = { seatUtilisation: 50, activeUsersTrend: 0, coreUsersLost: 0, contractionArr: 0, expansionArr: 0 };

test('signals that disagree, case by case', () => {
  const cases: Array<[string, Partial<DisagreementInputs>, string[]]> = [
    ['nothing moved', {}, []],
    ['heavy usage, contract cut: 92% used, 4,800 ARR lost', { seatUtilisation: 92, contractionArr: 4800 }, ['Heavy usage (92% of seats used) but the contract shrank by 4,800 ARR in 180 days']],
    ['exactly 80% is heavy', { seatUtilisation: 80, contractionArr: 100 }, ['Heavy usage (80% of seats used) but the contract shrank by 100 ARR in 180 days']],
    ['79.9% is not heavy', { seatUtilisation: 79.9, contractionArr: 100 }, []],
    ['heavy usage, contract grew: they agree', { seatUtilisation: 95, expansionArr: 2000 }, []],
    // 3,000 lost, 1,000 gained: net −2,000.
    ['contraction outweighs expansion: net shrink of 2,000', { seatUtilisation: 85, contractionArr: 3000, expansionArr: 1000 }, ['Heavy usage (85% of seats used) but the contract shrank by 2,000 ARR in 180 days']],
    ['usage not trusted (no seats or source quiet): not judged', { seatUtilisation: null, contractionArr: 4800 }, []],
    ['spend up 12,000, active users −35%', { expansionArr: 12000, activeUsersTrend: -35 }, ['Spend rose by 12,000 ARR in 180 days but active users fell 35%']],
    ['exactly −20% falls', { expansionArr: 500, activeUsersTrend: -20 }, ['Spend rose by 500 ARR in 180 days but active users fell 20%']],
    ['−19.9% does not', { expansionArr: 500, activeUsersTrend: -19.9 }, []],
    ['spend up, two regular users gone', { expansionArr: 500, coreUsersLost: 2 }, ['Spend rose by 500 ARR in 180 days but 2 regular users stopped using the product']],
    [
      'spend up (net 7,000), both adoption signs',
      { expansionArr: 9000, contractionArr: 2000, activeUsersTrend: -40, coreUsersLost: 3 },
      ['Spend rose by 7,000 ARR in 180 days but active users fell 40% and 3 regular users stopped using the product'],
    ],
    ['spend up, adoption unknown: not judged', { expansionArr: 9000, activeUsersTrend: null, coreUsersLost: null }, []],
    ['adoption falling, contract flat: nothing to disagree with', { activeUsersTrend: -60, coreUsersLost: 4 }, []],
  ];
  for (const [name, change, expected] of cases) {
    assert.deepEqual(findSignalDisagreements({ ...calm, ...change }).map((d) => d.text), expected, name);
  }
  assert.deepEqual(findSignalDisagreements({ ...calm, seatUtilisation: 90, contractionArr: 1 }).map((d) => d.kind), ['heavy_usage_shrinking_contract']);
  assert.deepEqual(findSignalDisagreements({ ...calm, expansionArr: 1, coreUsersLost: 5 }).map((d) => d.kind), ['rising_spend_falling_adoption']);
});
