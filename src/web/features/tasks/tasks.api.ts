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
