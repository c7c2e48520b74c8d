/**
 * Health scores you can trust (issue 11): configurable scorecards per segment or lifecycle
 * stage, each measure explained (value, points, weight, contribution, freshness), daily
 * history, CSM overrides with a reason and an expiry, recomputed on the job spine.
 *
 * @example
 *   await markHealthStale(trx, workspaceId, [accountId], clock); // fresh within a minute
 *   const health = await getAccountHealth(db, actor, accountId, clock);
 */
export { getAccountHealth, removeHealthOverride, setHealthOverride } from './account-health.js';
export { getHealthConfig, loadHealthConfig, saveHealthConfig, type VersionedHealthConfig } from './health-config.js';
export { healthNightlyJob, healthRecomputeJob, healthStaleSweepJob, markHealthStale, HEALTH_RECOMPUTE_JOB } from './health-jobs.js';
export { healthInputsConsumer } from './health-inputs-consumer.js';
export { backfillHealthHistory, recomputeHealth, scoreFacts, type RecomputeResult } from './recompute-health.js';
export { pointsFor, scoreAccount, bandFor, FRESHNESS_FLAGS, type FreshnessFlag, type ScoredMeasure, type AccountScore } from './score-account.js';
export { findHealthPoints, findHealthReadings, type HealthPoint, type HealthReadings } from './find-health-points.js';
export { findHealthDrops, healthDropOf, HEALTH_DROP_DAYS, HEALTH_DROP_POINTS, type HealthDrop } from './find-health-drops.js';
export { explainMoves, explainReasons, formatMeasureValue, sayMeasureValue } from './explain-score.js';
export * from './scorecard-config.js';
export * from './health.schema.js';
// Point-in-time facts for the churn model's training set and backtest (src/health-model).
export { findMeasureFacts } from './find-measure-facts.js';
export { type MeasureFacts } from './health.repository.js';
export { readMeasureInputs } from './measure-readings.js';
export { addDays, daysBetween } from './days.js';
export { getHealthPortfolio } from './get-health-portfolio.js';
export { previewHealthConfig } from './preview-health-config.js';
export { compareBands, type BandShift } from './band-shift.js';
export { findSignalDisagreements, DISAGREEMENT_KINDS, type SignalDisagreement } from './signal-disagreements.js';
export * from './portfolio.schema.js';
