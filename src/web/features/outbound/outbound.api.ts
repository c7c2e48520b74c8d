import { api, withQuery } from '../../lib/api.js';
import type {
  CreatedSigningSecret,
  OutboundMessagePage,
  OutboundMessageQuery,
  OutboundSettings,
  OutboundSuppression,
  QueuedWebhook,
} from './outbound.types.js';

export const listOutboundMessages = (query: Partial<OutboundMessageQuery>, signal?: AbortSignal) =>
  api<OutboundMessagePage>(withQuery('/api/outbound/messages', query as Record<string, string | number | undefined>), { signal });

export const getOutboundSettings = (signal?: AbortSignal) => api<OutboundSettings>('/api/outbound/settings', { signal });
export const updateSender = (body: { senderName: string | null; senderAddress: string | null }) =>
  api<OutboundSettings>('/api/outbound/sender', { method: 'PUT', body });
export const rotateSigningSecret = () => api<CreatedSigningSecret>('/api/outbound/signing-secret', { method: 'POST', body: {} });
export const sendTestWebhook = (body: { url: string; format: 'json' | 'slack' }) =>
  api<QueuedWebhook>('/api/outbound/webhooks/test', { method: 'POST', body });

export const listSuppressions = (signal?: AbortSignal) => api<{ data: OutboundSuppression[] }>('/api/outbound/suppressions', { signal });
export const addSuppression = (email: string) => api<{ added: boolean }>('/api/outbound/suppressions', { method: 'POST', body: { email } });
export const removeSuppression = (email: string) => api<void>(`/api/outbound/suppressions/${encodeURIComponent(email)}`, { method: 'DELETE' });
