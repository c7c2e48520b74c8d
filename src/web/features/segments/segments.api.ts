import { api, withQuery, type List, type Page } from '../../lib/api.js';
import type { ApiSchema } from '../../lib/api-types.js';

export type Segment = ApiSchema<'Segment'>;
export type SegmentRules = ApiSchema<'SegmentRules'>;
export type SegmentCondition = ApiSchema<'SegmentCondition'>;
export type SegmentField = ApiSchema<'SegmentField'>;
export type SegmentPreview = ApiSchema<'SegmentPreview'>;
export type SegmentMember = ApiSchema<'SegmentMember'>;
export type AccountSegment = ApiSchema<'AccountSegment'>;
export type EngagementModel = Segment['engagementModel'];
export type SegmentInput = { name: string; description: string | null; engagementModel: EngagementModel; rules: SegmentRules; poolTeamId: string | null };

export const listSegments = (signal?: AbortSignal) => api<List<Segment>>('/api/segments', { signal });
export const getSegment = (id: string, signal?: AbortSignal) => api<Segment>(`/api/segments/${id}`, { signal });
export const listSegmentFields = (signal?: AbortSignal) => api<List<SegmentField>>('/api/segments/fields', { signal });
export const createSegment = (body: SegmentInput) => api<Segment>('/api/segments', { method: 'POST', body });
export const updateSegment = (id: string, body: Partial<SegmentInput>) => api<Segment>(`/api/segments/${id}`, { method: 'PATCH', body });
export const deleteSegment = (id: string) => api<void>(`/api/segments/${id}`, { method: 'DELETE' });
export const previewSegment = (rules: SegmentRules, signal?: AbortSignal) =>
  api<SegmentPreview>('/api/segments/preview', { method: 'POST', body: { rules, limit: 5 }, signal });
export const listSegmentMembers = (id: string, cursor: string | null, signal?: AbortSignal) =>
  api<Page<SegmentMember>>(withQuery(`/api/segments/${id}/accounts`, { limit: 50, cursor: cursor ?? undefined }), { signal });
export const listAccountSegments = (accountId: string, signal?: AbortSignal) => api<List<AccountSegment>>(`/api/accounts/${accountId}/segments`, { signal });
