import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bgNbdLogLikelihood,
  bgNbdTotalLogLikelihood,
  conditionalExpectedPurchases,
  fitBgNbd,
  probabilityAlive,
} from './bg-nbd.js';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} is not ${expected}`);

// Beta functions by hand: B(m, n) = Γ(m)Γ(n)/Γ(m+n), with Γ(k) = (k−1)! for whole k.
describe('BG/NBD likelihood (Fader, Hardie & Lee 2005, equation 6)', () => {
  // L = B(a,b+x)/B(a,b) · Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + [x>0] B(a+1,b+x−1)/B(a,b) · Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x))
  const whole = { r: 1, alpha: 2, a: 1, b: 2 };

  test('a customer with two repeat purchases: both terms, whole-number parameters', () => {
    // x = 2, t_x = 3, T = 5. B(1,2) = 1/2, B(1,4) = 1/4, B(2,3) = 1/12; Γ(3)/Γ(1) = 2; α^r = 2.
    // first:  (1/4)/(1/2) · 2 · 2 / 7³ = 2/343;  second: (1/12)/(1/2) · 2 · 2 / 5³ = 2/375.
    close(bgNbdLogLikelihood(whole, { x: 2, tx: 3, T: 5 }), Math.log(2 / 343 + 2 / 375));
  });

  test('a customer with no repeat purchase has only the first term', () => {
    // x = 0, T = 5: 1 · Γ(1)/Γ(1) · 2 / 7¹ = 2/7, whatever t_x says.
    close(bgNbdLogLikelihood(whole, { x: 0, tx: 0, T: 5 }), Math.log(2 / 7));
  });

  test('a half-integer r goes through Γ: Γ(1.5)/Γ(0.5) = 1/2', () => {
    // r = 0.5, α = 1, a = 2, b = 3; x = 1, t_x = 2, T = 4.
    // B(2,3) = 1/12, B(2,4) = 1/20, B(3,3) = 1/30.
    // first:  (1/20)/(1/12) · 0.5 · 1 / 5^1.5 = 0.3 / 5^1.5;  second: (1/30)/(1/12) · 0.5 / 3^1.5 = 0.2 / 3^1.5.
    close(
      bgNbdLogLikelihood({ r: 0.5, alpha: 1, a: 2, b: 3 }, { x: 1, tx: 2, T: 4 }),
      Math.log(0.3 / 5 ** 1.5 + 0.2 / 3 ** 1.5),
    );
  });

  test('the total is the sum over customers, identical histories counted each time', () => {
    const histories = [
      { x: 2, tx: 3, T: 5 },
      { x: 0, tx: 0, T: 5 },
      { x: 0, tx: 0, T: 5 },
    ];
    close(bgNbdTotalLogLikelihood(whole, histories), Math.log(2 / 343 + 2 / 375) + 2 * Math.log(2 / 7));
  });

  test('many purchases do not overflow (the terms are combined in logs)', () => {
    // Γ(r + 400) alone is past the largest double; in logs the likelihood stays finite.
    // (It is a density over purchase times, so it may exceed 1: no sign to check.)
    const value = bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 400, tx: 70, T: 78 });
    assert.ok(Number.isFinite(value), String(value));
  });
});

describe('BG/NBD conditional expectation E[X(t) | x, t_x, T] (equation 10) and P(alive)', () => {
  test('x = 0, closed form through 2F1(1, 1; 2; z) = −ln(1−z)/z', () => {
    // r = 1, α = 1, a = 2, b = 1; T = 3, t = 4: z = 4/8 = 1/2, (α+T)/(α+T+t) = 1/2.
    // (a+b+x−1)/(a−1) = 2; bracket = 1 − (1/2) · 2 ln 2 = 1 − ln 2; denominator 1.
    close(
      conditionalExpectedPurchases({ r: 1, alpha: 1, a: 2, b: 1 }, { x: 0, tx: 0, T: 3 }, 4),
      2 * (1 - Math.log(2)),
    );
  });

  test('x = 1, closed form through 2F1(2, 2; 3; z) = 2 d/dz[−ln(1−z)/z]', () => {
    // d/dz 2F1(a,b;c;z) = (ab/c) 2F1(a+1,b+1;c+1;z), so 2F1(2,2;3;z) = 2[1/(z(1−z)) + ln(1−z)/z²] = 8(1 − ln 2) at z = 1/2.
    // r = 1, α = 1, a = 2, b = 1; x = 1, t_x = 1, T = 3, t = 4.
    // numerator = (2+1+1−1)/(2−1) · [1 − (1/2)² · 8(1 − ln 2)] = 3(2 ln 2 − 1)
    // denominator = 1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x) = 1 + 2 · 2² = 9.
    const params = { r: 1, alpha: 1, a: 2, b: 1 };
    const history = { x: 1, tx: 1, T: 3 };
    close(conditionalExpectedPurchases(params, history, 4), (2 * Math.log(2) - 1) / 3);
    // P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) = 1/9.
    close(probabilityAlive(params, history), 1 / 9);
  });

  test("the paper's worked customer: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks", () => {
    // Fader, Hardie & Lee (2005), with the CDNOW estimates; a < 1 here, so the (a−1) factor is negative.
    const expected = conditionalExpectedPurchases(
      { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      { x: 2, tx: 30.43, T: 38.86 },
      39,
    );
    assert.equal(expected.toFixed(3), '1.226');
  });

  test('a customer without repeat purchases is alive; a long silence after many purchases is not', () => {
    const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    assert.equal(probabilityAlive(cdnow, { x: 0, tx: 0, T: 38 }), 1);
    assert.ok(probabilityAlive(cdnow, { x: 10, tx: 2, T: 38 }) < 0.01);
    assert.ok(probabilityAlive(cdnow, { x: 10, tx: 37, T: 38 }) > 0.9);
  });

  test('no time ahead, no purchases; very many purchases still give a finite expectation', () => {
    const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    assert.equal(conditionalExpectedPurchases(cdnow, { x: 3, tx: 20, T: 30 }, 0), 0);
    // Alive at T (bought that week), buying about x/T per week: 300/78 · 39 ≈ 150, a little less for drop-out.
    const busy = conditionalExpectedPurchases(cdnow, { x: 300, tx: 78, T: 78 }, 39);
    assert.ok(busy > 100 && busy < 150, String(busy));
    // x = 2000: 2F1(r+x, b+x; a+b+x−1; z) is past the largest double, so Euler's transformation is used;
    // about 2000/78 · 39 ≈ 1000 at most.
    const busiest = conditionalExpectedPurchases(cdnow, { x: 2000, tx: 78, T: 78 }, 39);
    assert.ok(busiest > 500 && busiest < 1000, String(busiest));
  });
});

describe('BG/NBD fit', () => {
  test('the fitted parameters maximise the likelihood: each parameter nudged 1 % either way does worse', () => {
    const histories = [
      ...Array.from({ length: 30 }, (_, i) => ({ x: 0, tx: 0, T: 20 + (i % 10) })),
      ...Array.from({ length: 20 }, (_, i) => ({ x: 1 + (i % 4), tx: 5 + i, T: 30 })),
      ...Array.from({ length: 10 }, (_, i) => ({ x: 6 + i, tx: 25 + (i % 5), T: 30 })),
    ];
    const fit = fitBgNbd(histories);
    close(fit.logLikelihood, bgNbdTotalLogLikelihood(fit, histories));
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.99, 1.01]) {
        assert.ok(
          bgNbdTotalLogLikelihood({ ...fit, [key]: fit[key] * factor }, histories) < fit.logLikelihood,
          `${key} × ${factor}`,
        );
      }
    }
  });
});
