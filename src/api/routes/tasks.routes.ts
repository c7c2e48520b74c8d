import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
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

  api.delete(
    '/tasks/:id',
    { schema: { tags: ['tasks'], summary: 'Delete a task (needs write access to its account)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTask(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
