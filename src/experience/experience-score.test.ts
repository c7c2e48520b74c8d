import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_EXPERIENCE_PARAMS as P, dailyExperienceSeries, experienceAt, momentWeights, scoreFromBalance, type ScoredMoment } from './experience-score.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const m = (n: number, outcome: ScoredMoment['outcome'], intensity = 1): ScoredMoment => ({ occurredAt: day(n), outcome, intensity });
const close = (actual: number, expected: number, digits = 6) => assert.equal(actual.toFixed(digits), expected.toFixed(digits));

describe('experience score (defaults: 3:1, half-life 90 days, knock-on ×1.5 for 30 days, scale 4)', () => {
  test('no moments: balance 0, score 50', () => {
    assert.deepEqual(experienceAt([], day(0), P), { score: 50, balance: 0, contributions: [] });
  });

  test('asymmetry: a negative moment weighs three positive ones of the same intensity', () => {
    // balance +2 → 100 / (1 + e^−0.5) = 62.246; balance −3 → 100 / (1 + e^0.75) = 32.082
    assert.equal(experienceAt([m(0, 'positive', 2)], day(0), P).score, 62.2);
    assert.equal(experienceAt([m(0, 'negative', 1)], day(0), P).score, 32.1);
    // one good and one bad of intensity 2, far apart so no knock-on: +2 − 6 = −4 → 100 / (1 + e) = 26.894
    const mixed = experienceAt([m(0, 'positive', 2), m(0, 'negative', 2)], day(0), P);
    assert.equal(mixed.balance, -4);
    assert.equal(mixed.score, 26.9);
    // neutral moments count as touchpoints but move nothing
    assert.equal(experienceAt([m(0, 'neutral', 3)], day(0), P).balance, 0);
  });

  test('decay: the effect halves every 90 days', () => {
    close(experienceAt([m(0, 'positive', 2)], day(90), P).balance, 1);
    close(experienceAt([m(0, 'positive', 2)], day(180), P).balance, 0.5);
    close(experienceAt([m(0, 'negative', 1)], day(45), P).balance, -3 / Math.SQRT2);
    // what has not happened yet does not count
    assert.equal(experienceAt([m(10, 'negative', 3)], day(9), P).balance, 0);
  });

  test('knock-on: moments within 30 days after a negative one count 1.5 times', () => {
    const weights = momentWeights([m(0, 'negative', 1), m(10, 'positive', 2), m(20, 'negative', 1), m(60, 'positive', 2)], P);
    assert.deepEqual(
      weights.map((w) => [w.base, w.knockOn, w.weight]),
      [
        [-3, false, -3],
        [2, true, 3], // 10 days after the first bad moment
        [-3, true, -4.5], // 20 days after it: a second bad moment hurts more
        [2, false, 2], // 40 days after the last bad one: outside the window
      ],
    );
    // At day 10: −3 × 0.5^(10/90) + 3 = −3 × 0.925875 + 3 ≈ 0.22238
    close(experienceAt([m(0, 'negative', 1), m(10, 'positive', 2)], day(10), P).balance, 3 - 3 * Math.pow(0.5, 10 / 90));
    close(3 - 3 * Math.pow(0.5, 10 / 90), 0.22238, 5);
  });

  test('parameters change the model: 2:1, no knock-on, 30-day half-life', () => {
    const params = { negativeWeight: 2, halfLifeDays: 30, knockOnMultiplier: 1, knockOnWindowDays: 0, scale: 2 };
    // −2 × 0.5 + 1 × 1 = 0 at day 30 → score 50
    const at = experienceAt([m(0, 'negative', 1), m(30, 'positive', 1)], day(30), params);
    close(at.balance, 0);
    assert.equal(at.score, 50);
    assert.equal(scoreFromBalance(2, params), 73.1);
  });

  test('contributions come largest effect first, with the reason for their weight', () => {
    const at = experienceAt([m(0, 'positive', 1), m(5, 'negative', 2)], day(5), P);
    assert.deepEqual(at.contributions.map((c) => [c.moment.outcome, c.knockOn]), [['negative', false], ['positive', false]]);
    close(at.contributions[0]!.effect, -6);
  });

  test('the daily series agrees with the score computed for each day on its own', () => {
    const moments = [m(3, 'positive', 2), m(10, 'negative', 1), m(12, 'positive', 1), m(40, 'negative', 3)];
    const series = dailyExperienceSeries(moments, { from: '2026-01-01', to: '2026-03-01' }, P);
    assert.equal(series.length, 60);
    assert.equal(series[0]!.day, '2026-01-01');
    for (const point of series) {
      const endOfDay = new Date(Date.parse(`${point.day}T00:00:00Z`) + 86_400_000 - 1);
      const direct = experienceAt(moments, endOfDay, P);
      close(point.balance, Math.round(direct.balance * 1000) / 1000, 2);
    }
    assert.equal(series[2]!.score, 50); // day 2: nothing yet
    assert.ok(series[3]!.score > 50 && series[10]!.score < 50);
  });
});
