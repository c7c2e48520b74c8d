import { api, withQuery } from '../../lib/api.js';
import type { AccountFlows, Flow, FlowFunnel, FlowInput, FlowStuckUser } from './flows.types.js';

export function listFlows(signal?: AbortSignal) {
  return api<{ data: Flow[] }>('/api/flows', { signal });
}

export function createFlow(body: FlowInput) {
  return api<Flow>('/api/flows', { method: 'POST', body });
}

export function updateFlow(id: string, body: Partial<FlowInput>) {
  return api<Flow>(`/api/flows/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteFlow(id: string) {
  return api<void>(`/api/flows/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function getFunnel(id: string, query: { from?: string; to?: string; segment?: string }, signal?: AbortSignal) {
  return api<FlowFunnel>(withQuery(`/api/flows/${encodeURIComponent(id)}/funnel`, { from: query.from || undefined, to: query.to || undefined, segment: query.segment || undefined }), { signal });
}

export function listStuck(id: string, segment: string, signal?: AbortSignal) {
  return api<{ data: FlowStuckUser[] }>(withQuery(`/api/flows/${encodeURIComponent(id)}/stuck`, { segment: segment || undefined, limit: 200 }), { signal });
}

export function getAccountFlows(accountId: string, signal?: AbortSignal) {
  return api<AccountFlows>(`/api/accounts/${encodeURIComponent(accountId)}/flows`, { signal });
}
