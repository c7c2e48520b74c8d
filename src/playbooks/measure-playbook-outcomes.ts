import { addDays, daysBetween } from './playbook-rules.js';
import { newcombeDifference, wilsonInterval, type Interval } from './proportion-intervals.js';

/**
 * Does the play work? (issue 12 item 6). Pure: each account's first entry into a playbook,
 * enrolled or held out, and what happened to it in the `windowDays` after entry; the rate of
 * a good outcome per group with Wilson intervals, the uplift (enrolled − holdout) with
 * Newcombe's interval, and a sentence that says plainly what the numbers allow.
 *
 * - An account counts once, at its first entry, in the group that entry drew: later
 *   re-entries would count the same account twice and are not independent.
 * - Only entries at least `windowDays` old count ("matured"); younger ones are reported as
 *   still in their window, never as failures.
 */

export const OUTCOME_KINDS = ['retained', 'health_improved'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Weekly history (the demo backfill) leaves gaps: a health reading is the last point within this many days before the day. */
export const HEALTH_READING_TOLERANCE_DAYS = 7;

export type OutcomeEntry = { accountId: string; isHoldout: boolean; enteredOn: string };
export type OutcomeFacts = {
  /** Days of churn movements of the account. */
  churnDays: readonly string[];
  /** Health points, oldest first. */
  health: ReadonlyArray<{ day: string; score: number }>;
};

export type GroupOutcome = {
  /** Matured entries with the data this outcome needs. */
  accounts: number;
  successes: number;
  rate: number | null;
  interval: Interval | null;
};

export type UpliftVerdict = 'works' | 'harms' | 'unclear' | 'no_holdout' | 'too_early';

export type OutcomeUplift = {
  kind: OutcomeKind;
  label: string;
  enrolled: GroupOutcome;
  holdout: GroupOutcome;
  /** Enrolled rate − holdout rate with its 95 % interval; null while a group has no matured account. */
  uplift: (Interval & { difference: number }) | null;
  verdict: UpliftVerdict;
  statement: string;
};

export type PlaybookOutcomes = {
  windowDays: number;
  /** First entries per group, and how many of them are still inside their window. */
  entries: { enrolled: number; holdout: number; enrolledPending: number; holdoutPending: number };
  /** Mean change of the health score over the window per group (context; no interval). */
  meanHealthChange: { enrolled: number | null; holdout: number | null };
  outcomes: OutcomeUplift[];
};

const LABELS: Record<OutcomeKind, (days: number) => string> = {
  retained: (days) => `Retained: no churn within ${days} days`,
  health_improved: (days) => `Health higher ${days} days after entry than at entry`,
};

/** The last reading on or before `day`, within the tolerance; null when none. */
export function healthReading(points: OutcomeFacts['health'], day: string): number | null {
  const floor = addDays(day, -HEALTH_READING_TOLERANCE_DAYS);
  let reading: number | null = null;
  for (const point of points) if (point.day <= day && point.day >= floor) reading = point.score;
  return reading;
}

/** Whether one matured entry had the good outcome; null when the data to tell is missing. */
export function outcomeOf(kind: OutcomeKind, entry: OutcomeEntry, facts: OutcomeFacts | undefined, windowDays: number): boolean | null {
  const end = addDays(entry.enteredOn, windowDays);
  if (kind === 'retained') return !(facts?.churnDays ?? []).some((day) => day > entry.enteredOn && day <= end);
  const before = healthReading(facts?.health ?? [], entry.enteredOn);
  const after = healthReading(facts?.health ?? [], end);
  return before === null || after === null ? null : after > before;
}

/** Keeps each account's first entry (entries in any order). */
export function firstEntries<T extends OutcomeEntry>(entries: readonly T[]): T[] {
  const first = new Map<string, T>();
  for (const entry of entries) {
    const seen = first.get(entry.accountId);
    if (!seen || entry.enteredOn < seen.enteredOn) first.set(entry.accountId, entry);
  }
  return [...first.values()];
}

function group(results: boolean[]): GroupOutcome {
  const successes = results.filter(Boolean).length;
  return { accounts: results.length, successes, rate: results.length === 0 ? null : successes / results.length, interval: wilsonInterval(successes, results.length) };
}

const points = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(Math.round(value * 1000) / 10)}`;

/** The plain-words verdict on one outcome. */
export function upliftVerdict(options: {
  enrolled: GroupOutcome;
  holdout: GroupOutcome;
  uplift: OutcomeUplift['uplift'];
  enrolledEntries: number;
  holdoutEntries: number;
  windowDays: number;
}): { verdict: UpliftVerdict; statement: string } {
  const { enrolled, holdout, uplift, enrolledEntries, holdoutEntries, windowDays } = options;
  if (enrolledEntries + holdoutEntries === 0) return { verdict: 'too_early', statement: 'No account has entered this playbook yet.' };
  if (holdoutEntries === 0) return { verdict: 'no_holdout', statement: 'No account has been held out, so there is no control group to compare with.' };
  if (!uplift) {
    return { verdict: 'too_early', statement: `Too early to tell: ${enrolled.accounts} enrolled and ${holdout.accounts} held-out accounts have been in the playbook for ${windowDays} days with the data to judge.` };
  }
  const range = `${points(uplift.low)} to ${points(uplift.high)} points (95 % interval)`;
  const sample = `${enrolled.accounts} enrolled, ${holdout.accounts} held out`;
  if (uplift.low > 0) return { verdict: 'works', statement: `The play works: enrolled accounts did better by ${points(uplift.difference)} points, ${range}; ${sample}.` };
  if (uplift.high < 0) return { verdict: 'harms', statement: `Enrolled accounts did worse, by ${points(uplift.difference)} points, ${range}; ${sample}.` };
  return { verdict: 'unclear', statement: `Not enough accounts yet to tell: the uplift could be anywhere from ${range}; ${sample}.` };
}

/**
 * Outcomes per group for one playbook.
 *
 * @example
 *   measurePlaybookOutcomes({ entries, facts, today: '2026-12-05', windowDays: 90 }).outcomes[0].statement
 *   // → 'Not enough accounts yet to tell: the uplift could be anywhere from −8.1 to +14.2 points …'
 */
export function measurePlaybookOutcomes(options: {
  entries: readonly OutcomeEntry[];
  facts: ReadonlyMap<string, OutcomeFacts>;
  today: string;
  windowDays: number;
}): PlaybookOutcomes {
  const { facts, today, windowDays } = options;
  const first = firstEntries(options.entries);
  const isMatured = (entry: OutcomeEntry) => daysBetween(entry.enteredOn, today) >= windowDays;
  const enrolledAll = first.filter((entry) => !entry.isHoldout);
  const holdoutAll = first.filter((entry) => entry.isHoldout);
  const enrolled = enrolledAll.filter(isMatured);
  const holdout = holdoutAll.filter(isMatured);
  const meanChange = (list: OutcomeEntry[]) => {
    const changes = list.flatMap((entry) => {
      const health = facts.get(entry.accountId)?.health ?? [];
      const before = healthReading(health, entry.enteredOn);
      const after = healthReading(health, addDays(entry.enteredOn, windowDays));
      return before === null || after === null ? [] : [after - before];
    });
    return changes.length === 0 ? null : Math.round((changes.reduce((sum, change) => sum + change, 0) / changes.length) * 10) / 10;
  };
  const outcomes = OUTCOME_KINDS.map((kind): OutcomeUplift => {
    const results = (list: OutcomeEntry[]) => list.flatMap((entry) => {
      const result = outcomeOf(kind, entry, facts.get(entry.accountId), windowDays);
      return result === null ? [] : [result];
    });
    const enrolledGroup = group(results(enrolled));
    const holdoutGroup = group(results(holdout));
    const uplift = newcombeDifference(
      { successes: enrolledGroup.successes, trials: enrolledGroup.accounts },
      { successes: holdoutGroup.successes, trials: holdoutGroup.accounts },
    );
    return {
      kind,
      label: LABELS[kind](windowDays),
      enrolled: enrolledGroup,
      holdout: holdoutGroup,
      uplift,
      ...upliftVerdict({ enrolled: enrolledGroup, holdout: holdoutGroup, uplift, enrolledEntries: enrolledAll.length, holdoutEntries: holdoutAll.length, windowDays }),
    };
  });
  return {
    windowDays,
    entries: { enrolled: enrolledAll.length, holdout: holdoutAll.length, enrolledPending: enrolledAll.length - enrolled.length, holdoutPending: holdoutAll.length - holdout.length },
    meanHealthChange: { enrolled: meanChange(enrolled), holdout: meanChange(holdout) },
    outcomes,
  };
}
