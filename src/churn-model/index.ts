/**
 * Churn-risk models, pure computation: CSV → typed table, logistic regression and
 * gradient-boosted trees (own implementations), choice between them by validation AUC inside
 * the training rows, cross-validation, per-row reasons (TreeSHAP), and the metrics the
 * health backtest shares. No I/O, no clock.
 *
 * @example
 * const { header, rows } = parseCsvText(text);
 * const table = buildChurnTable({ header, rows, target: 'Churn', positive: 'Yes', id: 'customerID' });
 * crossValidate(table, { folds: 5, seed: 0 }).aucMean;
 * const model = fitChurnModel(table);               // plain JSON, store as it is
 * explainChurn(model, [{ Contract: 'Month-to-month', tenure: 2 }])[0].reasons;
 */
export {
  parseCsvText,
  buildChurnTable,
  type ChurnTable,
  type FeatureColumn,
  type BuildChurnTableOptions,
} from './table.js';
export { rocAuc, prAuc, logLoss, calibrationBins, topDecileLift, type CalibrationBin } from './metrics.js';
export { stratifiedFolds, stratifiedHoldout } from './folds.js';
export { tableFromRecords, type FeatureSpec, type FeatureRecord, type FeatureValue } from './encoding.js';
export {
  fitChurnModel,
  predictChurn,
  explainChurn,
  selectModel,
  CANDIDATES,
  CHURN_MODEL_FORMAT_VERSION,
  type ChurnModel,
  type ChurnExplanation,
  type ChurnReason,
  type Candidate,
  type ModelFamily,
  type FitChurnModelOptions,
} from './churn-model.js';
export {
  crossValidate,
  type CrossValidateOptions,
  type CrossValidationResult,
  type FoldResult,
} from './cross-validate.js';
