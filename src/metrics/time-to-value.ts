import type { CustomerLife } from './cohorts.js';
import { kaplanMeier } from './kaplan-meier.js';
import { daysBetween } from './period.js';

/**
 * Time to first value per segment (issue 14 item 2): days from a customer's first ARR to its
 * first day with product usage (the usage rollups' first day with events). Usage before the
 * contract (a trial) counts as 0 days. Customers with no usage yet are censored at `asOf`
 * (or at their first churn, when they left without using the product), so the median is the
 * Kaplan–Meier one: the first day by which half of the customers had used the product.
 */
export const TIME_TO_VALUE_METHOD =
  'Days from first ARR to the first day with product usage (0 if used before the contract). Customers without usage are censored at asOf or at their churn; median = Kaplan–Meier, the first day by which half had used the product.';

export type TimeToValueGroup = {
  segment: string;
  customers: number;
  reached: number;
  medianDays: number | null;
  /** Median over the customers who reached value only (biased low when many have not). */
  observedMedianDays: number | null;
  /** Share that reached first value within 30 and 90 days (Kaplan–Meier 1 − S(t)). */
  within30: number;
  within90: number;
};

function observedMedian(days: number[]): number | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function timeToValueBySegment(lives: readonly CustomerLife[], firstUsage: ReadonlyMap<string, string>, asOf: string): TimeToValueGroup[] {
  const groups = new Map<string, Array<{ time: number; event: boolean }>>([['(all)', []]]);
  for (const life of lives) {
    if (life.start > asOf) continue;
    const used = firstUsage.get(life.account.id);
    const reached = used !== undefined && used <= asOf;
    const censorAt = life.firstChurn !== null && life.firstChurn <= asOf ? life.firstChurn : asOf;
    const observation = reached ? { time: Math.max(0, daysBetween(life.start, used)), event: true } : { time: daysBetween(life.start, censorAt), event: false };
    const key = life.account.segment ?? '(none)';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(observation);
    groups.get('(all)')!.push(observation);
  }
  return [...groups.entries()]
    .filter(([, list]) => list.length > 0)
    .sort(([a], [b]) => (a === '(all)' ? -1 : b === '(all)' ? 1 : a.localeCompare(b)))
    .map(([segment, list]) => {
      const curve = kaplanMeier(list);
      const reachedBy = (day: number) => 1 - (curve.steps.filter((s) => s.time <= day).at(-1)?.survival ?? 1);
      return {
        segment,
        customers: list.length,
        reached: curve.events,
        medianDays: curve.median,
        observedMedianDays: observedMedian(list.filter((o) => o.event).map((o) => o.time)),
        within30: reachedBy(30),
        within90: reachedBy(90),
      };
    });
}
