import { readFileSync, writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { invalid } from '../../core/errors.js';
import {
  buildChurnTable,
  crossValidate,
  fitChurnModel,
  parseCsvText,
  type ModelFamily,
} from '../../churn-model/index.js';

export type ModelEvalOptions = {
  csv: string;
  target: string;
  positive?: string;
  id?: string;
  folds: number;
  seed: number;
  /** Also fit the chosen model on every row and write it as JSON. */
  saveModel?: string;
};

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

/**
 * `boomerang model eval`: stratified k-fold cross-validation of the churn-model procedure
 * (logistic regression or gradient-boosted trees, chosen inside each training fold) on any
 * CSV with a two-valued target. Progress on stderr; the last stdout line is the JSON result.
 * Needs no database.
 */
export function modelEvalCommand(options: ModelEvalOptions): void {
  let text: string;
  try {
    text = readFileSync(options.csv, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(`Cannot read ${options.csv}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const started = performance.now();
  const { header, rows } = parseCsvText(text);
  const table = buildChurnTable({ header, rows, target: options.target, positive: options.positive, id: options.id });
  const positives = table.labels.reduce((sum, label) => sum + label, 0);
  const negatives = table.labels.length - positives;
  if (Math.min(positives, negatives) < options.folds * 2)
    throw invalid(
      `${options.folds} folds need at least ${options.folds * 2} rows of each class; "${table.target}" has ${positives} "${table.positive}" and ${negatives} others.`,
    );
  const numeric = table.features.filter((column) => column.kind === 'numeric').map((column) => column.name);
  const categorical = table.features.filter((column) => column.kind === 'categorical').map((column) => column.name);
  process.stderr.write(
    `${table.labels.length} rows (${positives} ${table.target} = ${table.positive}), ${numeric.length} numeric and ${categorical.length} categorical features` +
      `${table.droppedColumns.length ? `; left out ${table.droppedColumns.map((d) => `${d.column} (${d.reason})`).join(', ')}` : ''}` +
      `${table.droppedRows ? `; ${table.droppedRows} rows with a blank target left out` : ''}\n`,
  );

  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'Cross-validating [{bar}] {value}/{total} models | {duration}s' },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let barStarted = false;
  // The default candidates hold both families, so both per-model figures exist.
  const result = crossValidate(table, {
    folds: options.folds,
    seed: options.seed,
    onProgress: (done, total) => {
      if (!bar) {
        // Not a terminal (a log file, CI): one line per fold instead of a redrawn bar.
        const perFold = total / options.folds;
        if (done % perFold === 0) process.stderr.write(`fold ${done / perFold}/${options.folds} done\n`);
        return;
      }
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      bar.update(done);
    },
  });
  bar?.stop();

  const chosen = result.folds.map((fold) => fold.family);
  const count = (family: ModelFamily) => chosen.filter((name) => name === family).length;
  const model: ModelFamily = count('gbdt') > count('logistic') ? 'gbdt' : 'logistic';
  const lines = result.folds.map(
    (fold) =>
      `fold ${fold.fold + 1}: chose ${fold.chosen}, test AUC ${fold.auc.toFixed(4)} (logistic ${fold.aucByModel.logistic!.toFixed(4)}, gbdt ${fold.aucByModel.gbdt!.toFixed(4)})`,
  );
  const logistic = result.aucByModel.logistic!;
  const gbdt = result.aucByModel.gbdt!;
  lines.push(
    `mean AUC ${result.aucMean.toFixed(4)}; logistic alone ${logistic.mean.toFixed(4)}, gbdt alone ${gbdt.mean.toFixed(4)}`,
  );
  if (options.saveModel) {
    const fitted = fitChurnModel(table, { seed: options.seed });
    writeFileSync(options.saveModel, `${JSON.stringify(fitted)}\n`);
    lines.push(
      `Wrote the ${fitted.model.kind} model fitted on all ${table.labels.length} rows to ${options.saveModel}`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    auc_mean: round(result.aucMean),
    auc_folds: result.aucFolds.map((auc) => round(auc)),
    model,
    model_folds: result.folds.map((fold) => fold.chosen),
    auc_by_model: {
      logistic: { mean: round(logistic.mean), folds: logistic.folds.map((auc) => round(auc)) },
      gbdt: { mean: round(gbdt.mean), folds: gbdt.folds.map((auc) => round(auc)) },
    },
    pr_auc: round(result.prAuc),
    log_loss: round(result.logLoss),
    top_decile_lift: round(result.topDecileLift, 3),
    rows: table.labels.length,
    positives,
    features: { numeric, categorical, dropped: table.droppedColumns.map((dropped) => dropped.column) },
    folds: options.folds,
    seed: options.seed,
    seconds: round(seconds, 2),
  };
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);
}
