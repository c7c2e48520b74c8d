import { api } from '../../lib/api.js';
import type { AccountHealth, HealthBand, HealthOverride } from './health.types.js';

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
