import type { PricingModel } from '../db/schema.js';
import { roundToCents } from './money.js';

/**
 * Consumption pricing (issue 14 item 5), pure. A usage-based contract's ARR is its trailing
 * usage annualised: units of the billable metric over the last `windowDays` complete UTC days
 * × the price per unit × 365 ÷ windowDays. A hybrid contract's line items are a committed
 * floor; its ARR is the floor or the usage ARR, whichever is larger (floor + usage above it).
 */
export type UsageTerms = { metric: string; unitPrice: number; windowDays: number };

export const DAYS_PER_YEAR = 365;

/** units × unitPrice × 365 ÷ windowDays, rounded to cents half away from zero. */
export function usageArr(units: number, terms: Pick<UsageTerms, 'unitPrice' | 'windowDays'>): number {
  return roundToCents((units * terms.unitPrice * DAYS_PER_YEAR) / terms.windowDays);
}

/**
 * The ARR the system's usage line carries, on top of the committed line items: all of the
 * usage ARR for a usage-based contract, the part above the floor for a hybrid, none for a
 * committed one.
 */
export function usageLineArr(model: PricingModel, committedArr: number, usage: number): number {
  if (model === 'committed') return 0;
  if (model === 'usage_based') return usage;
  return roundToCents(Math.max(0, usage - committedArr));
}

const shiftDay = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The `windowDays` UTC days ending on `through`. */
export function usageWindowThrough(through: string, windowDays: number): { from: string; through: string } {
  return { from: shiftDay(through, 1 - windowDays), through };
}

/** The complete UTC days a measurement made on `today` counts: the `windowDays` days before it. */
export function usageWindow(today: string, windowDays: number): { from: string; through: string } {
  return usageWindowThrough(shiftDay(today, -1), windowDays);
}
