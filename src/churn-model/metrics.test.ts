import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calibrationBins, logLoss, prAuc, rocAuc, topDecileLift } from './metrics.js';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

describe('rocAuc', () => {
  test('counts the share of positive–negative pairs ordered correctly', () => {
    // Pairs (positive, negative): 0.35 > 0.1 ✓, 0.35 < 0.4 ✗, 0.8 > 0.1 ✓, 0.8 > 0.4 ✓ → 3/4.
    close(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });

  test('a tie between a positive and a negative counts one half (midranks)', () => {
    // Positive 0.5 vs negatives 0.5 (½) and 0.2 (1); positive 0.9 vs both (2) → 3.5 / 4.
    close(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), 0.875);
    close(rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]), 0.5);
  });

  test('perfect, reversed, and one class only', () => {
    assert.equal(rocAuc([0, 0, 1], [1, 2, 3]), 1);
    assert.equal(rocAuc([0, 0, 1], [3, 2, 1]), 0);
    assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.3])));
    assert.throws(() => rocAuc([1, 0], [0.2]), RangeError);
  });
});

describe('prAuc (average precision)', () => {
  test('sums precision at each recall step', () => {
    // Hits at ranks 1 and 3: precision 1 and 2/3, each for half the recall.
    close(prAuc([1, 0, 1], [0.9, 0.8, 0.7]), (1 + 2 / 3) / 2);
  });

  test('tied rows enter together', () => {
    // 0.9 is a hit (precision 1); the tie at 0.5 adds one hit among 3 rows seen (precision 2/3).
    close(prAuc([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1]), (1 + 2 / 3) / 2);
  });
});

test('logLoss is the mean negative log-likelihood, clipped', () => {
  close(logLoss([1, 0], [0.8, 0.4]), -(Math.log(0.8) + Math.log(0.6)) / 2);
  close(logLoss([1], [0]), -Math.log(1e-15), 1e-9);
});

test('calibrationBins: mean prediction and observed rate per probability bin, empty bins left out', () => {
  assert.deepEqual(calibrationBins([0, 1, 0, 1, 1], [0.05, 0.15, 0.12, 0.95, 1]), [
    { lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, observedRate: 0 },
    { lower: 0.1, upper: 0.2, count: 2, meanPredicted: (0.15 + 0.12) / 2, observedRate: 0.5 },
    { lower: 0.9, upper: 1, count: 2, meanPredicted: 0.975, observedRate: 1 },
  ]);
});

describe('topDecileLift', () => {
  test('positive rate among the riskiest tenth over the base rate', () => {
    // 10 rows, 2 positives (rate 0.2); the top row is positive → 1 / 0.2 = 5.
    const labels = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0];
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0];
    close(topDecileLift(labels, scores), 5);
  });

  test('rows tied across the cut count in proportion', () => {
    // 20 rows, 4 positives (rate 0.2); the top 2 are taken from 3 rows tied at 0.9 holding 1 positive:
    // 2/3 of a positive caught in 2 rows → (1/3) / 0.2.
    const labels = [1, 0, 0, ...Array(17).fill(0)];
    labels[10] = 1;
    labels[11] = 1;
    labels[12] = 1;
    const scores = [0.9, 0.9, 0.9, ...Array.from({ length: 17 }, (_, i) => 0.5 - i / 100)];
    close(topDecileLift(labels, scores), 1 / 3 / 0.2);
  });
});
