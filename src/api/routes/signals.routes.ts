import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createSignal,
  createSignalInputSchema,
  deleteSignal,
  getSignalOrThrow,
  listAccountSignals,
  signalPageQuerySchema,
  signalPageSchema,
  signalSchema,
  updateSignal,
  updateSignalInputSchema,
} from '../../signals/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Outside signals (news, funding, leadership changes…). Writes need write access to the account. */
export function registerSignalRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/signals',
    {
      schema: {
        tags: ['signals'],
        summary: 'Record an outside signal about an account; it goes on the account timeline',
        body: createSignalInputSchema,
        response: { 201: signalSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createSignal(db, actorOf(request), request.body, now())),
  );

  api.get(
    '/accounts/:id/signals',
    {
      schema: {
        tags: ['signals'],
        summary: 'The account’s outside signals, newest first',
        params: idParams,
        querystring: signalPageQuerySchema,
        response: { 200: signalPageSchema },
      },
    },
    async (request) => listAccountSignals(db, actorOf(request), request.params.id, request.query),
  );

  api.get(
    '/signals/:id',
    { schema: { tags: ['signals'], summary: 'One signal', params: idParams, response: { 200: signalSchema } } },
    async (request) => getSignalOrThrow(db, actorOf(request), request.params.id),
  );

  api.patch(
    '/signals/:id',
    {
      schema: {
        tags: ['signals'],
        summary: 'Correct a signal; its timeline entry is reworded',
        params: idParams,
        body: updateSignalInputSchema,
        response: { 200: signalSchema },
      },
    },
    async (request) => updateSignal(db, actorOf(request), request.params.id, request.body, { now }),
  );

  api.delete(
    '/signals/:id',
    {
      schema: {
        tags: ['signals'],
        summary: 'Delete a signal recorded in error, and its timeline entry',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteSignal(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
