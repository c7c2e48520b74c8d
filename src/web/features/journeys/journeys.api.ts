import { api, withQuery } from '../../lib/api.js';
import type { ApiQuery, ApiRequestBody, ApiSchema } from '../../lib/api-types.js';
import { useResource } from '../../lib/use-resource.js';

export type Journey = ApiSchema<'Journey'>;
export type JourneyStage = ApiSchema<'JourneyStage'>;
export type AccountJourney = ApiSchema<'AccountJourney'>;
export type AccountGoals = ApiSchema<'AccountGoals'>;
export type JourneyBoard = ApiSchema<'JourneyBoard'>;
export type JourneyBoardQuery = ApiQuery<'/api/journey/board', 'get'>;
export type PutJourneyBody = ApiRequestBody<'/api/journey', 'put'>;
export type StageStatus = NonNullable<AccountJourney['status']>;

export function getJourney(signal?: AbortSignal) {
  return api<Journey>('/api/journey', { signal });
}

export function putJourney(body: PutJourneyBody) {
  return api<Journey>('/api/journey', { method: 'PUT', body });
}

export function getJourneyBoard(query: JourneyBoardQuery, signal?: AbortSignal) {
  return api<JourneyBoard>(withQuery('/api/journey/board', query), { signal });
}

export function getAccountJourney(accountId: string, signal?: AbortSignal) {
  return api<AccountJourney>(`/api/accounts/${encodeURIComponent(accountId)}/journey`, { signal });
}

export function moveAccountStage(accountId: string, body: { stage: string; reason?: string }) {
  return api<AccountJourney>(`/api/accounts/${encodeURIComponent(accountId)}/journey/stage`, { method: 'POST', body });
}

export function putAccountGoals(accountId: string, body: { goals: string; successCriteria: string }) {
  return api<AccountGoals>(`/api/accounts/${encodeURIComponent(accountId)}/goals`, { method: 'PUT', body });
}

export function setMilestoneDone(accountId: string, milestoneId: string, done: boolean) {
  return api<AccountJourney>(`/api/accounts/${encodeURIComponent(accountId)}/journey/milestones/${encodeURIComponent(milestoneId)}`, {
    method: 'PUT',
    body: { done },
  });
}

/** The workspace's stages as select options (the journey owns the list; GET /api/journey). */
export function useStageOptions(): { value: string; label: string; isExit: boolean }[] {
  const { data } = useResource((signal) => getJourney(signal), []);
  return (data?.stages ?? []).map((stage) => ({ value: stage.name, label: stage.name, isExit: stage.isExit }));
}

export const STATUS_LABELS: Record<StageStatus, string> = { on_track: 'On track', behind: 'Behind', stuck: 'Stuck' };
export const STATUS_TONES = { on_track: 'green', behind: 'amber', stuck: 'red' } as const satisfies Record<StageStatus, string>;

/** "12 days" / "1 day" / "3.5 days". */
export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  const shown = days >= 10 ? Math.round(days) : Math.round(days * 10) / 10;
  return `${shown} ${shown === 1 ? 'day' : 'days'}`;
}
