import { api } from '../../lib/api.js';
import type { ApiRequestBody, ApiSchema } from '../../lib/api-types.js';

export type ExchangeRateList = ApiSchema<'ExchangeRateList'>;
export type NewExchangeRate = ApiRequestBody<'/api/exchange-rates', 'put'>['rates'][number];

export function listExchangeRates(signal?: AbortSignal) {
  return api<ExchangeRateList>('/api/exchange-rates', { signal });
}

export function putExchangeRates(rates: NewExchangeRate[]) {
  return api<ExchangeRateList>('/api/exchange-rates', { method: 'PUT', body: { rates } });
}

export function deleteExchangeRate(currency: string, effectiveDate: string) {
  return api<void>(`/api/exchange-rates/${encodeURIComponent(currency)}?effectiveDate=${encodeURIComponent(effectiveDate)}`, { method: 'DELETE' });
}

export function updateReportingCurrency(reportingCurrency: string) {
  return api<{ reportingCurrency: string }>('/api/workspace/settings', { method: 'PATCH', body: { reportingCurrency } });
}
