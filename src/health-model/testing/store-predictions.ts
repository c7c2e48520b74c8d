import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { insertModelVersion, replacePredictions } from '../health-model.repository.js';

/**
 * For tests of readers of the risk (a CSM's day): one run of a stand-in model as the weekly
 * retrain stores it, without training anything. Each account's reason is given in words.
 */
export async function storePredictionRun(
  db: Kysely<Database>,
  run: { workspaceId: string; asOf: string; now: Date; predictions: Array<{ accountId: string; probability: number; reason: string }> },
): Promise<void> {
  const modelVersion = await insertModelVersion(db, {
    workspaceId: run.workspaceId,
    trainedAt: run.now,
    decidedBy: run.asOf,
    horizonDays: 180,
    trainingRows: 0,
    trainingPositives: 0,
    family: 'logistic',
    validationAuc: null,
    model: {},
  });
  await replacePredictions(db, {
    workspaceId: run.workspaceId,
    modelVersion,
    asOf: run.asOf,
    computedAt: run.now,
    rows: run.predictions.map((p) => ({ accountId: p.accountId, probability: p.probability, reasons: [{ feature: 'stand_in', value: null, contribution: 1, text: p.reason }] })),
  });
}
