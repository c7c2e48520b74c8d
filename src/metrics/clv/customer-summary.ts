import { invalid } from '../../core/errors.js';
import { formatDay, type Transaction } from './transactions.js';

/** Time in the models is measured in weeks of seven days, as in Fader, Hardie & Lee (2005). */
export const DAYS_PER_WEEK = 7;

/**
 * One customer's calibration history in the BG/NBD notation: x repeat purchases, the last
 * at t_x weeks after the first, observed for T weeks (first purchase → calibration end).
 */
export type CustomerSummary = {
  customer: string;
  /** Repeat purchase days in the calibration period (the first purchase is not a repeat). */
  x: number;
  /** Weeks from the first purchase to the last calibration purchase (0 when x = 0). */
  tx: number;
  /** Weeks from the first purchase to the end of the calibration period. */
  T: number;
  /** Mean amount of the repeat purchases in calibration (the Gamma-Gamma input); undefined when x = 0. */
  meanRepeatAmount: number | undefined;
  /** Purchase days after the calibration end, up to the hold-out end (0 without a hold-out). */
  holdoutRepeats: number;
};

export type SummaryOptions = {
  /** Last day (inclusive, days since 1970-01-01) of the calibration period; default: the last purchase day. */
  calibrationEnd?: number;
  /** Last day (inclusive) of the hold-out period; must be after the calibration end. */
  holdoutEnd?: number;
};

export type TransactionSummary = {
  customers: CustomerSummary[];
  calibrationEnd: number;
  holdoutEnd: number | undefined;
  /** Rows folded into another row of the same customer and day. */
  mergedRows: number;
  /** Customers left out because their first purchase comes after the calibration end. */
  customersAfterCalibration: number;
  /** Purchase days after the hold-out end (or after the calibration end without a hold-out), ignored. */
  purchasesIgnored: number;
};

/**
 * Turns transactions into per-customer (x, t_x, T). A customer's purchases on one day are
 * one purchase (their amounts add up): the model counts purchase occasions, and CDNOW, like
 * most order logs, splits one visit over several rows.
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  options: SummaryOptions = {},
): TransactionSummary {
  const days = new Map<string, Map<number, number>>();
  let lastDay = -Infinity;
  for (const { customer, day, amount } of transactions) {
    let byDay = days.get(customer);
    if (!byDay) days.set(customer, (byDay = new Map()));
    byDay.set(day, (byDay.get(day) ?? 0) + amount);
    if (day > lastDay) lastDay = day;
  }
  const calibrationEnd = options.calibrationEnd ?? lastDay;
  const { holdoutEnd } = options;
  if (holdoutEnd !== undefined && holdoutEnd <= calibrationEnd) {
    throw invalid(
      `The hold-out end ${formatDay(holdoutEnd)} must come after the calibration end ${formatDay(calibrationEnd)}.`,
    );
  }
  const observedTo = holdoutEnd ?? calibrationEnd;

  const customers: CustomerSummary[] = [];
  let mergedRows = transactions.length;
  let customersAfterCalibration = 0;
  let purchasesIgnored = 0;
  for (const [customer, byDay] of days) {
    mergedRows -= byDay.size;
    const ordered = [...byDay.keys()].sort((a, b) => a - b);
    const first = ordered[0]!;
    if (first > calibrationEnd) {
      customersAfterCalibration++;
      continue;
    }
    const calibration = ordered.filter((day) => day <= calibrationEnd);
    const repeats = calibration.slice(1);
    const holdoutRepeats = ordered.filter((day) => day > calibrationEnd && day <= observedTo).length;
    purchasesIgnored += ordered.filter((day) => day > observedTo).length;
    customers.push({
      customer,
      x: repeats.length,
      tx: (calibration[calibration.length - 1]! - first) / DAYS_PER_WEEK,
      T: (calibrationEnd - first) / DAYS_PER_WEEK,
      meanRepeatAmount: repeats.length
        ? repeats.reduce((sum, day) => sum + byDay.get(day)!, 0) / repeats.length
        : undefined,
      holdoutRepeats,
    });
  }
  if (customers.length === 0)
    throw invalid(`No customer made a first purchase on or before the calibration end ${formatDay(calibrationEnd)}.`);
  return { customers, calibrationEnd, holdoutEnd, mergedRows, customersAfterCalibration, purchasesIgnored };
}
