/**
 * A CSM's day and a leader's view of the team (issue 12, item 4): read models over the
 * book — tasks, health drops, renewals, stuck onboardings, new signals, urgent tickets —
 * and the team's workload. Task actions (complete with an outcome, snooze, reassign) live
 * in tasks/.
 *
 * @example
 *   const day = await getToday(db, actor, {}, clock.now());
 *   const team = await getTeamWorkload(db, leader, clock.now());
 */
export { getToday } from './get-today.js';
export { getTeamWorkload } from './get-team-workload.js';
export {
  NO_USAGE_DAYS,
  ONBOARDING_STAGE_DAYS,
  RENEWAL_WINDOW_DAYS,
  stuckOnboardingReasons,
  splitDayTasks,
  USAGE_GRACE_DAYS,
} from './plan-day.js';
export * from './today.schema.js';
