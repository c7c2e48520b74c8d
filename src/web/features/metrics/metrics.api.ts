import { api, withQuery } from '../../lib/api.js';
import type { ArrBridge, ArrBridgeDetails, BridgeComponent, Cohorts, RetentionTrend, Survival } from './metrics.types.js';

/** What every metrics request carries: the period and the one filter the page offers. */
export type MetricsSelection = { period: 'month' | 'quarter' | 'ttm'; anchor: string; segment: string; unit: 'arr' | 'mrr' };

const filters = (s: MetricsSelection) => ({ segment: s.segment || undefined });

export function getBridge(s: MetricsSelection, signal?: AbortSignal) {
  return api<ArrBridge>(withQuery('/api/metrics/bridge', { period: s.period, anchor: s.anchor, unit: s.unit, groupBy: 'segment', ...filters(s) }), { signal });
}

export function getBridgeDetails(s: MetricsSelection, component: BridgeComponent, signal?: AbortSignal) {
  return api<ArrBridgeDetails>(withQuery('/api/metrics/bridge/details', { period: s.period, anchor: s.anchor, component, ...filters(s) }), { signal });
}

export function getRetentionTrend(s: MetricsSelection, signal?: AbortSignal) {
  return api<RetentionTrend>(withQuery('/api/metrics/retention', { anchor: s.anchor, months: 12, window: 'ttm', ...filters(s) }), { signal });
}

export function getCohorts(s: MetricsSelection, by: Cohorts['by'], signal?: AbortSignal) {
  return api<Cohorts>(withQuery('/api/metrics/cohorts', { anchor: s.anchor, months: 24, by, ...filters(s) }), { signal });
}

export function getSurvival(s: MetricsSelection, by: Survival['by'], signal?: AbortSignal) {
  return api<Survival>(withQuery('/api/metrics/survival', { anchor: s.anchor, by, ...filters(s) }), { signal });
}
