import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  expectedMargin,
  explainChurn,
  fitChurnModel,
  modelContributions,
  modelMargins,
  predictChurn,
  type Candidate,
} from './churn-model.js';
import { crossValidate } from './cross-validate.js';
import { createUniform } from './random.js';
import { buildChurnTable, type ChurnTable } from './table.js';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

/**
 * Synthetic churn tables from a seeded generator, written as CSV cells so they go through the
 * same inference as a file. Neither was used to choose any setting of the models.
 */
function syntheticTable(kind: 'interaction' | 'linear', n: number, seed: number): ChurnTable {
  const uniform = createUniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const usage = normal();
    const seats = normal();
    const tenure = Math.floor(uniform() * 48);
    const plan = ['basic', 'pro', 'team'][Math.floor(uniform() * 3)]!;
    const logit =
      kind === 'interaction'
        ? // Churn when usage and seat growth disagree (XOR), and in the first months.
          (usage > 0 !== seats > 0 ? 2.5 : -2.5) + (tenure < 6 ? 1.5 : 0)
        : 1.2 * usage - 0.8 * seats + (plan === 'pro' ? 0.6 : 0) - 0.02 * tenure - 0.5;
    const churned = uniform() < 1 / (1 + Math.exp(-logit));
    rows.push([
      `acct-${i}`,
      uniform() < 0.05 ? '' : usage.toFixed(3),
      seats.toFixed(3),
      String(tenure),
      plan,
      churned ? 'yes' : 'no',
    ]);
  }
  return buildChurnTable({
    header: ['account', 'usage_trend', 'seat_trend', 'tenure_months', 'plan', 'churned'],
    rows,
    target: 'churned',
    id: 'account',
  });
}

describe('crossValidate on data the models were never tuned on', () => {
  test('a non-linear interaction: the trees win, and each fold picks them inside its training rows', () => {
    const result = crossValidate(syntheticTable('interaction', 1500, 101), { folds: 3, seed: 0 });
    assert.deepEqual(
      result.folds.map((fold) => fold.family),
      ['gbdt', 'gbdt', 'gbdt'],
    );
    assert.ok(
      result.aucByModel.gbdt!.mean > result.aucByModel.logistic!.mean + 0.15,
      JSON.stringify(result.aucByModel),
    );
    assert.ok(result.aucMean > 0.8, `AUC ${result.aucMean}`);
    assert.equal(result.aucMean, result.aucByModel.gbdt!.mean);
  });

  test('a linear effect: the logistic model is as good as the trees, and the choice loses nothing', () => {
    const result = crossValidate(syntheticTable('linear', 1500, 202), { folds: 3, seed: 0 });
    assert.ok(
      result.aucByModel.logistic!.mean >= result.aucByModel.gbdt!.mean - 0.002,
      JSON.stringify(result.aucByModel),
    );
    const best = Math.max(result.aucByModel.logistic!.mean, result.aucByModel.gbdt!.mean);
    assert.ok(result.aucMean >= best - 0.01, `chosen ${result.aucMean} vs best ${best}`);
    assert.deepEqual(
      result.aucFolds,
      result.folds.map((fold) => fold.auc),
    );
    assert.ok(result.topDecileLift > 1.5 && result.prAuc > 0 && result.logLoss < Math.log(2));
  });
});

describe('the stored model', () => {
  const table = syntheticTable('interaction', 800, 7);
  const records = [
    { usage_trend: 1.2, seat_trend: -0.9, tenure_months: 2, plan: 'pro' },
    { usage_trend: null, seat_trend: 0.4, tenure_months: 30, plan: 'enterprise' }, // a blank and an unseen plan
  ];

  test('records read like CSV cells: numeric strings are numbers, blanks are missing', () => {
    const model = fitChurnModel(table, { seed: 3, candidates: [{ family: 'logistic', C: 1 }] });
    const [typed, asText, blank] = predictChurn(model, [
      { usage_trend: 1.2, seat_trend: -0.9, tenure_months: 2, plan: 'pro' },
      { usage_trend: ' 1.2', seat_trend: '-0.9', tenure_months: '2', plan: 'pro ' },
      { usage_trend: ' ', seat_trend: -0.9, tenure_months: 2, plan: 'pro' },
    ]);
    assert.equal(asText, typed);
    assert.equal(blank, predictChurn(model, [{ seat_trend: -0.9, tenure_months: 2, plan: 'pro' }])[0]);
    assert.notEqual(blank, typed);
    assert.throws(() => predictChurn(model, [{ usage_trend: 'high' }]), /must be a number/);
  });

  test('is plain JSON: a stored copy predicts the same, and names what it reads and how it was chosen', () => {
    const model = fitChurnModel(table, { seed: 3 });
    const stored = JSON.parse(JSON.stringify(model));
    assert.deepEqual(predictChurn(stored, records), predictChurn(model, records));
    assert.equal(model.format, 'boomerang-churn-model');
    assert.equal(model.formatVersion, 1);
    assert.deepEqual(
      model.features.map((spec) => `${spec.name}:${spec.kind}`),
      ['usage_trend:numeric', 'seat_trend:numeric', 'tenure_months:numeric', 'plan:categorical'],
    );
    assert.equal(model.selection.length, 6);
    assert.equal(model.model.kind, 'gbdt');
  });

  for (const candidate of [
    { family: 'gbdt', params: { maxDepth: 3 } },
    { family: 'logistic', C: 1 },
  ] satisfies Candidate[]) {
    test(`${candidate.family}: reasons are per-feature contributions that add up to the log-odds`, () => {
      const model = fitChurnModel(table, { seed: 3, candidates: [candidate] });
      const [risky, other] = explainChurn(model, records, { top: 2 });
      for (const explanation of [risky!, other!]) {
        const sum = explanation.contributions.reduce((total, reason) => total + reason.contribution, 0);
        close(explanation.expectedMargin + sum, explanation.margin);
        close(explanation.probability, 1 / (1 + Math.exp(-explanation.margin)));
        assert.ok(explanation.reasons.length <= 2);
        assert.ok(explanation.reasons.every((reason) => reason.contribution > 0));
      }
      assert.equal(risky!.contributions.find((reason) => reason.feature === 'plan')!.value, 'pro');
      assert.equal(other!.contributions.find((reason) => reason.feature === 'usage_trend')!.value, null);
      // On the training table, too: expected value + contributions = margin for every row.
      const rows = [0, 1, 2, 3, 4];
      const margins = modelMargins(model.model, table.features, rows);
      modelContributions(model.model, table.features, rows).forEach((phi, i) =>
        close(expectedMargin(model.model) + phi.reduce((total, value) => total + value, 0), margins[i]!),
      );
    });
  }

  test('the trees explain an interaction row by the two features that make it', () => {
    const model = fitChurnModel(table, { seed: 3, candidates: [{ family: 'gbdt', params: {} }] });
    const [explanation] = explainChurn(
      model,
      [{ usage_trend: 1.5, seat_trend: -1.5, tenure_months: 40, plan: 'basic' }],
      { top: 2 },
    );
    assert.deepEqual(explanation!.reasons.map((reason) => reason.feature).sort(), ['seat_trend', 'usage_trend']);
    // The plan is noise in this data: its part is small next to either real driver.
    const plan = explanation!.contributions.find((reason) => reason.feature === 'plan')!;
    assert.ok(explanation!.reasons.every((reason) => reason.contribution > 3 * Math.abs(plan.contribution)));
  });
});
