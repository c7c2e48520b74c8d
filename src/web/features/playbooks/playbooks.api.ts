import { api, type List } from '../../lib/api.js';
import type { Playbook, PlaybookDefinition, PlaybookDryRun, PlaybookRun, PlaybookUplift } from './playbooks.types.js';

const path = (id: string) => `/api/playbooks/${encodeURIComponent(id)}`;

export const listPlaybooks = (signal?: AbortSignal) => api<List<Playbook>>('/api/playbooks', { signal });
export const getPlaybook = (id: string, signal?: AbortSignal) => api<Playbook>(path(id), { signal });
export const createPlaybook = (definition: PlaybookDefinition, enabled = false) =>
  api<Playbook>('/api/playbooks', { method: 'POST', body: { definition, enabled } });
export const savePlaybook = (id: string, definition: PlaybookDefinition) => api<Playbook>(path(id), { method: 'PUT', body: { definition } });
export const setPlaybookEnabled = (id: string, enabled: boolean) => api<Playbook>(`${path(id)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST', body: {} });
export const dryRunPlaybook = (id: string) => api<PlaybookDryRun>(`${path(id)}/dry-run`, { method: 'POST', body: {} });
export const listPlaybookRuns = (id: string, signal?: AbortSignal) => api<List<PlaybookRun>>(`${path(id)}/runs`, { signal });
export const listAccountPlaybookRuns = (accountId: string, signal?: AbortSignal) =>
  api<List<PlaybookRun>>(`/api/accounts/${encodeURIComponent(accountId)}/playbook-runs`, { signal });
export const getPlaybookUplift = (id: string, days: number, signal?: AbortSignal) => api<PlaybookUplift>(`${path(id)}/uplift?days=${days}`, { signal });
