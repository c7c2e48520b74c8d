/**
 * Timed hand-offs between teams (issue 13 item 5, "the relay"): rules say which domain event
 * starts a hand-off from one team to another, what completes it, its clock and its escalation
 * path. The `handoffs.start` consumer starts and completes them; the durable `handoffs.clock`
 * job marks them overdue and escalates each level once; people accept, complete and reassign
 * them on the board; SLA attainment is reported per team and rule.
 *
 * @example
 *   const board = await listHandoffs(db, actor, { state: 'live', limit: 200 }, clock.now());
 *   await acceptHandoff(db, actor, board[0].id, {}, clock);
 */
export * from './handoffs.schema.js';
export { dueAt, escalationAt } from './handoff-clock.js';
export { DEFAULT_HANDOFF_RULES } from './default-rules.js';
export { handoffsConsumer } from './handoffs-consumer.js';
export { handoffTimerJob, advanceHandoffClock } from './handoff-timer-job.js';
export { HANDOFF_TIMER_JOB } from './handoff-engine.js';
export {
  setUpHandoffDefaults,
  listHandoffRules,
  getHandoffRuleOrThrow,
  createHandoffRule,
  updateHandoffRule,
  deleteHandoffRule,
} from './handoff-rules.js';
export { listHandoffs, getHandoffOrThrow, getHandoffSla } from './list-handoffs.js';
export { acceptHandoff, completeHandoff, reassignHandoff } from './handoff-actions.js';
export { loadDemoHandoffs, type DemoHandoffsOptions } from './demo-handoffs.js';
