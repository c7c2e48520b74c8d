import type { EscalationStep, HandoffClock } from './handoffs.schema.js';

const HOUR_MS = 3_600_000;
/** Working hours when a rule counts business hours only: Monday–Friday, 09:00–17:00 UTC. */
const WORK_START_HOUR = 9;
const WORK_END_HOUR = 17;
const WORK_DAY_HOURS = WORK_END_HOUR - WORK_START_HOUR;

/**
 * The moment a hand-off started at `start` is due under `clock`. Wall-clock rules add hours
 * or 24-hour days. Business-hours rules count only Monday–Friday 09:00–17:00 UTC, and a day
 * is 8 such hours (so "5 days" is one working week). Workspaces have no time zone or holiday
 * calendar yet, so UTC and no holidays; hand-written because no date library on the registry
 * adds working *hours* (date-fns adds business days only), and it is a dozen lines.
 *
 * @example
 *   dueAt(new Date('2026-12-04T16:00:00Z'), { amount: 2, unit: 'hours', businessHours: true }); // Monday 2026-12-07T10:00:00Z
 */
export function dueAt(start: Date, clock: HandoffClock): Date {
  const hours = clock.unit === 'days' ? clock.amount * (clock.businessHours ? WORK_DAY_HOURS : 24) : clock.amount;
  if (!clock.businessHours) return new Date(start.getTime() + hours * HOUR_MS);
  return addWorkingTime(start, hours * HOUR_MS);
}

function addWorkingTime(start: Date, ms: number): Date {
  let at = start.getTime();
  let remaining = ms;
  for (;;) {
    at = nextWorkingMoment(at);
    const day = new Date(at);
    const windowEnd = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), WORK_END_HOUR);
    if (remaining <= windowEnd - at) return new Date(at + remaining);
    remaining -= windowEnd - at;
    at = windowEnd;
  }
}

/** `at` if it falls in working hours, else the start of the next working window. */
function nextWorkingMoment(at: number): number {
  for (let candidate = at; ; ) {
    const day = new Date(candidate);
    const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    const weekday = day.getUTCDay();
    const opens = dayStart + WORK_START_HOUR * HOUR_MS;
    const closes = dayStart + WORK_END_HOUR * HOUR_MS;
    if (weekday !== 0 && weekday !== 6 && candidate < closes) return Math.max(candidate, opens);
    candidate = dayStart + 24 * HOUR_MS;
  }
}

/** When escalation level `level` (1-based) of a hand-off due at `due` fires. */
export function escalationAt(due: Date, steps: readonly EscalationStep[], level: number): Date | null {
  const step = steps[level - 1];
  return step ? new Date(due.getTime() + step.afterHours * HOUR_MS) : null;
}
