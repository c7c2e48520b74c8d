/**
 * The churn-risk model trained on the workspace's own past (issue 11, items 4 and 6): a
 * point-in-time training set (each renewal's features as of N days before it), and a backtest
 * that sets the model beside the current scorecard on what happened after a past day.
 *
 * @example
 *   const rows = await buildTrainingSet(db, { workspaceId, decidedBy: '2026-06-01' });
 *   const report = await runBacktest(db, { workspaceId, horizonDays: 180, today });
 *   await queueBacktest(db, { workspaceId, horizonDays: 180 }, clock); // job `health.backtest` stores it
 */
export { buildTrainingSet, type TrainingRow, type BuildTrainingSetOptions } from './build-training-set.js';
export { runBacktest, trainModel, backtestWindow, MIN_TRAINING_CLASS, type BacktestResult, type RunBacktestOptions } from './run-backtest.js';
export { queueBacktest, runAndStoreBacktest, healthBacktestJob, HEALTH_BACKTEST_JOB, DEFAULT_HORIZON_DAYS, type StoredBacktestReport } from './backtest-runs.js';
export { summariseBacktest, type BacktestCase, type BacktestReport } from './backtest-report.js';
export { MODEL_FEATURES, featureRecordOf, planTrainingCuts, DEFAULT_CUT, type CutOptions } from './training-features.js';
export { retrainHealthModel, TOP_REASONS, type RetrainResult } from './retrain-health-model.js';
export { healthModelRetrainJob, healthModelTrainJob, HEALTH_MODEL_TRAIN_JOB } from './health-model-jobs.js';
export { type RiskReason } from './describe-risk.js';
export { getAccountRisk, listModelVersions, getLatestBacktest, requestBacktest, findBookRiskRises, findChurnPredictions, type RiskRise } from './health-model-views.js';
export * from './health-model.schema.js';
