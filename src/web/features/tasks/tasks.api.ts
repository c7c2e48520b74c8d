import { api, withQuery, type Page } from '../../lib/api.js';
import type { NewTask, Task, TaskChange, TaskStatus } from './tasks.types.js';

export type TaskQuery = { accountId?: string; ownerId?: 'me' | string; status?: TaskStatus };

export function listTasks(query: TaskQuery, cursor: string | null, signal?: AbortSignal) {
  return api<Page<Task>>(withQuery('/api/tasks', { ...query, cursor }), { signal });
}

export function createTask(accountId: string, task: NewTask) {
  return api<Task>(`/api/accounts/${encodeURIComponent(accountId)}/tasks`, { method: 'POST', body: task });
}

export function updateTask(taskId: string, change: TaskChange) {
  return api<Task>(`/api/tasks/${encodeURIComponent(taskId)}`, { method: 'PATCH', body: change });
}

/** Completes an open task; the outcome note lands on the account's timeline. */
export function completeTask(taskId: string, outcome: string) {
  return api<Task>(`/api/tasks/${encodeURIComponent(taskId)}/complete`, { method: 'POST', body: outcome.trim() ? { outcome: outcome.trim() } : {} });
}

/** Takes an open task off the day view until `until` (YYYY-MM-DD, after today). */
export function snoozeTask(taskId: string, until: string) {
  return api<Task>(`/api/tasks/${encodeURIComponent(taskId)}/snooze`, { method: 'POST', body: { until } });
}

export function wakeTask(taskId: string) {
  return api<Task>(`/api/tasks/${encodeURIComponent(taskId)}/snooze`, { method: 'DELETE' });
}

export function reassignTask(taskId: string, ownerId: string) {
  return api<Task>(`/api/tasks/${encodeURIComponent(taskId)}/reassign`, { method: 'POST', body: { ownerId } });
}
