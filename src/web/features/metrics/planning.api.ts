import { api, withQuery } from '../../lib/api.js';
import type { ApiResponse } from '../../lib/api-types.js';

/** GET /api/metrics/forecast, /forecast/backtest, /clv, /capacity, /time-to-value, as JSON. */
export type RenewalForecast = ApiResponse<'/api/metrics/forecast', 'get'>;
export type ForecastBacktest = ApiResponse<'/api/metrics/forecast/backtest', 'get'>;
export type SubscriptionClv = ApiResponse<'/api/metrics/clv', 'get'>;
export type CsCapacity = ApiResponse<'/api/metrics/capacity', 'get'>;
export type TimeToValue = ApiResponse<'/api/metrics/time-to-value', 'get'>;

const segmentFilter = (segment: string) => ({ segment: segment || undefined });

export function getForecast(segment: string, signal?: AbortSignal) {
  return api<RenewalForecast>(withQuery('/api/metrics/forecast', { horizonMonths: 12, ...segmentFilter(segment) }), { signal });
}

export function getBacktest(segment: string, signal?: AbortSignal) {
  return api<ForecastBacktest>(withQuery('/api/metrics/forecast/backtest', { horizonMonths: 12, ...segmentFilter(segment) }), { signal });
}

export function getClv(options: { anchor: string; segment: string; margin: number; discountRate: number }, signal?: AbortSignal) {
  return api<SubscriptionClv>(withQuery('/api/metrics/clv', { anchor: options.anchor, margin: options.margin, discountRate: options.discountRate, ...segmentFilter(options.segment) }), { signal });
}

export function getCapacity(segment: string, signal?: AbortSignal) {
  return api<CsCapacity>(withQuery('/api/metrics/capacity', segmentFilter(segment)), { signal });
}

/** `value`: '' for the journey's value milestone, 'firstUsage', or a milestone key. */
export function getTimeToValue(options: { anchor: string; segment: string; value: string; by: TimeToValue['by'] }, signal?: AbortSignal) {
  const measure = options.value === 'firstUsage' ? { measure: 'firstUsage' } : options.value ? { measure: 'milestone', milestone: options.value } : {};
  return api<TimeToValue>(withQuery('/api/metrics/time-to-value', { anchor: options.anchor, by: options.by, ...measure, ...segmentFilter(options.segment) }), { signal });
}
