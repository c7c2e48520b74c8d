import type { ApiRequestBody, ApiSchema } from '../../lib/api-types.js';

export type Task = ApiSchema<'Task'>;
export type TaskPriority = Task['priority'];
export type TaskStatus = Task['status'];

export type NewTask = ApiRequestBody<'/api/accounts/{id}/tasks', 'post'>;

export type TaskChange = ApiRequestBody<'/api/tasks/{id}', 'patch'>;

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const satisfies readonly TaskPriority[];
