import { api, withQuery, type List } from '../../lib/api.js';
import type { ApiQuery, ApiResponse, ApiSchema } from '../../lib/api-types.js';

export type ApiToken = ApiSchema<'ApiToken'>;
export type CreatedToken = ApiToken & { token: string };
export type CustomField = ApiSchema<'CustomField'>;
export type WriteGrant = ApiSchema<'AccountWriteGrant'>;
export type Job = ApiSchema<'Job'>;
export type JobList = ApiResponse<'/api/jobs', 'get'>;
export type AuditPage = ApiResponse<'/api/audit-log', 'get'>;
export type AuditEntry = AuditPage['data'][number];
export type AuditQuery = ApiQuery<'/api/audit-log', 'get'>;
export type ConfigApplyReport = ApiSchema<'ConfigApplyReport'>;
type Role = ApiToken['role'];

export const listTokens = (signal?: AbortSignal) => api<List<ApiToken>>('/api/tokens', { signal });
export const createToken = (body: { name: string; role: Role }) => api<CreatedToken>('/api/tokens', { method: 'POST', body });
export const revokeToken = (id: string) => api<void>(`/api/tokens/${id}`, { method: 'DELETE' });

export const changeRole = (userId: string, role: Role) => api<ApiSchema<'Member'>>(`/api/users/${userId}`, { method: 'PATCH', body: { role } });
export const removeMember = (userId: string) => api<void>(`/api/users/${userId}`, { method: 'DELETE' });

export const listCustomFields = (signal?: AbortSignal) => api<List<CustomField>>('/api/custom-fields', { signal });
export const defineCustomField = (body: { key: string; label: string; type: CustomField['type']; options?: string[] }) =>
  api<CustomField>('/api/custom-fields', { method: 'POST', body });

export const listGrants = (signal?: AbortSignal) => api<List<WriteGrant>>('/api/account-grants', { signal });
export const grantCover = (body: { granteeId: string; bookOwnerId: string; reason?: string; expiresAt?: string }) =>
  api<WriteGrant>('/api/account-grants', { method: 'POST', body });
export const endGrant = (id: string) => api<void>(`/api/account-grants/${id}`, { method: 'DELETE' });

export const listJobs = (state: Job['state'] | undefined, signal?: AbortSignal) => api<JobList>(withQuery('/api/jobs', { state }), { signal });
export const retryJob = (id: string) => api<Job>(`/api/jobs/${id}/retry`, { method: 'POST' });

export const findAuditLog = (query: Partial<AuditQuery>, signal?: AbortSignal) =>
  api<AuditPage>(withQuery('/api/audit-log', query as Record<string, string | number | undefined>), { signal });

export const applyConfig = (body: { document: string; dryRun: boolean }) => api<ConfigApplyReport>('/api/config/apply', { method: 'POST', body });
