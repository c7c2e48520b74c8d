import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildChurnTable,
  crossValidate,
  explainChurn,
  fitChurnModel,
  parseCsvText,
  type FeatureRecord,
} from '../src/churn-model/index.js';
import { log, startProgress } from './lib/progress.js';
import type { BenchContext, BenchRun, Benchmark } from './types.js';

// IBM's Telco Customer Churn sample beside the repository (shared/data/SOURCES.md).
const TELCO = join(import.meta.dirname, '../../shared/data/telco-churn/telco-customer-churn.csv');
const seconds = (started: number) => Number(((performance.now() - started) / 1000).toFixed(2));

/**
 * `boomerang model eval`'s work on the Telco file (7,043 rows, 5 folds, 6 candidates + 2
 * refits per fold), then fitting the stored model on all rows and explaining 1,000 accounts.
 * Pure computation: it runs on the pglite pass only and says so on the others.
 */
async function run({ backend }: BenchContext): Promise<BenchRun> {
  if (backend !== 'pglite') return { result: { skipped: 'no database involved' }, summary: ['churn-model: skipped (no database involved)'] };
  if (!existsSync(TELCO)) throw new Error(`The Telco file is not at ${TELCO}`);
  let started = performance.now();
  const { header, rows } = parseCsvText(readFileSync(TELCO, 'utf8'));
  const table = buildChurnTable({ header, rows, target: 'Churn', positive: 'Yes', id: 'customerID' });
  const readSeconds = seconds(started);

  started = performance.now();
  let progress: ReturnType<typeof startProgress> | undefined;
  const result = crossValidate(table, {
    folds: 5,
    seed: 0,
    onProgress: (done, total) => {
      progress ??= startProgress('cross-validation', total);
      progress.increment();
    },
  });
  progress?.stop();
  const crossValidationSeconds = seconds(started);

  started = performance.now();
  const model = fitChurnModel(table, { seed: 0 });
  const fitSeconds = seconds(started);

  const records: FeatureRecord[] = rows.slice(0, 1000).map((row) =>
    Object.fromEntries(header.map((name, i) => [name, row[i]!.trim() === '' ? null : row[i]!])),
  );
  started = performance.now();
  const explanations = explainChurn(model, records);
  const explainSeconds = seconds(started);
  log(`explained ${explanations.length} accounts`);

  const figures = {
    rows: table.labels.length,
    auc_mean: result.aucMean,
    auc_by_model: result.aucByModel,
    model_folds: result.folds.map((fold) => fold.chosen),
    stored_model: model.model.kind,
    stored_model_trees: model.model.kind === 'gbdt' ? model.model.trees.length : undefined,
    read_seconds: readSeconds,
    cross_validation_seconds: crossValidationSeconds,
    fit_seconds: fitSeconds,
    explain_1000_seconds: explainSeconds,
  };
  return {
    result: figures,
    summary: [
      `churn-model: Telco 5-fold AUC ${result.aucMean.toFixed(4)} (logistic ${result.aucByModel.logistic!.mean.toFixed(4)}, gbdt ${result.aucByModel.gbdt!.mean.toFixed(4)})`,
      `  cross-validation ${crossValidationSeconds} s, final fit ${fitSeconds} s (${model.model.kind}), explain 1,000 accounts ${explainSeconds} s`,
    ],
  };
}

export const churnModelBenchmark: Benchmark = {
  name: 'churn-model',
  description: 'model eval on the Telco file: 5-fold cross-validation, final fit, TreeSHAP reasons',
  run,
};
