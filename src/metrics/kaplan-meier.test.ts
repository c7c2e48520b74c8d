import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kaplanMeier, logRank, type SurvivalObservation } from './kaplan-meier.js';

/**
 * Freireich et al. (1963) leukaemia remission trial, the textbook example (Kleinbaum & Klein,
 * "Survival Analysis", ch. 2; Collett, "Modelling Survival Data"): weeks in remission, `+` =
 * censored. The 6-MP group's Kaplan–Meier table, Greenwood standard errors and the log-rank
 * test against placebo (χ² = 16.8, O/E 9/19.3 and 21/10.7) are printed in both books and by
 * R's survfit / survdiff.
 */
const parse = (text: string): SurvivalObservation[] =>
  text.split(/\s+/).map((t) => ({ time: Number(t.replace('+', '')), event: !t.endsWith('+') }));
const SIX_MP = parse('6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+');
const PLACEBO = parse('1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23');

describe('kaplanMeier', () => {
  test('6-MP group: S(t) and Greenwood standard errors as in the textbook table', () => {
    const curve = kaplanMeier(SIX_MP);
    const eventSteps = curve.steps.filter((s) => s.events > 0);
    const table = eventSteps.map((s) => [s.time, s.atRisk, s.events, Number(s.survival.toFixed(3)), Number(s.standardError.toFixed(4))]);
    assert.deepEqual(table, [
      [6, 21, 3, 0.857, 0.0764],
      [7, 17, 1, 0.807, 0.0869],
      [10, 15, 1, 0.753, 0.0963],
      [13, 12, 1, 0.69, 0.1068],
      [16, 11, 1, 0.627, 0.1141],
      [22, 7, 1, 0.538, 0.1282],
      [23, 6, 1, 0.448, 0.1346],
    ]);
    assert.equal(curve.subjects, 21);
    assert.equal(curve.events, 9);
    assert.equal(curve.median, 23);
  });

  test('log-log 95 % band at t = 6, worked by hand', () => {
    // Ŝ = 18/21; Σ d/(n(n−d)) = 3/(21·18); σ = √that ÷ |ln Ŝ| = 0.57792; ln(−ln Ŝ) = −1.86982;
    // bounds exp(−exp(−1.86982 ± 1.95996·0.57792)) = 0.6197 and 0.9516 (R: 0.620, 0.952).
    const step = kaplanMeier(SIX_MP).steps[0]!;
    assert.equal(step.lower.toFixed(4), '0.6197');
    assert.equal(step.upper.toFixed(4), '0.9516');
  });

  test('placebo group: no censoring, so S(t) is the share still in remission; median 8 weeks', () => {
    const curve = kaplanMeier(PLACEBO);
    assert.equal(curve.median, 8);
    assert.equal(curve.steps.find((s) => s.time === 8)!.survival.toFixed(4), (8 / 21).toFixed(4));
    assert.equal(curve.steps.at(-1)!.survival, 0);
  });

  test('a curve that never falls to one half has no median', () => {
    assert.equal(kaplanMeier(parse('3 5+ 8+ 9+')).median, null);
  });
});

describe('logRank', () => {
  test('6-MP vs placebo: O/E and χ² = 16.8 on 1 d.f. as R survdiff prints', () => {
    const result = logRank(SIX_MP, PLACEBO);
    assert.equal(result.observedA, 9);
    assert.equal(result.expectedA.toFixed(1), '19.3');
    assert.equal(result.observedB, 21);
    assert.equal(result.expectedB.toFixed(1), '10.7');
    assert.equal(result.chiSquare.toFixed(1), '16.8');
    // p = P(χ²₁ > 16.79) ≈ 4.2e-5 (R: p = 4e-05).
    assert.ok(result.pValue > 3.5e-5 && result.pValue < 4.5e-5, String(result.pValue));
  });

  test('two identical groups: no difference, p = 1', () => {
    const result = logRank(PLACEBO, PLACEBO);
    assert.equal(result.chiSquare, 0);
    assert.equal(result.pValue, 1);
  });
});
