import { columnsFor, columnsFromRecords, type FeatureRecord, type FeatureSpec, type FeatureValue } from './encoding.js';
import { stratifiedHoldout } from './folds.js';
import {
  binColumns,
  binCount,
  compileTree,
  fitGbdt,
  gbdtMargins,
  GBDT_DEFAULTS,
  type GbdtModel,
  type GbdtParams,
} from './gbdt.js';
import { fitLogistic, logisticContributions, logisticMargins, sigmoid, type LogisticModel } from './logistic.js';
import { rocAuc } from './metrics.js';
import { cellValue, type ChurnTable, type FeatureColumn } from './table.js';
import { treeExpectedValue, treeShap } from './tree-shap.js';

export type ModelFamily = 'logistic' | 'gbdt';
export type FittedModel = LogisticModel | GbdtModel;

/** One configuration tried during model choice. */
export type Candidate = { family: 'logistic'; C: number } | { family: 'gbdt'; params: GbdtParams };

/**
 * The configurations compared on the inner validation split. The grids are small and generic
 * (not tuned to one file): L2 strengths a decade apart, and shallow vs deeper trees.
 */
export const CANDIDATES: readonly Candidate[] = [
  { family: 'logistic', C: 0.01 },
  { family: 'logistic', C: 0.1 },
  { family: 'logistic', C: 1 },
  { family: 'logistic', C: 10 },
  { family: 'gbdt', params: { maxDepth: 2 } },
  { family: 'gbdt', params: { maxDepth: 4 } },
];

export const describeCandidate = (candidate: Candidate): string =>
  candidate.family === 'logistic'
    ? `logistic C=${candidate.C}`
    : `gbdt ${Object.entries(candidate.params)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ')}`;

export function fitCandidate(
  candidate: Candidate,
  features: readonly FeatureColumn[],
  labels: Uint8Array,
  rows: readonly number[],
  seed: number,
  groups?: ArrayLike<string>,
): FittedModel {
  return candidate.family === 'logistic'
    ? fitLogistic(features, labels, rows, { C: candidate.C })
    : fitGbdt(features, labels, rows, { ...candidate.params, seed }, groups);
}

/** Log-odds of the positive class for `rows`; `features` may hold more columns than the model reads. */
export function modelMargins(
  model: FittedModel,
  features: readonly FeatureColumn[],
  rows: readonly number[],
): Float64Array {
  const columns = columnsFor(model.features, features);
  return model.kind === 'logistic' ? logisticMargins(model, columns, rows) : gbdtMargins(model, columns, rows);
}

/** The model's output before seeing a row (log-odds): contributions are measured from it. */
export function expectedMargin(model: FittedModel): number {
  if (model.kind === 'logistic') return model.intercept;
  const nBins = model.bins.map(binCount);
  return model.trees.reduce((sum, nodes) => sum + treeExpectedValue(compileTree(nodes, nBins)), model.base);
}

/**
 * Per-row contributions of each model feature to the log-odds (exact TreeSHAP for trees, exact
 * linear Shapley values for the logistic model): expectedMargin + Σ contributions = margin.
 */
export function modelContributions(
  model: FittedModel,
  features: readonly FeatureColumn[],
  rows: readonly number[],
): Float64Array[] {
  const columns = columnsFor(model.features, features);
  if (model.kind === 'logistic') return logisticContributions(model, columns, rows);
  const bins = binColumns(model.bins, columns);
  const nBins = model.bins.map(binCount);
  const compiled = model.trees.map((nodes) => compileTree(nodes, nBins));
  return rows.map((row) => {
    const phi = new Float64Array(model.features.length);
    for (const tree of compiled) {
      treeShap(
        tree,
        (node) => {
          const split = tree.nodes[node] as { feature: number };
          return tree.goesLeft[node]![bins[split.feature]![row]!] === 1;
        },
        phi,
      );
    }
    return phi;
  });
}

export type SelectionResult = {
  chosen: Candidate;
  /** Validation AUC of every candidate, in CANDIDATES order. */
  scores: { candidate: string; family: ModelFamily; auc: number }[];
  /** The best configuration of each family among the candidates. */
  bestByFamily: Partial<Record<ModelFamily, Candidate>>;
};

/**
 * Chooses a configuration on `rows` alone: fits every candidate on a stratified 80 % of them
 * and scores AUC on the other 20 % (whole groups of rows sharing an id on one side, when the
 * table's ids repeat: several training rows cut from one account). The best logistic and the best tree configuration are
 * kept; the chosen one is the better of the two. The caller then refits the choice on all
 * of `rows`.
 */
