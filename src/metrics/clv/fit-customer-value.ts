import { conditionalExpectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from './bg-nbd.js';
import { DAYS_PER_WEEK, summarizeTransactions, type CustomerSummary, type SummaryOptions } from './customer-summary.js';
import { conditionalExpectedAmount, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.js';
import { formatDay, type Transaction } from './transactions.js';

export type CustomerValue = CustomerSummary & {
  probabilityAlive: number;
  /** E[X(t) | x, t_x, T] over the hold-out period; undefined without a hold-out. */
  expectedHoldoutRepeats: number | undefined;
  /** Gamma-Gamma expected mean purchase amount (the population mean for x = 0). */
  expectedAmount: number | undefined;
};

export type CustomerValueFit = {
  /** The JSON line `boomerang clv fit` prints; keys in the paper's names. */
  summary: {
    r: number;
    alpha: number;
    a: number;
    b: number;
    log_likelihood: number;
    customers: number;
    repeat_purchases: number;
    calibration_end: string;
    holdout_end?: string;
    holdout_weeks?: number;
    expected_holdout_repeats?: number;
    actual_holdout_repeats?: number;
    gamma_gamma?:
      { p: number; q: number; gamma: number; log_likelihood: number; customers: number } | { error: string };
    merged_same_day_rows: number;
    customers_after_calibration: number;
    purchases_ignored: number;
  };
  bgNbd: BgNbdFit;
  gammaGamma: GammaGammaFit | undefined;
  customers: CustomerValue[];
};

/**
 * Fits BG/NBD (purchases and drop-out) and Gamma-Gamma (spend) to a transaction log and
 * scores each customer. Time is in weeks.
 */
export function fitCustomerValue(transactions: readonly Transaction[], options: SummaryOptions): CustomerValueFit {
  const summary = summarizeTransactions(transactions, options);
  const histories = summary.customers;
  const bgNbd = fitBgNbd(histories);
  const holdoutWeeks =
    summary.holdoutEnd === undefined ? undefined : (summary.holdoutEnd - summary.calibrationEnd) / DAYS_PER_WEEK;

  let gammaGamma: GammaGammaFit | undefined;
  let gammaGammaError: string | undefined;
  try {
    gammaGamma = fitGammaGamma(histories.map(({ x, meanRepeatAmount }) => ({ x, meanAmount: meanRepeatAmount ?? 0 })));
  } catch (error) {
    // Spend is a by-product: a log with no repeat purchase still gets its BG/NBD fit.
    gammaGammaError = (error as Error).message;
  }

  const customers = histories.map((history): CustomerValue => ({
    ...history,
    probabilityAlive: probabilityAlive(bgNbd, history),
    expectedHoldoutRepeats:
      holdoutWeeks === undefined ? undefined : conditionalExpectedPurchases(bgNbd, history, holdoutWeeks),
    expectedAmount: gammaGamma
      ? conditionalExpectedAmount(gammaGamma, { x: history.x, meanAmount: history.meanRepeatAmount ?? 0 })
      : undefined,
  }));
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

  return {
    summary: {
      r: bgNbd.r,
      alpha: bgNbd.alpha,
      a: bgNbd.a,
      b: bgNbd.b,
      log_likelihood: bgNbd.logLikelihood,
      customers: histories.length,
      repeat_purchases: sum(histories.map((history) => history.x)),
      calibration_end: formatDay(summary.calibrationEnd),
      ...(summary.holdoutEnd === undefined
        ? {}
        : {
            holdout_end: formatDay(summary.holdoutEnd),
            holdout_weeks: holdoutWeeks,
            expected_holdout_repeats: sum(customers.map((customer) => customer.expectedHoldoutRepeats!)),
            actual_holdout_repeats: sum(histories.map((history) => history.holdoutRepeats)),
          }),
      gamma_gamma: gammaGamma
        ? {
            p: gammaGamma.p,
            q: gammaGamma.q,
            gamma: gammaGamma.gamma,
            log_likelihood: gammaGamma.logLikelihood,
            customers: gammaGamma.customers,
          }
        : { error: gammaGammaError! },
      merged_same_day_rows: summary.mergedRows,
      customers_after_calibration: summary.customersAfterCalibration,
      purchases_ignored: summary.purchasesIgnored,
    },
    bgNbd,
    gammaGamma,
    customers,
  };
}
