import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  completeTask,
  completeTaskInputSchema,
  reassignTask,
  reassignTaskInputSchema,
  snoozeTask,
  snoozeTaskInputSchema,
  wakeTask,
  createTask,
  createTaskInputSchema,
  deleteTask,
  getTaskOrThrow,
  listTasks,
  listTasksQuerySchema,
  taskPageSchema,
  taskSchema,
  updateTask,
  updateTaskInputSchema,
} from '../../tasks/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Tasks on accounts, owned by a workspace member; `GET /tasks?ownerId=me` is a CSM's day. */
export function registerTaskRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'List tasks: soonest due first (undated last), then most urgent; keyset-paged',
        querystring: listTasksQuerySchema,
        response: { 200: taskPageSchema },
      },
    },
    async (request) => listTasks(db, actorOf(request), request.query),
  );

  api.post(
    '/accounts/:id/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Add a task on an account (needs write access to the account)',
        params: idParams,
        body: createTaskInputSchema,
        response: { 201: taskSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createTask(db, actorOf(request), request.params.id, request.body)),
  );

  api.get(
    '/tasks/:id',
    { schema: { tags: ['tasks'], summary: 'One task', params: idParams, response: { 200: taskSchema } } },
    async (request) => getTaskOrThrow(db, actorOf(request), request.params.id),
  );

  api.patch(
    '/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change a task (write access to its account, or being its owner)',
        params: idParams,
        body: updateTaskInputSchema,
        response: { 200: taskSchema },
      },
    },
    async (request) => updateTask(db, actorOf(request), request.params.id, request.body, now()),
  );

  // Actions of the day view: each changes one open task (a done or cancelled one is a 409).
  api.post(
    '/tasks/:id/complete',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Complete an open task with an outcome note (on the account’s timeline); emits task.completed',
        params: idParams,
        body: completeTaskInputSchema,
        response: { 200: taskSchema },
      },
    },
    async (request) => completeTask(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.post(
    '/tasks/:id/snooze',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Snooze an open task until a day: it leaves GET /api/today until then (its due date stays)',
        params: idParams,
        body: snoozeTaskInputSchema,
        response: { 200: taskSchema },
      },
    },
    async (request) => snoozeTask(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.delete(
    '/tasks/:id/snooze',
    { schema: { tags: ['tasks'], summary: 'Bring a snoozed task back to the day view now', params: idParams, response: { 200: taskSchema } } },
    async (request) => wakeTask(db, actorOf(request), request.params.id, now()),
  );

  api.post(
    '/tasks/:id/reassign',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Hand an open task to another member (not a viewer)',
        params: idParams,
        body: reassignTaskInputSchema,
        response: { 200: taskSchema },
      },
    },
    async (request) => reassignTask(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.delete(
    '/tasks/:id',
    { schema: { tags: ['tasks'], summary: 'Delete a task (needs write access to its account)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTask(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
