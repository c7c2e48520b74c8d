import type { ApiSchema } from '../../lib/api-types.js';
import { api, withQuery, type List, type Page } from '../../lib/api.js';
import type { Account } from '../accounts/accounts.types.js';
import type { SourceWithHealth } from '../data/data.types.js';
import type { Task } from '../tasks/tasks.types.js';
import { addDays, DUE_SOON_DAYS } from './plan-today.js';

/** Tasks due before the end of this week (so overdue ones too), of the caller or of the whole team. */
export function findTasksDueThisWeek(options: { mine: boolean; today: string }, signal?: AbortSignal) {
  const query = { ownerId: options.mine ? 'me' : undefined, dueBefore: addDays(options.today, DUE_SOON_DAYS), limit: 200 };
  return api<Page<Task>>(withQuery('/api/tasks', query), { signal });
}

/** Accounts by renewal date, soonest first; the page keeps the next 90 days. */
export function findAccountsByRenewal(options: { mine: boolean }, signal?: AbortSignal) {
  const query = { ownerId: options.mine ? 'me' : undefined, sort: 'renewalDate', order: 'asc', limit: 200 };
  return api<Page<Account>>(withQuery('/api/accounts', query), { signal });
}

export function findSourcesHealth(signal?: AbortSignal) {
  return api<List<SourceWithHealth>>('/api/sources/health', { signal });
}

export function countFailedJobs(signal?: AbortSignal) {
  return api<{ counts: { failed: number } }>(withQuery('/api/jobs', { state: 'failed', limit: 1 }), { signal });
}

export function countMembers(signal?: AbortSignal) {
  return api<List<unknown>>('/api/users', { signal });
}

export function countWebhookSecrets(signal?: AbortSignal) {
  return api<List<unknown>>('/api/webhooks/secrets', { signal });
}

export type Today = ApiSchema<'Today'>;
export type TeamWorkload = ApiSchema<'TeamWorkload'>;

/** The caller's day: tasks, health drops, renewals, stuck onboardings, signals and urgent tickets of their book. */
export function getToday(signal?: AbortSignal) {
  return api<Today>('/api/today', { signal });
}

/** Per member workload and at-risk ARR (leaders and admins). */
export function getTeamWorkload(signal?: AbortSignal) {
  return api<TeamWorkload>('/api/team/workload', { signal });
}
