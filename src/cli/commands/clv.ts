import { readFileSync, writeFileSync } from 'node:fs';
import { invalid } from '../../core/errors.js';
import { fitCustomerValue, parseTransactions, type CustomerValue } from '../../metrics/clv/index.js';

export type ClvFitOptions = {
  transactions: string;
  /** Days since 1970-01-01 (parsed by the option's parser). */
  calibrationEnd?: number;
  holdoutEnd?: number;
  /** Where to write one CSV row per customer. */
  customers?: string;
};

const round = (value: number | undefined, digits: number) =>
  value === undefined ? '' : String(Number(value.toFixed(digits)));

function customersCsv(customers: CustomerValue[]): string {
  const header =
    'customer,x,t_x,T,p_alive,expected_holdout_repeats,actual_holdout_repeats,mean_repeat_amount,expected_amount';
  const rows = customers.map((c) =>
    [
      c.customer,
      c.x,
      round(c.tx, 4),
      round(c.T, 4),
      round(c.probabilityAlive, 6),
      round(c.expectedHoldoutRepeats, 6),
      c.holdoutRepeats,
      round(c.meanRepeatAmount, 4),
      round(c.expectedAmount, 4),
    ].join(','),
  );
  return [header, ...rows].join('\n') + '\n';
}

/**
 * `boomerang clv fit`: reads a transaction log, fits BG/NBD and Gamma-Gamma, prints a short
 * summary and, as the last stdout line, the figures as JSON. Needs no database.
 */
export function clvFitCommand(options: ClvFitOptions): void {
  if (options.holdoutEnd !== undefined && options.calibrationEnd === undefined) {
    throw invalid('--holdout-end needs --calibration-end: the hold-out is the period after it.');
  }
  let text: string;
  try {
    text = readFileSync(options.transactions, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(
      `Cannot read ${options.transactions}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const started = performance.now();
  const transactions = parseTransactions(text);
  process.stderr.write(`Read ${transactions.length} rows; fitting BG/NBD and Gamma-Gamma…\n`);
  const fit = fitCustomerValue(transactions, {
    calibrationEnd: options.calibrationEnd,
    holdoutEnd: options.holdoutEnd,
  });
  const seconds = (performance.now() - started) / 1000;
  const { summary } = fit;

  const lines = [
    `${summary.customers} customers, ${summary.repeat_purchases} repeat purchases to ${summary.calibration_end} (${summary.merged_same_day_rows} same-day rows merged), fitted in ${seconds.toFixed(2)} s`,
    `BG/NBD r = ${summary.r.toFixed(3)}, α = ${summary.alpha.toFixed(3)}, a = ${summary.a.toFixed(3)}, b = ${summary.b.toFixed(3)}, log-likelihood ${summary.log_likelihood.toFixed(1)}`,
  ];
  if (summary.expected_holdout_repeats !== undefined) {
    lines.push(
      `Hold-out to ${summary.holdout_end} (${round(summary.holdout_weeks, 2)} weeks): expected ${summary.expected_holdout_repeats.toFixed(1)} repeat purchases, actual ${summary.actual_holdout_repeats}`,
    );
  }
  const spend = summary.gamma_gamma;
  lines.push(
    spend && 'p' in spend
      ? `Gamma-Gamma p = ${spend.p.toFixed(3)}, q = ${spend.q.toFixed(3)}, γ = ${spend.gamma.toFixed(3)} (${spend.customers} customers with repeat purchases)`
      : `Gamma-Gamma not fitted: ${spend?.error}`,
  );
  if (summary.customers_after_calibration)
    lines.push(
      `Left out ${summary.customers_after_calibration} customers whose first purchase is after the calibration end.`,
    );
  if (options.customers) {
    writeFileSync(options.customers, customersCsv(fit.customers));
    lines.push(`Wrote ${fit.customers.length} customers to ${options.customers}`);
  }
  process.stdout.write(
    `${lines.join('\n')}\n${JSON.stringify({ ...summary, fit_seconds: Number(seconds.toFixed(3)) })}\n`,
  );
}
