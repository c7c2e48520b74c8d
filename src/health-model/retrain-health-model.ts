import type { Kysely } from 'kysely';
import { explainChurn } from '../churn-model/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { findMeasureFacts } from '../health/index.js';
import { buildTrainingSet } from './build-training-set.js';
import { riskReasons } from './describe-risk.js';
import { findBacktestOutcomes, insertModelVersion, replacePredictions, type PredictionRowInput } from './health-model.repository.js';
import { tooLittleHistory, trainModel } from './run-backtest.js';
import { DEFAULT_CUT, featureRecordOf } from './training-features.js';

type Conn = Kysely<Database>;

/** Reasons kept per account: the measures that raise its risk most. */
export const TOP_REASONS = 3;
const PREDICT_CHUNK = 5000;

export type RetrainResult =
  | { trained: true; version: number; trainingRows: number; trainingPositives: number; family: string; validationAuc: number | null; predictions: number }
  | { trained: false; reason: string; trainingRows: number; trainingPositives: number };

/**
 * Trains a new model version on every renewal decided by today (features N days before each),
 * stores it, and replaces each account's risk (accounts with ARR today) with this version's
 * probability and top reasons. Too little history (fewer than 10 renewals lost or renewed):
 * nothing is stored and the previous version's predictions stay.
 *
 * @example
 *   await retrainHealthModel(db, { workspaceId, clock });
 */
export async function retrainHealthModel(db: Conn, options: { workspaceId: string; clock: Clock; seed?: number }): Promise<RetrainResult> {
  const { workspaceId } = options;
  const now = options.clock.now();
  const today = now.toISOString().slice(0, 10);
  const horizonDays = DEFAULT_CUT.horizonDays;
  const training = await buildTrainingSet(db, { workspaceId, decidedBy: today, horizonDays });
  const positives = training.filter((row) => row.label === 1).length;
  const tooLittle = tooLittleHistory(training);
  if (tooLittle) return { trained: false, reason: tooLittle, trainingRows: training.length, trainingPositives: positives };
  const model = trainModel(training, options.seed ?? 0);
  const family = model.model.kind;
  const validationAuc = Math.max(...model.selection.filter((s) => s.family === family).map((s) => s.auc));

  const accounts = (await findBacktestOutcomes(db, { workspaceId, asOf: today, until: today })).map((o) => o.account_id);
  const rows: PredictionRowInput[] = [];
  for (let start = 0; start < accounts.length; start += PREDICT_CHUNK) {
    const facts = await findMeasureFacts(db, { workspaceId, asOf: today, accountIds: accounts.slice(start, start + PREDICT_CHUNK) });
    const explanations = explainChurn(model, facts.map((f) => featureRecordOf(f, today)));
    facts.forEach((f, i) => rows.push({ accountId: f.account_id, probability: explanations[i]!.probability, reasons: riskReasons(explanations[i]!.contributions, TOP_REASONS) }));
  }
  const version = await inTransaction(db, async (trx) => {
    const stored = await insertModelVersion(trx, {
      workspaceId,
      trainedAt: now,
      decidedBy: today,
      horizonDays,
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
