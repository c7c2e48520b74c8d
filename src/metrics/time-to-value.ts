import type { CustomerLife } from './cohorts.js';
import { kaplanMeier } from './kaplan-meier.js';
import { daysBetween, monthIndex } from './period.js';

/**
 * Time to value (issue 14 item 2): days from a customer's first ARR to the day it reached
 * value, where "value" is either its first day with product usage (time to *first* value) or
 * the first completion of a chosen journey milestone (time to value, e.g. "50% of seats
 * active"). Reaching it before the contract (usage in a trial, a milestone of the Trial stage)
 * counts as day 0. Customers that have not reached it are censored at `asOf`, or at their
 * first churn when they left without reaching it, so the median is the Kaplan–Meier one:
 * the first day by which half of the customers had reached value.
 */
export const TIME_TO_VALUE_METHODS = {
  firstUsage:
    'Days from first ARR to the first day with product usage (0 if used before the contract). Customers without usage are censored at asOf or at their churn; median = Kaplan–Meier, the first day by which half had used the product.',
  milestone:
    'Days from first ARR to the first completion of the milestone (0 if completed before the contract). Customers that have not completed it are censored at asOf or at their churn; median = Kaplan–Meier, the first day by which half had completed it.',
} as const;

export type TimeToValueMeasure = keyof typeof TIME_TO_VALUE_METHODS;
export type TimeToValueGroupBy = 'segment' | 'startQuarter' | 'channel';

/** Histogram bins of days to value, for the distribution chart: [from, to] inclusive; the last is open. */
export const TTV_BIN_DAYS = 15;
export const TTV_BINS = 12;

export type TimeToValueBin = { fromDay: number; toDay: number | null; customers: number };

export type TimeToValueGroup = {
  group: string;
  customers: number;
  reached: number;
  medianDays: number | null;
  /** Median over the customers who reached value only (biased low when many have not). */
  observedMedianDays: number | null;
  /** Share that reached value within 30 and 90 days (Kaplan–Meier 1 − S(t)). */
  within30: number;
  within90: number;
  /** Customers who reached value, by days taken: 0–14, 15–29, …, 165 and more. */
  histogram: TimeToValueBin[];
};

function observedMedian(days: number[]): number | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function histogram(days: number[]): TimeToValueBin[] {
  const bins: TimeToValueBin[] = Array.from({ length: TTV_BINS }, (_, i) => ({
    fromDay: i * TTV_BIN_DAYS,
    toDay: i === TTV_BINS - 1 ? null : (i + 1) * TTV_BIN_DAYS - 1,
    customers: 0,
  }));
  for (const d of days) bins[Math.min(TTV_BINS - 1, Math.floor(d / TTV_BIN_DAYS))]!.customers++;
  return bins;
}

function groupOf(life: CustomerLife, by: TimeToValueGroupBy): string {
  if (by === 'segment') return life.account.segment ?? '(none)';
  if (by === 'channel') return life.account.channel ?? '(none)';
  const month = monthIndex(life.start);
  return `${Math.floor(month / 12)} Q${Math.floor((month % 12) / 3) + 1}`;
}

export type TimeToValueOptions = {
  /** Account id → the day it reached value (first usage, or the milestone's first completion). */
  reachedOn: ReadonlyMap<string, string>;
  asOf: string;
  by: TimeToValueGroupBy;
};

/** Time to value per group, with "(all)" first; groups sorted by name. */
export function timeToValueByGroup(lives: readonly CustomerLife[], options: TimeToValueOptions): TimeToValueGroup[] {
  const { reachedOn, asOf, by } = options;
  const groups = new Map<string, Array<{ time: number; event: boolean }>>([['(all)', []]]);
  for (const life of lives) {
    if (life.start > asOf) continue;
    const day = reachedOn.get(life.account.id);
    const churnedFirst = life.firstChurn !== null && life.firstChurn <= asOf && (day === undefined || day > life.firstChurn);
    const reached = day !== undefined && day <= asOf && !churnedFirst;
    const censorAt = life.firstChurn !== null && life.firstChurn <= asOf ? life.firstChurn : asOf;
    const observation = reached ? { time: Math.max(0, daysBetween(life.start, day)), event: true } : { time: daysBetween(life.start, censorAt), event: false };
    const key = groupOf(life, by);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(observation);
    groups.get('(all)')!.push(observation);
  }
  return [...groups.entries()]
    .filter(([, list]) => list.length > 0)
    .sort(([a], [b]) => (a === '(all)' ? -1 : b === '(all)' ? 1 : a.localeCompare(b)))
    .map(([group, list]) => {
      const curve = kaplanMeier(list);
      const reachedBy = (day: number) => 1 - (curve.steps.filter((s) => s.time <= day).at(-1)?.survival ?? 1);
      const observed = list.filter((o) => o.event).map((o) => o.time);
      return {
        group,
        customers: list.length,
        reached: curve.events,
        medianDays: curve.median,
        observedMedianDays: observedMedian(observed),
        within30: reachedBy(30),
        within90: reachedBy(90),
        histogram: histogram(observed),
      };
    });
}
