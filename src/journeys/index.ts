/**
 * The lifecycle journey (issue 13 item 1): the workspace's stages with their gates,
 * entry/exit criteria and milestones; every stage change with time, reason and actor;
 * time in stage against the expected stay of similar accounts; the journey board.
 *
 * Every way of moving a stage goes through the accounts module's create/update use cases,
 * which call `prepareStageMoveOrThrow` (the gate) and `recordStageChanges` (history,
 * milestones, due timers) in the change's transaction.
 *
 * @example
 *   const { stage } = await prepareStageMoveOrThrow(trx, workspaceId, { accountId, accountName, from, to: 'Decision & Contract', ownerId });
 *   await recordStageChanges(trx, actor, [{ accountId, from, to: stage, reason: 'Signed the order form', source: 'journey' }], now);
 */
export * from './journey.schema.js';
export { DEFAULT_JOURNEY } from './default-journey.js';
export { findStage, stageStatus, expectedStay, MIN_STAYS } from './journey-rules.js';
export { loadJourney, type LoadedJourney } from './load-journey.js';
export { getJourney, putJourney } from './journey-config.js';
export {
  checkStageMoves,
  prepareStageMoveOrThrow,
  recordStageChanges,
  scheduleCurrentStayChecks,
  scheduleMilestoneTimers,
  MILESTONE_DUE_JOB,
  STAY_CHECK_JOB,
  type StageMoveRequest,
  type StageMoveCheck,
  type StageChangeRecord,
} from './stage-moves.js';
export { findStagesAt, findStalledAccounts, getAccountJourney, type JourneyAccount, type StalledStay } from './account-journey.js';
export { getJourneyBoard } from './journey-board.js';
export { putAccountGoals } from './account-goals.js';
export { setMilestoneDone } from './account-milestones.js';
export { createMilestoneDueJob, MILESTONE_DUE_AUTOMATION, type RecordJourneySignal } from './milestone-due-job.js';
export { createStayCheckJob, STAY_CHECK_AUTOMATION } from './stay-check-job.js';
export { stayMediansJob, stayMediansDailyJob, STAY_MEDIANS_JOB, STAY_MEDIANS_DELAY_MS } from './stay-medians-job.js';
export { createJourneyCriteriaConsumer, JOURNEY_AUTOMATION, type MoveStage } from './journey-criteria-consumer.js';
export { generateDemoJourneys, type DemoJourneyAccount } from './demo-journeys.js';
