import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { interactionInputSchema, interactionListSchema, interactionSchema, listAccountInteractions, logInteraction } from '../../interactions/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** A CSM's logged meetings, calls and emails with an account; each is also told on the account's timeline. */
export function registerInteractionRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/accounts/:id/interactions',
    {
      schema: {
        tags: ['interactions'],
        summary: 'Meetings, calls and emails logged on an account, newest first (the latest 500)',
        params: idParams,
        response: { 200: interactionListSchema },
      },
    },
    async (request) => ({ data: await listAccountInteractions(db, actorOf(request), request.params.id) }),
  );

  api.post(
    '/accounts/:id/interactions',
    {
      schema: {
        tags: ['interactions'],
        summary: 'Log a meeting, call or email with attendees and outcome (needs write access to the account)',
        params: idParams,
        body: interactionInputSchema,
        response: { 201: interactionSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await logInteraction(db, actorOf(request), request.params.id, request.body, now())),
  );
}
