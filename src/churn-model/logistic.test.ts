import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitLogistic, logisticContributions, logisticMargins, sigmoid } from './logistic.js';
import { createUniform } from './random.js';
import type { FeatureColumn } from './table.js';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

const categorical = (name: string, values: string[]): FeatureColumn => {
  const levels = [...new Set(values)].sort();
  return { name, kind: 'categorical', levels, codes: Int32Array.from(values, (value) => levels.indexOf(value)) };
};
const numeric = (name: string, values: number[]): FeatureColumn => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
});
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('fitLogistic', () => {
  test('with almost no penalty, a single categorical feature reproduces each level’s churn rate', () => {
    // Plan A: 3 of 4 churned; plan B: 1 of 4.
    const plan = categorical('plan', ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B']);
    const labels = Uint8Array.from([1, 1, 1, 0, 1, 0, 0, 0]);
    const model = fitLogistic([plan], labels, all(8), { C: 1e9, minLevelCount: 1 });
    const probabilities = Array.from(logisticMargins(model, [plan], [0, 4]), sigmoid);
    close(probabilities[0]!, 0.75, 1e-6);
    close(probabilities[1]!, 0.25, 1e-6);
  });

  test('the fit is the L2 optimum: the gradient Σ (p − y) z + w / C vanishes', () => {
    const uniform = createUniform(3);
    const n = 300;
    const x = Array.from({ length: n }, () => uniform() * 10);
    const group = Array.from({ length: n }, () => (uniform() < 0.3 ? 'red' : uniform() < 0.5 ? 'green' : 'blue'));
    const labels = Uint8Array.from(x, (value, i) =>
      uniform() < sigmoid(0.4 * value - 2 + (group[i] === 'red' ? 1 : 0)) ? 1 : 0,
    );
    const features = [numeric('x', x), categorical('group', group)];
    const C = 0.5;
    const model = fitLogistic(features, labels, all(n), { C, minLevelCount: 1 });
    const margins = logisticMargins(model, features, all(n));
    const contributions = logisticContributions(model, features, all(n));
    let interceptGradient = 0;
    for (let i = 0; i < n; i++) interceptGradient += sigmoid(margins[i]!) - labels[i]!;
    close(interceptGradient, 0, 1e-6);
    model.terms.forEach((term) => {
      // z = standardised term value = (term contribution share) / weight; rebuild it from x and the group.
      let gradient = term.weight / C;
      for (let i = 0; i < n; i++) {
        const raw = term.term === 'value' ? x[i]! : term.term === 'level' ? (group[i] === term.level ? 1 : 0) : 0;
        gradient += (sigmoid(margins[i]!) - labels[i]!) * ((raw - term.center) / term.scale);
      }
      close(gradient, 0, 1e-6);
    });
    // The intercept plus the contributions give back the log-odds.
    for (let i = 0; i < n; i++)
      close(model.intercept + contributions[i]![0]! + contributions[i]![1]!, margins[i]!, 1e-9);
  });

  test('blanks are filled with the training median and flagged; scaling uses the training rows only', () => {
    const spend = numeric('spend', [1, NaN, 3, 5, 1000]);
    const labels = Uint8Array.from([0, 1, 0, 1, 1]);
    const model = fitLogistic([spend], labels, [0, 1, 2, 3], { C: 1 });
    const value = model.terms.find((term) => term.term === 'value')!;
    assert.equal(value.fill, 3); // median of 1, 3, 5; row 4 (1000) is not a training row
    close(value.center, (1 + 3 + 3 + 5) / 4, 1e-12);
    assert.ok(model.terms.some((term) => term.term === 'blank'));
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(model))), JSON.stringify(model));
  });
});
