import { api, withQuery } from '../../lib/api.js';
import type { AccountUsage } from './usage.types.js';

export function getAccountUsage(accountId: string, days: number, signal?: AbortSignal) {
  return api<AccountUsage>(withQuery(`/api/accounts/${encodeURIComponent(accountId)}/usage`, { days }), { signal });
}
