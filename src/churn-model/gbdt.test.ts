import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { binColumns, fitGbdt, gbdtMargins, numericEdges } from './gbdt.js';
import { createUniform } from './random.js';
import type { FeatureColumn } from './table.js';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);
const numeric = (name: string, values: number[]): FeatureColumn => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
});
const categorical = (name: string, values: string[]): FeatureColumn => {
  const levels = [...new Set(values)].sort();
  return { name, kind: 'categorical', levels, codes: Int32Array.from(values, (value) => levels.indexOf(value)) };
};
const all = (n: number) => Array.from({ length: n }, (_, i) => i);
// One exact tree: no subsampling, no early stopping, no leaf limits.
const ONE_STUMP = {
  maxTrees: 1,
  maxDepth: 1,
  learningRate: 1,
  lambda: 1,
  subsample: 1,
  validationFraction: 0,
  minSamplesLeaf: 1,
  minChildWeight: 0,
  minLevelCount: 1,
};

describe('binning', () => {
  test('few distinct values: one bin each, cut halfway between them', () => {
    assert.deepEqual(numericEdges(Float64Array.from([2, 1, 2, 3, NaN]), all(5), 64), [1.5, 2.5]);
  });

  test('many values: quantile cuts, at most maxBins − 1 value bins', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    // 4 value bins: cuts after the 25th, 50th and 75th smallest values.
    assert.deepEqual(numericEdges(values, all(100), 5), [25.5, 50.5, 75.5]);
  });

  test('a value shared by many rows keeps a bin of its own', () => {
    const values = Float64Array.from([...Array(60).fill(0), ...Array.from({ length: 40 }, (_, i) => i + 1)]);
    const edges = numericEdges(values, all(100), 5);
    assert.equal(edges[0], 0.5);
  });

  test('blank → bin 0; values by edge; categorical: kept levels, then "other"', () => {
    const [bins] = binColumns([{ kind: 'numeric', edges: [1.5, 2.5] }], [numeric('x', [NaN, 1, 1.5, 2, 3, 99])]);
    assert.deepEqual(Array.from(bins!), [0, 1, 1, 2, 3, 3]);
    const [slots] = binColumns(
      [{ kind: 'categorical', levels: ['pro', 'basic'] }],
      [categorical('plan', ['basic', 'pro', 'trial', 'pro'])],
    );
    assert.deepEqual(Array.from(slots!), [2, 1, 3, 1]);
  });
});

describe('fitGbdt', () => {
  test('one stump: leaf values −G / (H + λ) from the log-loss gradients at the base rate', () => {
    const x = numeric('x', [0, 0, 1, 1]);
    const labels = Uint8Array.from([0, 1, 1, 1]);
    const model = fitGbdt([x], labels, all(4), ONE_STUMP);
    const base = Math.log(3.5 / 1.5); // smoothed positive rate 3 of 4
    close(model.base, base);
    const p = 1 / (1 + Math.exp(-base)); // 0.7
    const h = p * (1 - p);
    // Left (x = 0): gradients p − 0 and p − 1; right (x = 1): p − 1 twice.
    const left = -(2 * p - 1) / (2 * h + 1);
    const right = -(2 * p - 2) / (2 * h + 1);
    const margins = gbdtMargins(model, [x], all(4));
    assert.deepEqual(
      Array.from(margins).map((m) => m.toFixed(12)),
      [base + left, base + left, base + right, base + right].map((m) => m.toFixed(12)),
    );
  });

  test('blank values go to the side that fits them better', () => {
    // Churners: blanks and high values; stayers: low values. The best stump puts blanks with the high values.
    const x = numeric('x', [NaN, NaN, NaN, 1, 2, 3, 8, 9, 10]);
    const labels = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 1, 1]);
    const model = fitGbdt([x], labels, all(9), ONE_STUMP);
    const margins = gbdtMargins(model, [x], all(9));
    assert.equal(margins[0], margins[8]);
    assert.ok(margins[0]! > margins[3]!);
  });

  test('categorical levels are grouped by their churn rate in one split', () => {
    const plan = categorical('plan', ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd']);
    const labels = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0]);
    const model = fitGbdt([plan], labels, all(8), ONE_STUMP);
    const margins = gbdtMargins(model, [plan], all(8));
    assert.equal(margins[0], margins[4]); // a with c
    assert.equal(margins[2], margins[6]); // b with d
    assert.ok(margins[0]! > margins[2]!);
  });

  test('early stopping keeps the trees up to the best validation loss; pure noise stops soon', () => {
    const uniform = createUniform(11);
    const n = 600;
    const features = [
      numeric(
        'noise',
        Array.from({ length: n }, () => uniform()),
      ),
    ];
    const labels = Uint8Array.from({ length: n }, () => (uniform() < 0.3 ? 1 : 0));
    const model = fitGbdt(features, labels, all(n), { maxTrees: 400, patience: 20, learningRate: 0.1 });
    assert.ok(model.trees.length < 100, `${model.trees.length} trees on noise`);
  });

  test('the same seed gives the same model (row subsampling is seeded), and the model is plain JSON', () => {
    const uniform = createUniform(5);
    const n = 300;
    const x = Array.from({ length: n }, () => uniform());
    const features = [numeric('x', x)];
    const labels = Uint8Array.from(x, (value) => (uniform() < value ? 1 : 0));
    const first = fitGbdt(features, labels, all(n), { seed: 1, maxTrees: 30 });
    assert.deepEqual(fitGbdt(features, labels, all(n), { seed: 1, maxTrees: 30 }), first);
    assert.notDeepEqual(fitGbdt(features, labels, all(n), { seed: 2, maxTrees: 30 }).trees, first.trees);
    const stored = JSON.parse(JSON.stringify(first));
    assert.deepEqual(gbdtMargins(stored, features, all(n)), gbdtMargins(first, features, all(n)));
  });
});
