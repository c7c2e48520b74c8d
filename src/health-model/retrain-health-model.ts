import type { Kysely } from 'kysely';
import { explainChurn, type ChurnReason } from '../churn-model/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { findMeasureFacts } from '../health/index.js';
import { buildTrainingSet } from './build-training-set.js';
import { describeRiskReason } from './describe-risk.js';
import { findBacktestOutcomes, insertModelVersion, replacePredictions, type PredictionRowInput } from './health-model.repository.js';
import { MIN_TRAINING_CLASS, trainModel } from './run-backtest.js';
import { DEFAULT_CUT, DEFAULT_HORIZON_DAYS, featureRecordOf } from './training-features.js';

type Conn = Kysely<Database>;

/** Reasons kept per account: the features that raise its risk most. */
export const TOP_REASONS = 3;
/**
 * When the renewal falls decides whether a loss can land inside the horizon, so it moves the
 * risk a lot, but it is no reason a CSM can act on (the Health tab shows the renewal itself):
 * the reasons are the other features that raise the risk.
 */
const NOT_A_REASON = new Set(['days_to_renewal']);

function reasonsOf(contributions: readonly ChurnReason[]) {
  return contributions
    .filter((reason) => reason.contribution > 0 && !NOT_A_REASON.has(reason.feature))
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, TOP_REASONS)
    .map(describeRiskReason);
}
const PREDICT_CHUNK = 5000;

export type RetrainResult =
  | { trained: true; version: number; trainingRows: number; trainingPositives: number; family: string; validationAuc: number | null; predictions: number }
  | { trained: false; reason: string; trainingRows: number; trainingPositives: number };

/**
 * Trains a new model version on every renewal decided by today (accounts cut through each term,
 * labelled lost within the default horizon or not: the stored risk is of a loss within it),
 * stores it, and replaces each account's risk (accounts with ARR today) with this version's
 * probability and top reasons. Too little history (fewer than 10 training rows of either label):
 * nothing is stored and the previous version's predictions stay.
 *
 * @example
 *   await retrainHealthModel(db, { workspaceId, clock });
 */
export async function retrainHealthModel(db: Conn, options: { workspaceId: string; clock: Clock; leadDays?: number; seed?: number }): Promise<RetrainResult> {
  const { workspaceId } = options;
  const now = options.clock.now();
  const today = now.toISOString().slice(0, 10);
  const leadDays = options.leadDays ?? DEFAULT_CUT.leadDays;
  const training = await buildTrainingSet(db, { workspaceId, decidedBy: today, horizonDays: DEFAULT_HORIZON_DAYS, leadDays });
  const positives = training.filter((row) => row.label === 1).length;
  if (positives < MIN_TRAINING_CLASS || training.length - positives < MIN_TRAINING_CLASS)
    return { trained: false, reason: `${positives} training rows lost within ${DEFAULT_HORIZON_DAYS} days and ${training.length - positives} not; at least ${MIN_TRAINING_CLASS} of each are needed`, trainingRows: training.length, trainingPositives: positives };
  const model = trainModel(training, options.seed ?? 0);
  const family = model.model.kind;
  const validationAuc = Math.max(...model.selection.filter((s) => s.family === family).map((s) => s.auc));

  const accounts = (await findBacktestOutcomes(db, { workspaceId, asOf: today, until: today })).map((o) => o.account_id);
  const rows: PredictionRowInput[] = [];
  for (let start = 0; start < accounts.length; start += PREDICT_CHUNK) {
    const facts = await findMeasureFacts(db, { workspaceId, asOf: today, accountIds: accounts.slice(start, start + PREDICT_CHUNK) });
    const explanations = explainChurn(model, facts.map((f) => featureRecordOf(f, today)));
    facts.forEach((f, i) => rows.push({ accountId: f.account_id, probability: explanations[i]!.probability, reasons: reasonsOf(explanations[i]!.contributions) }));
  }
  const version = await inTransaction(db, async (trx) => {
    const stored = await insertModelVersion(trx, {
      workspaceId,
      trainedAt: now,
      decidedBy: today,
      leadDays,
      trainingRows: training.length,
      trainingPositives: positives,
      family,
      validationAuc: Number.isFinite(validationAuc) ? validationAuc : null,
      model,
    });
    await replacePredictions(trx, { workspaceId, modelVersion: stored, asOf: today, computedAt: now, rows });
    return stored;
  });
  return { trained: true, version, trainingRows: training.length, trainingPositives: positives, family, validationAuc, predictions: rows.length };
}