export function selectModel(
  table: Pick<ChurnTable, 'features' | 'labels' | 'ids'>,
  rows: readonly number[],
  seed: number,
  candidates: readonly Candidate[] = CANDIDATES,
  onCandidate?: () => void,
): SelectionResult {
  const { train, validation } = stratifiedHoldout(table.labels, rows, 0.2, seed + 104729, table.ids);
  const validationLabels = validation.map((row) => table.labels[row]!);
  const scores = candidates.map((candidate) => {
    const model = fitCandidate(candidate, table.features, table.labels, train, seed, table.ids);
    const auc = rocAuc(validationLabels, modelMargins(model, table.features, validation));
    onCandidate?.();
    return { candidate: describeCandidate(candidate), family: candidate.family, auc, config: candidate };
  });
  // Best of each family present; the logistic model wins a tie (simpler, its reasons read directly).
  const bestByFamily: Partial<Record<ModelFamily, Candidate>> = {};
  let best: (typeof scores)[number] | undefined;
  for (const family of ['logistic', 'gbdt'] as const) {
    const own = scores.filter((score) => score.family === family);
    if (own.length === 0) continue;
    const top = own.reduce((a, b) => (b.auc > a.auc ? b : a));
    bestByFamily[family] = top.config;
    if (!best || top.auc > best.auc) best = top;
  }
  if (!best) throw new RangeError('No candidate models to choose from');
  return {
    chosen: best.config,
    scores: scores.map(({ candidate, family, auc }) => ({ candidate, family, auc })),
    bestByFamily,
  };
}

/** Version of the JSON layout below; bump it when a field changes meaning. */
export const CHURN_MODEL_FORMAT_VERSION = 1;

/**
 * A trained churn-risk model as stored JSON: what it reads (feature schema), what it predicts
 * (target and positive value), how it was chosen, and the fitted parameters. Plain data:
 * `JSON.parse(JSON.stringify(model))` predicts the same.
 */
export type ChurnModel = {
  format: 'boomerang-churn-model';
  formatVersion: number;
  target: string;
  positive: string;
  features: FeatureSpec[];
  trainingRows: number;
  trainingPositives: number;
  selection: SelectionResult['scores'];
  model: FittedModel;
};

export type FitChurnModelOptions = { seed?: number; candidates?: readonly Candidate[] };

/** Chooses between the candidates on the table (inner 80/20 split), then fits the choice on every row. */
export function fitChurnModel(table: ChurnTable, options: FitChurnModelOptions = {}): ChurnModel {
  const seed = options.seed ?? 0;
  const rows = Array.from(table.labels, (_, i) => i);
  const selection = selectModel(table, rows, seed, options.candidates);
  const model = fitCandidate(selection.chosen, table.features, table.labels, rows, seed, table.ids);
  return {
    format: 'boomerang-churn-model',
    formatVersion: CHURN_MODEL_FORMAT_VERSION,
    target: table.target,
    positive: table.positive,
    features: model.features,
    trainingRows: rows.length,
    trainingPositives: table.labels.reduce((sum, label) => sum + label, 0),
    selection: selection.scores,
    model,
  };
}

/** Probability of the positive class (churn) for each record. */
export function predictChurn(model: ChurnModel, records: readonly FeatureRecord[]): number[] {
  const columns = columnsFromRecords(model.features, records);
  return Array.from(
    modelMargins(
      model.model,
      columns,
      records.map((_, i) => i),
    ),
    sigmoid,
  );
}

export type ChurnReason = { feature: string; value: FeatureValue; contribution: number };

export type ChurnExplanation = {
  probability: number;
  /** Log-odds = expectedMargin + Σ contributions. */
  margin: number;
  expectedMargin: number;
  /** Every feature's contribution to the log-odds, largest magnitude first. */
  contributions: ChurnReason[];
  /** The features that raise the risk most (positive contributions), at most `top`. */
  reasons: ChurnReason[];
};

/** Risk and its reasons for each record: per-feature contributions to the log-odds. */
export function explainChurn(
  model: ChurnModel,
  records: readonly FeatureRecord[],
  options: { top?: number } = {},
): ChurnExplanation[] {
  const columns = columnsFromRecords(model.features, records);
  const rows = records.map((_, i) => i);
  const margins = modelMargins(model.model, columns, rows);
  const contributions = modelContributions(model.model, columns, rows);
  const expected = expectedMargin(model.model);
  return rows.map((row) => {
    const all = model.features
      .map((spec, f) => ({
        feature: spec.name,
        value: cellValue(columns[f]!, row),
        contribution: contributions[row]![f]!,
      }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    return {
      probability: sigmoid(margins[row]!),
      margin: margins[row]!,
      expectedMargin: expected,
      contributions: all,
      reasons: all
        .filter((reason) => reason.contribution > 0)
        .sort((a, b) => b.contribution - a.contribution)
        .slice(0, options.top ?? 3),
    };
  });
}

export { GBDT_DEFAULTS };
