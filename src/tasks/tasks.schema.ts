import { z } from 'zod';
import { isoDateSchema } from '../core/storable-input.js';
import type { TaskPriority, TaskStatus } from '../db/schema.js';

/** Request and response shapes of the tasks API; the OpenAPI document is generated from these. */
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const satisfies readonly TaskPriority[];
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const satisfies readonly TaskStatus[];

// Shared so every date field refuses what PostgreSQL cannot hold (year 0000).
const isoDate = isoDateSchema;
const title = z.string().trim().min(1).max(200);
const description = z.string().trim().min(1).max(20_000);

export const taskSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    accountName: z.string(),
    ownerId: z.uuid().nullable().describe('Null once the owner’s user has been deleted'),
    ownerName: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    dueDate: z.string().nullable().describe('YYYY-MM-DD'),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    createdAt: z.date(),
    updatedAt: z.date(),
    completedAt: z.date().nullable().describe('When the status last became done; null unless done'),
    snoozedUntil: z.string().nullable().describe('YYYY-MM-DD: out of the day view (GET /api/today) before this day'),
    outcome: z.string().nullable().describe('The note written when the task was completed; null unless done'),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskSchema>;

export const taskPageSchema = z.object({ data: z.array(taskSchema), nextCursor: z.string().nullable() });

export const createTaskInputSchema = z.strictObject({
  title,
  description: description.nullish(),
  dueDate: isoDate.nullish(),
  priority: z.enum(TASK_PRIORITIES).optional().describe('Defaults to medium'),
  ownerId: z.uuid().optional().describe('A member of the workspace; defaults to the caller'),
});
export type CreateTaskInput = z.infer<typeof createTaskInputSchema>;

export const updateTaskInputSchema = z
  .strictObject({
    title: title.optional(),
    description: description.nullish().describe('null clears it'),
    dueDate: isoDate.nullish().describe('null clears it'),
    priority: z.enum(TASK_PRIORITIES).optional(),
    status: z.enum(TASK_STATUSES).optional().describe('done sets completedAt; any other status clears it'),
    ownerId: z.uuid().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });
export type UpdateTaskInput = z.infer<typeof updateTaskInputSchema>;

export const listTasksQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  ownerId: z.union([z.uuid(), z.literal('me')]).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  dueBefore: isoDate.optional().describe('Only tasks due strictly before this date (tasks without a due date are left out)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

const outcome = z.string().trim().min(1).max(5000);

export const completeTaskInputSchema = z.strictObject({
  outcome: outcome.optional().describe('What happened: lands on the account’s timeline as the body of the completion entry'),
});
export type CompleteTaskInput = z.infer<typeof completeTaskInputSchema>;

export const snoozeTaskInputSchema = z.strictObject({
  until: isoDate.describe('YYYY-MM-DD, after today and within a year: the task leaves the day view until this day'),
});
export type SnoozeTaskInput = z.infer<typeof snoozeTaskInputSchema>;

export const reassignTaskInputSchema = z.strictObject({
  ownerId: z.uuid().describe('A member of the workspace who can work tasks (not a viewer)'),
});
export type ReassignTaskInput = z.infer<typeof reassignTaskInputSchema>;
