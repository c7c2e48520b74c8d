/**
 * The rules of a CSM's day, pure: the caller passes today's date and the facts read. Kept
 * apart so each rule reads (and is tested) as a table.
 */

export const DUE_SOON_DAYS = 7;
export const RENEWAL_WINDOW_DAYS = 90;
/** Without product usage for this many days, an onboarding is stuck. */
export const NO_USAGE_DAYS = 14;
/** A new onboarding gets this many days before missing usage counts against it. */
export const USAGE_GRACE_DAYS = 7;

/**
 * The onboarding and adoption stages (lowercase, matched case-insensitively against
 * `accounts.lifecycle_stage`) and how many days an account may spend in each before it is
 * stuck. "Decision & Contract" is the default lifecycle's signed-but-not-started stage;
 * "Onboarding" and "Implementation" are the names imports and other workspaces use.
 */
export const ONBOARDING_STAGE_DAYS: Record<string, number> = {
  'decision & contract': 30,
  onboarding: 60,
  implementation: 60,
  adoption: 90,
};
export const ONBOARDING_STAGES = Object.keys(ONBOARDING_STAGE_DAYS);

const DAY_MS = 86_400_000;
const utcDay = (at: Date | string) => (typeof at === 'string' ? at.slice(0, 10) : at.toISOString().slice(0, 10));

/** 'YYYY-MM-DD' plus `days` calendar days, in UTC. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** Open tasks of the day view, split by due date: before today, today, the rest of the week (today + 1 … today + 6). */
export function splitDayTasks<T extends { dueDate: string | null }>(tasks: T[], today: string) {
  const weekEnd = addDays(today, DUE_SOON_DAYS);
  const dated = tasks.filter((task): task is T & { dueDate: string } => task.dueDate !== null);
  return {
    overdue: dated.filter((task) => task.dueDate < today),
    dueToday: dated.filter((task) => task.dueDate === today),
    dueThisWeek: dated.filter((task) => task.dueDate > today && task.dueDate < weekEnd),
  };
}

export type OnboardingFacts = {
  lifecycleStage: string | null;
  /** The latest stage change on the timeline, or when the account was created. */
  inStageSince: Date | string;
  /** The last UTC day with product usage; null when none was ever recorded. */
  lastUsageDay: string | null;
};

/**
 * Why an onboarding is stuck, as sentences; empty when it is not (or the account is not in
 * an onboarding stage). Stuck means either:
 * - in the stage longer than ONBOARDING_STAGE_DAYS allows, or
 * - no product usage in the last NO_USAGE_DAYS days (or never), once USAGE_GRACE_DAYS have
 *   passed since it entered the stage.
 *
 * @example
 *   stuckOnboardingReasons({ lifecycleStage: 'Adoption', inStageSince: '2026-08-01', lastUsageDay: null }, '2026-12-05')
 *   // → ['In Adoption for 126 days (expected within 90)', 'No product usage recorded yet']
 */
export function stuckOnboardingReasons(facts: OnboardingFacts, today: string): string[] {
  const stage = facts.lifecycleStage;
  const limit = stage ? ONBOARDING_STAGE_DAYS[stage.toLowerCase()] : undefined;
  if (!stage || limit === undefined) return [];
  const daysInStage = daysBetween(utcDay(facts.inStageSince), today);
  const reasons: string[] = [];
  if (daysInStage > limit) reasons.push(`In ${stage} for ${plural(daysInStage, 'day')} (expected within ${limit})`);
  if (daysInStage >= USAGE_GRACE_DAYS) {
    if (facts.lastUsageDay === null) reasons.push('No product usage recorded yet');
    else {
      const quiet = daysBetween(facts.lastUsageDay, today);
      if (quiet >= NO_USAGE_DAYS) reasons.push(`No product usage for ${plural(quiet, 'day')} (last on ${facts.lastUsageDay})`);
    }
  }
  return reasons;
}

/** The start of yesterday (UTC): "since yesterday" for new signals and urgent tickets. */
export function startOfYesterday(today: string): Date {
  return new Date(`${addDays(today, -1)}T00:00:00Z`);
}
