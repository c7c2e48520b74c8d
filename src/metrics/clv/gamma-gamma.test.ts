import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conditionalExpectedAmount, fitGammaGamma, gammaGammaLogLikelihood } from './gamma-gamma.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${actual} is not ${expected}`);

describe('Gamma-Gamma spend model', () => {
  test('log-likelihood by hand: p = 1, q = 2, γ = 3; two purchases averaging 4', () => {
    // ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x)
    // = ln Γ(4) − ln Γ(2) − ln Γ(2) + 2 ln 3 + ln 4 + 2 ln 2 − 4 ln 11 = ln(6 · 9 · 4 · 4 / 11⁴)
    close(
      gammaGammaLogLikelihood({ p: 1, q: 2, gamma: 3 }, { x: 2, meanAmount: 4 }),
      Math.log((6 * 9 * 4 * 4) / 11 ** 4),
    );
  });

  test("expected mean amount shrinks a customer's own mean toward the population mean", () => {
    // p(γ + m x)/(px + q − 1) = (3 + 8)/(2 + 1) = 11/3: between the population mean pγ/(q−1) = 3 and m = 4.
    close(conditionalExpectedAmount({ p: 1, q: 2, gamma: 3 }, { x: 2, meanAmount: 4 }), 11 / 3);
    close(conditionalExpectedAmount({ p: 1, q: 2, gamma: 3 }, { x: 0, meanAmount: 0 }), 3);
  });

  test('the fit uses only customers with a repeat purchase and a positive amount', () => {
    const histories = [
      { x: 0, meanAmount: 0 },
      { x: 3, meanAmount: 0 },
      ...Array.from({ length: 40 }, (_, i) => ({ x: 1 + (i % 5), meanAmount: 10 + ((i * 7) % 23) })),
    ];
    const fit = fitGammaGamma(histories);
    assert.equal(fit.customers, 40);
    const total = (params: { p: number; q: number; gamma: number }) =>
      histories.slice(2).reduce((sum, h) => sum + gammaGammaLogLikelihood(params, h), 0);
    close(fit.logLikelihood, total(fit));
    for (const key of ['p', 'q', 'gamma'] as const) {
      for (const factor of [0.99, 1.01])
        assert.ok(total({ ...fit, [key]: fit[key] * factor }) < fit.logLikelihood, `${key} × ${factor}`);
    }
    assert.throws(() => fitGammaGamma([{ x: 0, meanAmount: 0 }]), /No customer has a repeat purchase/);
  });
});
