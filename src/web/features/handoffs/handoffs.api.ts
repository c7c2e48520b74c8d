import { api, withQuery } from '../../lib/api.js';
import type { Handoff, HandoffRule, HandoffRuleChange, HandoffSla, NewHandoffRule, NewTeam, Team, TeamChange } from './handoffs.types.js';

const enc = encodeURIComponent;

export type HandoffQuery = { state?: string; teamId?: string; accountId?: string; overdue?: boolean; limit?: number };

export function listHandoffs(query: HandoffQuery, signal?: AbortSignal) {
  return api<{ data: Handoff[] }>(withQuery('/api/handoffs', query), { signal });
}

export function acceptHandoff(id: string, assigneeId?: string) {
  return api<Handoff>(`/api/handoffs/${enc(id)}/accept`, { method: 'POST', body: assigneeId ? { assigneeId } : {} });
}

export function completeHandoff(id: string, note?: string) {
  return api<Handoff>(`/api/handoffs/${enc(id)}/complete`, { method: 'POST', body: note ? { note } : {} });
}

export function reassignHandoff(id: string, change: { teamId?: string; assigneeId?: string | null }) {
  return api<Handoff>(`/api/handoffs/${enc(id)}/reassign`, { method: 'POST', body: change });
}

export function getHandoffSla(query: { from?: string; to?: string }, signal?: AbortSignal) {
  return api<HandoffSla>(withQuery('/api/handoffs/sla', query), { signal });
}

export function listHandoffRules(signal?: AbortSignal) {
  return api<{ data: HandoffRule[] }>('/api/handoffs/rules', { signal });
}

export function createHandoffRule(rule: NewHandoffRule) {
  return api<HandoffRule>('/api/handoffs/rules', { method: 'POST', body: rule });
}

export function updateHandoffRule(id: string, change: HandoffRuleChange) {
  return api<HandoffRule>(`/api/handoffs/rules/${enc(id)}`, { method: 'PATCH', body: change });
}

export function deleteHandoffRule(id: string) {
  return api<void>(`/api/handoffs/rules/${enc(id)}`, { method: 'DELETE' });
}

export function listTeams(signal?: AbortSignal) {
  return api<{ data: Team[] }>('/api/teams', { signal });
}

export function createTeam(team: NewTeam) {
  return api<Team>('/api/teams', { method: 'POST', body: team });
}

export function updateTeam(id: string, change: TeamChange) {
  return api<Team>(`/api/teams/${enc(id)}`, { method: 'PATCH', body: change });
}

export function deleteTeam(id: string) {
  return api<void>(`/api/teams/${enc(id)}`, { method: 'DELETE' });
}
