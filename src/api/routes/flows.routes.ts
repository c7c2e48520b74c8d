import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountFlowsSchema,
  createFlow,
  createFlowInputSchema,
  deleteFlow,
  findStuckUsers,
  flowListSchema,
  flowSchema,
  funnelQuerySchema,
  funnelSchema,
  getAccountFlows,
  getFlowFunnel,
  getFlowOrThrow,
  listFlows,
  stuckListSchema,
  stuckQuerySchema,
  updateFlow,
  updateFlowInputSchema,
} from '../../flows/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Product flows: definitions (admins write), funnels, stuck users, an account's progress (every member reads). */
export function registerFlowRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const clock = { now };

  api.get('/flows', { schema: { tags: ['flows'], summary: 'The workspace’s product flows', response: { 200: flowListSchema } } }, async (request) => ({
    data: await listFlows(db, actorOf(request)),
  }));

  api.post(
    '/flows',
    {
      schema: {
        tags: ['flows'],
        summary: 'Define a product flow (admins); its progress is read from the stored events in the background',
        body: createFlowInputSchema,
        response: { 201: flowSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createFlow(db, actorOf(request), request.body, clock)),
  );

  api.get('/flows/:id', { schema: { tags: ['flows'], summary: 'One product flow', params: idParams, response: { 200: flowSchema } } }, async (request) =>
    getFlowOrThrow(db, actorOf(request), request.params.id),
  );

  api.patch(
    '/flows/:id',
    {
      schema: { tags: ['flows'], summary: 'Change a product flow (admins); new steps re-read its progress', params: idParams, body: updateFlowInputSchema, response: { 200: flowSchema } },
    },
    async (request) => updateFlow(db, actorOf(request), request.params.id, request.body, clock),
  );

  api.delete(
    '/flows/:id',
    { schema: { tags: ['flows'], summary: 'Delete a product flow and its progress (admins)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteFlow(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/flows/:id/funnel',
    {
      schema: {
        tags: ['flows'],
        summary: 'The flow’s funnel: users per step, conversion, median time between steps, stuck users per step',
        params: idParams,
        querystring: funnelQuerySchema,
        response: { 200: funnelSchema },
      },
    },
    async (request) => getFlowFunnel(db, actorOf(request), request.params.id, request.query, now()),
  );

  api.get(
    '/flows/:id/stuck',
    {
      schema: { tags: ['flows'], summary: 'Who is stuck where in the flow, and why', params: idParams, querystring: stuckQuerySchema, response: { 200: stuckListSchema } },
    },
    async (request) => ({ data: await findStuckUsers(db, actorOf(request), request.params.id, request.query) }),
  );

  api.get(
    '/accounts/:id/flows',
    { schema: { tags: ['flows'], summary: 'The account’s users’ progress in each product flow', params: idParams, response: { 200: accountFlowsSchema } } },
    async (request) => getAccountFlows(db, actorOf(request), request.params.id, now()),
  );
}
