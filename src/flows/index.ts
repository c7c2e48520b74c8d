/**
 * Product flows and stuck-step detection (issue 13, item 6): a flow is an ordered list of
 * steps matched by ingested track events; each ingested batch advances the users' progress
 * (`flowProgressConsumer`, on `usage.events_ingested`); a user who fails a step, repeats the
 * one before it or idles past a step's time raises one `flow_stuck` signal per episode;
 * funnels per flow and segment. See README.md.
 *
 * @example
 *   const flow = await createFlow(db, admin, { name: 'Onboarding', isActive: true, steps }, clock);
 *   const funnel = await getFlowFunnel(db, actor, flow.id, { segment: 'smb' }, new Date());
 */
export * from './flows.schema.js';
export { assessProgress, type ProgressAssessment, type UserStepRecord } from './assess-progress.js';
export { computeFunnel, median, type FunnelUser } from './compute-funnel.js';
export { createFlow, deleteFlow, getFlowOrThrow, listFlows, updateFlow } from './manage-flows.js';
export { findStuckUsers, getAccountFlows, getFlowFunnel } from './read-flows.js';
export { flowProgressConsumer } from './flow-progress-consumer.js';
export { flowIdleJob, flowRebuildJob, rebuildFlowProgress, FLOW_REBUILD_JOB } from './flow-jobs.js';
export { FLOW_IDLE_JOB } from './evaluate-users.js';
export { DEMO_ONBOARDING_FLOW, simulateOnboardingEvents, type DemoFlowAccount } from './demo-flows.js';
export { loadDemoFlows } from './load-demo-flows.js';
