import { complementRows, stratifiedFolds } from './folds.js';
import {
  fitCandidate,
  modelMargins,
  selectModel,
  CANDIDATES,
  describeCandidate,
  type Candidate,
  type ModelFamily,
} from './churn-model.js';
import { logLoss, prAuc, rocAuc, topDecileLift } from './metrics.js';
import { sigmoid } from './logistic.js';
import type { ChurnTable } from './table.js';

export type CrossValidateOptions = {
  folds?: number;
  seed?: number;
  candidates?: readonly Candidate[];
  /** Called after each fitted model, with the count done and the total. */
  onProgress?: (done: number, total: number) => void;
};

export type FoldResult = {
  fold: number;
  testRows: number;
  /** The configuration chosen inside this fold's training rows. */
  chosen: string;
  family: ModelFamily;
  auc: number;
  /** Test AUC of the best configuration of each family (each chosen inside the training rows). */
  aucByModel: Partial<Record<ModelFamily, number>>;
  validation: { candidate: string; auc: number }[];
};

export type CrossValidationResult = {
  folds: FoldResult[];
  aucMean: number;
  aucFolds: number[];
  aucByModel: Partial<Record<ModelFamily, { mean: number; folds: number[] }>>;
  /** Out-of-fold figures of the chosen models over all rows. */
  prAuc: number;
  logLoss: number;
  topDecileLift: number;
};

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Stratified k-fold cross-validation of the whole procedure: in each fold, the model family
 * and its settings are chosen on the training rows only (selectModel's inner split), refitted
 * on all training rows and scored on the test rows. The best logistic and tree models are
 * also scored on their own, so the per-model figures come from the same folds.
 */
export function crossValidate(table: ChurnTable, options: CrossValidateOptions = {}): CrossValidationResult {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 0;
  const candidates = options.candidates ?? CANDIDATES;
  const n = table.labels.length;
  const positives = table.labels.reduce((sum, label) => sum + label, 0);
  if (positives < k || n - positives < k)
    throw new RangeError(
      `${k} folds need at least ${k} rows of each class (${positives} positive, ${n - positives} negative)`,
    );
  const testFolds = stratifiedFolds(table.labels, k, seed);
  const families = new Set(candidates.map((candidate) => candidate.family)).size;
  const total = k * (candidates.length + families);
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const outOfFold = new Float64Array(n);

  const folds = testFolds.map((test, fold): FoldResult => {
    const train = complementRows(n, test);
    const foldSeed = seed * 1000 + fold;
    const selection = selectModel(table, train, foldSeed, candidates, tick);
    const testLabels = test.map((row) => table.labels[row]!);
    const families = (['logistic', 'gbdt'] as const).filter((family) => selection.bestByFamily[family]);
    const margins: Partial<Record<ModelFamily, Float64Array>> = {};
    const aucByModel: Partial<Record<ModelFamily, number>> = {};
    for (const family of families) {
      const model = fitCandidate(selection.bestByFamily[family]!, table.features, table.labels, train, foldSeed, table.ids);
      margins[family] = modelMargins(model, table.features, test);
      aucByModel[family] = rocAuc(testLabels, margins[family]);
      tick();
    }
    const family = selection.chosen.family;
    test.forEach((row, i) => {
      outOfFold[row] = sigmoid(margins[family]![i]!);
    });
    return {
      fold,
      testRows: test.length,
      chosen: describeCandidate(selection.chosen),
      family,
      auc: aucByModel[family]!,
      aucByModel,
      validation: selection.scores.map(({ candidate, auc }) => ({ candidate, auc })),
    };
  });

  const aucFolds = folds.map((fold) => fold.auc);
  const aucByModel: CrossValidationResult['aucByModel'] = {};
  for (const family of ['logistic', 'gbdt'] as const) {
    if (folds.some((fold) => fold.aucByModel[family] === undefined)) continue;
    const values = folds.map((fold) => fold.aucByModel[family]!);
    aucByModel[family] = { mean: mean(values), folds: values };
  }
  return {
    folds,
    aucMean: mean(aucFolds),
    aucFolds,
    aucByModel,
    prAuc: prAuc(table.labels, outOfFold),
    logLoss: logLoss(table.labels, outOfFold),
    topDecileLift: topDecileLift(table.labels, outOfFold),
  };
}
