import { toCsv } from './metrics-csv.js';
import type { CsCapacity, ForecastBacktest, RenewalForecast, SubscriptionClv, TimeToValue } from './planning.api.js';

/** Every contract in the forecast, one row each. */
export function forecastCsv(data: RenewalForecast): string {
  return toCsv([
    ['renewal_on', 'account', 'segment', 'csm', 'arr', 'p_renew', 'p_source', 'expected_arr', 'expected_expansion', 'expected_contraction', 'expected_churn'],
    ...data.contracts.map((c) => [c.renewalOn, c.accountName, c.segment, c.ownerName, c.arr, c.probability, c.source, c.expectedArr, c.expectedExpansion, c.expectedContraction, c.expectedChurn]),
  ]);
}

/** The calibration bins, then expected against actual by month. */
export function backtestCsv(data: ForecastBacktest): string {
  return toCsv([
    ['brier', data.brier, 'baseline_brier', data.baselineBrier, 'as_of', data.asOf, 'source', data.source],
    ['p_source', 'renewals', 'brier'],
    ...data.sources.map((s) => [s.source, s.renewals, s.brier]),
    ['p_from', 'p_to', 'renewals', 'mean_predicted', 'actual_rate'],
    ...data.calibration.map((b) => [b.from, b.to, b.count, b.meanPredicted, b.actualRate]),
    ['month', 'contracts', 'arr', 'expected_arr', 'actual_arr', 'expected_renewals', 'actual_renewals'],
    ...data.byMonth.map((m) => [m.month, m.contracts, m.arr, m.expectedArr, m.actualArr, m.expectedRenewals, m.actualRenewals]),
  ]);
}

export function clvCsv(data: SubscriptionClv): string {
  return toCsv([
    ['segment', 'accounts', 'arpa', 'churn_rate', 'expected_lifetime_years', 'margin', 'discount_rate', 'clv'],
    ...data.segments.map((s) => [s.segment, s.accounts, s.arpa, s.churnRate, s.expectedLifetimeYears, data.margin, data.discountRate, s.clv]),
  ]);
}

export function capacityCsv(data: CsCapacity): string {
  return toCsv([
    ['csm', 'segment', 'engagement_model', 'target', 'accounts', 'arr', 'csm_load'],
    ...data.csms.flatMap((c) => c.segments.map((s) => [c.ownerName, s.segment, s.model, s.target, s.accounts, s.arr, c.load])),
    ...data.unowned.list.map((a) => ['(no owner)', a.segment, null, null, 1, a.arr, null]),
  ]);
}

/** One row per group, then the histogram: one row per group and bin of days taken. */
export function timeToValueCsv(data: TimeToValue): string {
  const value = data.milestone ? `milestone:${data.milestone.key}` : 'first_usage';
  return toCsv([
    ['value', 'group_by', 'group', 'customers', 'reached_value', 'median_days_km', 'median_days_observed', 'within_30_days', 'within_90_days', 'bin_from_day', 'bin_to_day', 'bin_customers'],
    ...data.groups.map((g) => [value, data.by, g.group, g.customers, g.reached, g.medianDays, g.observedMedianDays, g.within30, g.within90, null, null, null]),
    ...data.groups.flatMap((g) => g.histogram.map((b) => [value, data.by, g.group, null, null, null, null, null, null, b.fromDay, b.toDay, b.customers])),
  ]);
}
