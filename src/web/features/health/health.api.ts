import { api, ApiError, withQuery } from '../../lib/api.js';
import type {
  AccountHealth,
  HealthBacktestRun,
  HealthBand,
  HealthConfig,
  HealthLatestBacktest,
  HealthModelVersion,
  HealthOverride,
  HealthPortfolio,
  HealthScorecards,
  ScorecardPreview,
} from './health.types.js';

const healthPath = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}/health`;

export function getAccountHealth(accountId: string, signal?: AbortSignal) {
  return api<AccountHealth>(healthPath(accountId), { signal });
}

export function saveHealthOverride(accountId: string, body: { band: HealthBand; score?: number | null; reason: string; expiresAt: string }) {
  return api<HealthOverride>(`${healthPath(accountId)}/override`, { method: 'POST', body });
}

export function removeHealthOverride(accountId: string) {
  return api<void>(`${healthPath(accountId)}/override`, { method: 'DELETE' });
}

/** The portfolio's health for the whole workspace, one CSM's book (`ownerId`) or a segment. */
export function getHealthPortfolio(filters: { ownerId: string; segment: string }, signal?: AbortSignal) {
  return api<HealthPortfolio>(withQuery('/api/health/portfolio', filters), { signal });
}

export function getScorecards(signal?: AbortSignal) {
  return api<HealthScorecards>('/api/health/scorecards', { signal });
}

/** How the bands would shift under a draft; nothing is saved. */
export function previewScorecards(config: HealthConfig) {
  return api<ScorecardPreview>('/api/health/scorecards/preview', { method: 'POST', body: config });
}

/** Saves the draft as a new version; every account is scored again in the background. */
export function saveScorecards(config: HealthConfig) {
  return api<HealthScorecards>('/api/health/scorecards', { method: 'PUT', body: config });
}

export function getModelVersions(signal?: AbortSignal) {
  return api<{ data: HealthModelVersion[] }>('/api/health/model/versions', { signal });
}

/** The newest backtest run and report; null before the workspace's first run. */
export async function getLatestBacktest(signal?: AbortSignal): Promise<HealthLatestBacktest | null> {
  try {
    return await api<HealthLatestBacktest>('/api/health/backtest', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Queues a backtest in the background; the same parameters while one runs join it. */
export function queueBacktest(body: { horizonDays: number }) {
  return api<HealthBacktestRun>('/api/health/backtest', { method: 'POST', body });
}
