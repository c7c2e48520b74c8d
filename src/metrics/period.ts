/** Calendar arithmetic on `YYYY-MM-DD` / `YYYY-MM` strings in UTC; the ledger dates are UTC days. */

export type PeriodKind = 'month' | 'quarter' | 'ttm' | 'custom';

/** Inclusive day range. A bridge runs from ARR at the end of the day before `from` to ARR at the end of `to`. */
export type Period = { kind: PeriodKind; from: string; to: string; label: string };

export type PeriodInput = { period: PeriodKind; anchor?: string | undefined; from?: string | undefined; to?: string | undefined };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Month index (years × 12 + month − 1) of a `YYYY-MM…` string, so months subtract as integers. */
export function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): string {
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

export const firstDayOfMonth = (index: number): string => `${monthFromIndex(index)}-01`;

export function lastDayOfMonth(index: number): string {
  const year = Math.floor(index / 12);
  const month = index % 12;
  return `${monthFromIndex(index)}-${pad(new Date(Date.UTC(year, month + 1, 0)).getUTCDate())}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The last whole month before `now`: a report that ends mid-month compares unlike things. */
export const lastCompleteMonth = (now: Date): number => monthIndex(now.toISOString()) - 1;

/**
 * Turns the period parameters into days. `anchor` (`YYYY-MM`, default: the last complete
 * month) is the month itself, the quarter that contains it, or the last of twelve months.
 *
 * @example
 *   resolvePeriod({ period: 'quarter', anchor: '2025-05' }, now) // { from: '2025-04-01', to: '2025-06-30', label: '2025 Q2' }
 */
export function resolvePeriod(input: PeriodInput, now: Date): Period {
  if (input.period === 'custom') {
    const from = input.from!;
    const to = input.to!;
    return { kind: 'custom', from, to, label: `${from} – ${to}` };
  }
  const anchor = input.anchor ? monthIndex(input.anchor) : lastCompleteMonth(now);
  if (input.period === 'month') {
    return { kind: 'month', from: firstDayOfMonth(anchor), to: lastDayOfMonth(anchor), label: monthFromIndex(anchor) };
  }
  if (input.period === 'quarter') {
    const first = anchor - (anchor % 3);
    return { kind: 'quarter', from: firstDayOfMonth(first), to: lastDayOfMonth(first + 2), label: `${Math.floor(first / 12)} Q${(first % 12) / 3 + 1}` };
  }
  return { kind: 'ttm', from: firstDayOfMonth(anchor - 11), to: lastDayOfMonth(anchor), label: `12 months to ${monthFromIndex(anchor)}` };
}

/** The same day `months` later (JavaScript's rule: Feb 29 + 12 months = Mar 1). */
export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
