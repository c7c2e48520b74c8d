import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newcombeDifference, wilsonInterval } from './proportion-intervals.js';

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

describe('wilsonInterval', () => {
  // Newcombe (1998) "Two-sided confidence intervals for the single proportion", Table I, method 3 (score, no correction).
  for (const [successes, trials, low, high] of [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ] as const) {
    test(`${successes}/${trials} → ${low} to ${high}`, () => {
      const interval = wilsonInterval(successes, trials)!;
      assert.deepEqual([round4(interval.low), round4(interval.high)], [low, high]);
    });
  }

  test('by hand: 1 of 2 gives 0.5 ± 1.96·√(1.96² + 2)/(2·(2 + 1.96²))', () => {
    // centre (2·2·0.5 + z²)/(2(2 + z²)) = 0.5 exactly; half-width z·√(z² + 4·2·0.25)/(2(2 + z²)) = 0.4056
    const interval = wilsonInterval(1, 2)!;
    assert.equal(round4(interval.low), 0.0945);
    assert.equal(round4(interval.high), 0.9055);
  });

  test('no trials: no interval', () => assert.equal(wilsonInterval(0, 0), null));
});

describe('newcombeDifference (hybrid score, method 10)', () => {
  // Newcombe (1998) "Interval estimation for the difference between independent proportions",
  // Table II, examples (a)–(h), method 10; example (d) is also in the ratesci package's tests.
  for (const [x1, n1, x2, n2, low, high] of [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ] as const) {
    test(`${x1}/${n1} − ${x2}/${n2} → ${low} to ${high}`, () => {
      const result = newcombeDifference({ successes: x1, trials: n1 }, { successes: x2, trials: n2 })!;
      assert.equal(round4(result.difference), round4(x1 / n1 - x2 / n2));
      assert.deepEqual([round4(result.low), round4(result.high)], [low, high]);
    });
  }

  test('a group without trials gives no interval', () => {
    assert.equal(newcombeDifference({ successes: 3, trials: 5 }, { successes: 0, trials: 0 }), null);
  });
});
