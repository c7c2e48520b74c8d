import type { RenewalWindow } from './accounts.schema.js';

/** Inclusive UTC days; an open end is undefined. */
export type DayRange = { from?: string; to?: string };

const day = (date: Date): string => date.toISOString().slice(0, 10);
const utc = (year: number, month: number, date: number): Date => new Date(Date.UTC(year, month, date));

/**
 * The renewal dates a window of the accounts list covers, counted from `today` (a UTC day).
 * "Next 90 days" is today and the 89 days after it; quarters are calendar quarters; "overdue"
 * is every renewal date before today (a contract still active past its end).
 *
 * @example
 *   renewalWindowDays('this_quarter', '2026-05-20') // { from: '2026-05-20', to: '2026-06-30' }
 */
export function renewalWindowDays(window: RenewalWindow, today: string): DayRange {
  const now = new Date(`${today}T00:00:00Z`);
  const [y, m, d] = [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()];
  const quarterStart = m - (m % 3);
  switch (window) {
    case 'overdue':
      return { to: day(utc(y, m, d - 1)) };
    case 'next_30_days':
      return { from: today, to: day(utc(y, m, d + 29)) };
    case 'next_90_days':
      return { from: today, to: day(utc(y, m, d + 89)) };
    case 'this_quarter':
      return { from: today, to: day(utc(y, quarterStart + 3, 0)) };
    case 'next_quarter':
      return { from: day(utc(y, quarterStart + 3, 1)), to: day(utc(y, quarterStart + 6, 0)) };
    case 'this_year':
      return { from: today, to: `${y}-12-31` };
  }
}
