import { DEFAULT_OUTCOMES, outcomeKey, type OutcomeSpec } from './playbook-definition.js';
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

/** Weekly history (the demo backfill) leaves gaps: a health reading is the last point within this many days before the day. */
export const HEALTH_READING_TOLERANCE_DAYS = 7;

export type OutcomeEntry = { accountId: string; isHoldout: boolean; enteredOn: string };
export type OutcomeFacts = {
  /** Days of churn movements of the account. */
  churnDays: readonly string[];
  /** Health points, oldest first. */
  health: ReadonlyArray<{ day: string; score: number }>;
  /** Daily usage rollups, any order; only read by usage outcomes. */
  usage?: ReadonlyArray<{ day: string; activeUsers: number; events: number }>;
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
  kind: OutcomeSpec['kind'];
  /** Tells apart two outcomes of one kind (`no_churn_within:30`, `usage_change:events`). */
  key: string;
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

/** Usage outcomes compare the mean daily usage over this many days up to entry and up to the window's end. */
export const USAGE_PERIOD_DAYS = 14;

export function outcomeLabel(spec: OutcomeSpec, windowDays: number): string {
  switch (spec.kind) {
    case 'retained':
      return `Retained: no churn within ${windowDays} days`;
    case 'health_improved':
      return `Health higher ${windowDays} days after entry than at entry`;
    case 'usage_change':
      return `${spec.measure === 'events' ? 'Events' : 'Active users'} per day higher ${windowDays} days after entry than before`;
    case 'no_churn_within':
      return `No churn within ${spec.days} days of entry`;
  }
}

/** Days of an outcome's own window: a fixed-horizon outcome ignores the page's window. */
export function outcomeWindow(spec: OutcomeSpec, windowDays: number): number {
  return spec.kind === 'no_churn_within' ? spec.days : windowDays;
}

/** Mean daily usage over the period ending on `day`; null when the account has no usage rows around it at all. */
function usageLevel(usage: OutcomeFacts['usage'], measure: 'active_users' | 'events', day: string): number | null {
  const from = addDays(day, -(USAGE_PERIOD_DAYS - 1));
  const rows = (usage ?? []).filter((row) => row.day >= from && row.day <= day);
  if (rows.length === 0) return null;
  return rows.reduce((sum, row) => sum + (measure === 'events' ? row.events : row.activeUsers), 0) / USAGE_PERIOD_DAYS;
}

/** The last point on or before `day`, within the tolerance; null when none. */
export function healthPointOn<T extends OutcomeFacts['health'][number]>(points: readonly T[], day: string): T | null {
  const floor = addDays(day, -HEALTH_READING_TOLERANCE_DAYS);
  let reading: T | null = null;
  for (const point of points) if (point.day <= day && point.day >= floor) reading = point;
  return reading;
}

/** The last reading on or before `day`, within the tolerance; null when none. */
export function healthReading(points: OutcomeFacts['health'], day: string): number | null {
  return healthPointOn(points, day)?.score ?? null;
}

/** Whether one matured entry had the good outcome; null when the data to tell is missing. */
export function outcomeOf(spec: OutcomeSpec, entry: OutcomeEntry, facts: OutcomeFacts | undefined, windowDays: number): boolean | null {
  const end = addDays(entry.enteredOn, outcomeWindow(spec, windowDays));
  switch (spec.kind) {
    case 'retained':
    case 'no_churn_within':
      return !(facts?.churnDays ?? []).some((day) => day > entry.enteredOn && day <= end);
    case 'health_improved': {
      const before = healthReading(facts?.health ?? [], entry.enteredOn);
      const after = healthReading(facts?.health ?? [], end);
      return before === null || after === null ? null : after > before;
    }
    case 'usage_change': {
      // No rows on either side means no usage data, not zero usage: the account is left out.
      const before = usageLevel(facts?.usage, spec.measure, entry.enteredOn);
      const after = usageLevel(facts?.usage, spec.measure, end);
      return before === null && after === null ? null : (after ?? 0) > (before ?? 0);
    }
  }
}

/** One group's matured entries judged on one outcome; entries without the data are left out. */
export function groupOutcome(spec: OutcomeSpec, entries: readonly OutcomeEntry[], facts: ReadonlyMap<string, OutcomeFacts>, windowDays: number): GroupOutcome {
  const results = entries.flatMap((entry) => {
    const result = outcomeOf(spec, entry, facts.get(entry.accountId), windowDays);
    return result === null ? [] : [result];
  });
  const successes = results.filter(Boolean).length;
  return { accounts: results.length, successes, rate: results.length === 0 ? null : successes / results.length, interval: wilsonInterval(successes, results.length) };
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

export const points = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(Math.round(value * 1000) / 10)}`;

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
  /** What the playbook is judged on; retained and health improved when left out. */
  outcomes?: readonly OutcomeSpec[];
}): PlaybookOutcomes {
  const { facts, today, windowDays } = options;
  const first = firstEntries(options.entries);
  const isMatured = (entry: OutcomeEntry) => daysBetween(entry.enteredOn, today) >= windowDays;
  const specs = options.outcomes ?? DEFAULT_OUTCOMES;
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
  const outcomes = specs.map((spec): OutcomeUplift => {
    // A fixed-horizon outcome matures on its own window, not the page's.
    const ownWindow = outcomeWindow(spec, windowDays);
    const ripe = (entry: OutcomeEntry) => daysBetween(entry.enteredOn, today) >= ownWindow;
    const enrolledGroup = groupOutcome(spec, enrolledAll.filter(ripe), facts, windowDays);
    const holdoutGroup = groupOutcome(spec, holdoutAll.filter(ripe), facts, windowDays);
    const uplift = newcombeDifference(
      { successes: enrolledGroup.successes, trials: enrolledGroup.accounts },
      { successes: holdoutGroup.successes, trials: holdoutGroup.accounts },
    );
    return {
      kind: spec.kind,
      key: outcomeKey(spec),
      label: outcomeLabel(spec, windowDays),
      enrolled: enrolledGroup,
      holdout: holdoutGroup,
      uplift,
      ...upliftVerdict({ enrolled: enrolledGroup, holdout: holdoutGroup, uplift, enrolledEntries: enrolledAll.length, holdoutEntries: holdoutAll.length, windowDays: ownWindow }),
    };
  });
  return {
    windowDays,
    entries: { enrolled: enrolledAll.length, holdout: holdoutAll.length, enrolledPending: enrolledAll.length - enrolled.length, holdoutPending: holdoutAll.length - holdout.length },
    meanHealthChange: { enrolled: meanChange(enrolled), holdout: meanChange(holdout) },
    outcomes,
  };
}

// ---- the weaker comparison: enrolled vs similar accounts not enrolled -------------------

/** Said by the API and the page wherever the comparison appears. */
export const WEAKER_EVIDENCE = 'Compared with similar accounts not enrolled — weaker evidence than a holdout';

export type ComparisonVerdict = 'better' | 'worse' | 'unclear' | 'too_early' | 'no_match';

export type ComparisonOutcome = {
  kind: OutcomeSpec['kind'];
  key: string;
  label: string;
  enrolled: GroupOutcome;
  matched: GroupOutcome;
  /** Enrolled rate − matched rate with Newcombe's 95 % interval. */
  difference: (Interval & { difference: number }) | null;
  verdict: ComparisonVerdict;
  statement: string;
};

export type MatchedComparison = {
  caveat: typeof WEAKER_EVIDENCE;
  /** Enrolled first entries paired with at least one similar account, and those with none. */
  enrolledMatched: number;
  enrolledUnmatched: number;
  /** Similar accounts not enrolled that were picked (each once). */
  matchedAccounts: number;
  outcomes: ComparisonOutcome[];
};

function comparisonVerdict(enrolled: GroupOutcome, matched: GroupOutcome, difference: ComparisonOutcome['difference'], pairs: number): { verdict: ComparisonVerdict; statement: string } {
  if (pairs === 0) return { verdict: 'no_match', statement: `${WEAKER_EVIDENCE}: no enrolled account had a similar account to compare with.` };
  if (!difference) return { verdict: 'too_early', statement: `${WEAKER_EVIDENCE}: too early to tell, no matched account has been through the window with the data to judge.` };
  const sample = `${enrolled.accounts} enrolled, ${matched.accounts} similar accounts`;
  const range = `${points(difference.low)} to ${points(difference.high)} points (95 % interval)`;
  if (difference.low > 0) return { verdict: 'better', statement: `${WEAKER_EVIDENCE}: enrolled accounts did better by ${points(difference.difference)} points, ${range}; ${sample}.` };
  if (difference.high < 0) return { verdict: 'worse', statement: `${WEAKER_EVIDENCE}: enrolled accounts did worse, by ${points(difference.difference)} points, ${range}; ${sample}.` };
  return { verdict: 'unclear', statement: `${WEAKER_EVIDENCE}: not enough to tell, the difference could be anywhere from ${range}; ${sample}.` };
}

/**
 * Outcomes of enrolled accounts against the similar accounts matched to them
 * (`match-similar-accounts.ts`); each matched account is judged from the entry day of its pair.
 */
export function compareWithMatched(options: {
  match: { enrolled: readonly OutcomeEntry[]; matched: readonly OutcomeEntry[]; unmatched: number };
  facts: ReadonlyMap<string, OutcomeFacts>;
  today: string;
  windowDays: number;
  outcomes?: readonly OutcomeSpec[];
}): MatchedComparison {
  const { match, facts, today, windowDays } = options;
  const outcomes = (options.outcomes ?? DEFAULT_OUTCOMES).map((spec): ComparisonOutcome => {
    const ripe = (entry: OutcomeEntry) => daysBetween(entry.enteredOn, today) >= outcomeWindow(spec, windowDays);
    const enrolled = groupOutcome(spec, match.enrolled.filter(ripe), facts, windowDays);
    const matched = groupOutcome(spec, match.matched.filter(ripe), facts, windowDays);
    const difference = newcombeDifference({ successes: enrolled.successes, trials: enrolled.accounts }, { successes: matched.successes, trials: matched.accounts });
    return { kind: spec.kind, key: outcomeKey(spec), label: outcomeLabel(spec, windowDays), enrolled, matched, difference, ...comparisonVerdict(enrolled, matched, difference, match.enrolled.length) };
  });
  return { caveat: WEAKER_EVIDENCE, enrolledMatched: match.enrolled.length, enrolledUnmatched: match.unmatched, matchedAccounts: match.matched.length, outcomes };
}
