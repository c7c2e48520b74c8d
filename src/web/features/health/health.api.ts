import { api, withQuery } from '../../lib/api.js';
import type { AccountHealth, HealthBand, HealthConfig, HealthOverride, HealthPortfolio, HealthScorecards, ScorecardPreview } from './health.types.js';

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
