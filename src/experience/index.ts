/**
 * Moments of truth and the running experience score (issue 13 items 2 and 3): every touchpoint
 * with its team, channel, stage, outcome and intensity — derived from domain events by the
 * `experience.moments` consumer or recorded by hand — a score per account and stakeholder in
 * which bad moments weigh more, fade, and put the customer on edge for the next ones, and the
 * root-cause view of which upstream moments precede churn. Model and rules: docs/experience.md.
 *
 * @example
 *   await recordMoment(db, actor, accountId, { kind: 'outage', title: 'EU outage', outcome: 'negative', intensity: 3 }, now);
 *   const { score, history } = await getAccountExperience(db, actor, accountId, { now, days: 365 });
 */
export { experienceMomentsConsumer } from './moments-consumer.js';
export { countMomentsOfKinds, findMomentsOfKinds, getAccountExperience, getContactExperience, listAccountMoments, recordMoment, type MomentKindQuery } from './moments.js';
export { getExperienceSettings, loadExperienceParams, saveExperienceSettings } from './experience-settings.js';
export { getRootCauses } from './root-cause-report.js';
export { recordDemoExperience } from './record-demo-experience.js';
export type { DemoJourneyAccount } from './demo-journey.js';
export { DEFAULT_EXPERIENCE_PARAMS, experienceAt, dailyExperienceSeries, type ExperienceParams, type ScoredMoment } from './experience-score.js';
export { rankRootCauses, ROOT_CAUSE_DIMENSIONS, type RootCauseReport } from './root-causes.js';
export * from './experience.schema.js';
