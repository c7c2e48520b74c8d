import { api, withQuery } from '../../lib/api.js';
import type { AccountUsage, CatalogFeatureInput, ProductCatalogView } from './usage.types.js';

export function getAccountUsage(accountId: string, days: number, signal?: AbortSignal) {
  return api<AccountUsage>(withQuery(`/api/accounts/${encodeURIComponent(accountId)}/usage`, { days }), { signal });
}

export function getProductCatalog(signal?: AbortSignal) {
  return api<ProductCatalogView>('/api/product-catalog', { signal });
}

/** Saves a new catalog version in force from today (features and ignored names, whole). */
export function saveProductCatalog(catalog: { features: CatalogFeatureInput[]; ignored: string[] }) {
  return api<{ version: number; effectiveDay: string }>('/api/product-catalog', { method: 'PUT', body: { catalog } });
}
