import { scheduleJobs, type JobHandler } from '../jobs/index.js';
import { findWorkspaceIdsWithRenewals } from './health-model.repository.js';
import { defaultBacktest, queueBacktest } from './backtest-runs.js';
import { retrainHealthModel } from './retrain-health-model.js';

export const HEALTH_MODEL_TRAIN_JOB = 'health.model.train';
const DAY_MS = 86_400_000;

/**
 * Recurring system job `health.model.retrain`, weekly: queues one `health.model.train` per
 * workspace that has any booked renewal outcome (keyed by the day, so a restart never trains
 * twice), so each workspace's model learns from the renewals decided since the last version.
 */
export const healthModelRetrainJob: JobHandler = {
  type: 'health.model.retrain',
  everyMs: 7 * DAY_MS,
  maxAttempts: 3,
  run: async ({ db, clock }) => {
    const day = clock.now().toISOString().slice(0, 10);
    const workspaceIds = await findWorkspaceIdsWithRenewals(db);
    await scheduleJobs(
      db,
      workspaceIds.map((workspaceId) => ({ type: HEALTH_MODEL_TRAIN_JOB, workspaceId, uniqueKey: `train:${workspaceId}:${day}`, maxAttempts: 2 })),
      clock,
    );
  },
};

/**
 * `health.model.train` for one workspace: a new model version and every account's risk with
 * it, then a backtest queued on the default horizon so the model page shows a recent one.
 */
export const healthModelTrainJob: JobHandler = {
  type: HEALTH_MODEL_TRAIN_JOB,
  run: async ({ db, workspaceId, clock }) => {
    if (!workspaceId) throw new Error('health.model.train needs a workspace');
    const result = await retrainHealthModel(db, { workspaceId, clock });
    if (result.trained) await queueBacktest(db, defaultBacktest(workspaceId), clock);
  },
};
