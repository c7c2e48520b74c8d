import { api } from '../../lib/api.js';
import type { ApiSchema } from '../../lib/api-types.js';

export type Moment = ApiSchema<'ExperienceMoment'>;
export type Experience = ApiSchema<'Experience'>;
export type ExperienceParams = ApiSchema<'ExperienceParams'>;
export type ExperienceSettings = ApiSchema<'ExperienceSettings'>;
export type RootCauses = ApiSchema<'ExperienceRootCauses'>;
export type NewMoment = { kind: string; title: string; outcome: Moment['outcome']; intensity: number; occurredAt?: string; team?: string; channel?: string; reason?: string };

const accountPath = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}`;

export const listMoments = (accountId: string, signal?: AbortSignal) => api<{ data: Moment[] }>(`${accountPath(accountId)}/moments`, { signal });
export const recordMoment = (accountId: string, body: NewMoment) => api<Moment>(`${accountPath(accountId)}/moments`, { method: 'POST', body });
export const getExperience = (accountId: string, signal?: AbortSignal) => api<Experience>(`${accountPath(accountId)}/experience?days=365`, { signal });
export const getRootCauses = (signal?: AbortSignal) => api<RootCauses>('/api/experience/root-causes?minAccounts=5', { signal });
export const getExperienceSettings = (signal?: AbortSignal) => api<ExperienceSettings>('/api/experience/settings', { signal });
export const saveExperienceSettings = (body: ExperienceParams) => api<ExperienceSettings>('/api/experience/settings', { method: 'PUT', body });
