import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  arrMovementListSchema,
  createSubscription,
  createSubscriptionInputSchema,
  getSubscriptionOrThrow,
  listAccountArrMovements,
  listAccountSubscriptions,
  subscriptionListSchema,
  subscriptionSchema,
  updateSubscription,
  updateSubscriptionInputSchema,
} from '../../subscriptions/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/**
 * Contracts with line items, and the ARR ledger derived from them. Every contract write
 * refreshes the account's ARR and renewal date and books an ARR movement if ARR moved.
 */
export function registerSubscriptionRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/accounts/:id/subscriptions',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Contracts of an account with line items, oldest first',
        params: idParams,
        response: { 200: subscriptionListSchema },
      },
    },
    async (request) => ({ data: await listAccountSubscriptions(db, actorOf(request), request.params.id) }),
  );

  api.post(
    '/accounts/:id/subscriptions',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Record a signed contract; ARR is computed from seats × unitPrice (needs write access to the account)',
        params: idParams,
        body: createSubscriptionInputSchema,
        response: { 201: subscriptionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSubscription(db, actorOf(request), request.params.id, request.body, now())),
  );

  api.get(
    '/subscriptions/:id',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'One contract with its line items',
        params: idParams,
        response: { 200: subscriptionSchema },
      },
    },
    async (request) => getSubscriptionOrThrow(db, actorOf(request), request.params.id),
  );

  api.patch(
    '/subscriptions/:id',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Change a contract: status, dates, auto-renew; items replace every line item',
        params: idParams,
        body: updateSubscriptionInputSchema,
        response: { 200: subscriptionSchema },
      },
    },
    async (request) => updateSubscription(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.get(
    '/accounts/:id/arr-movements',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'The account’s ARR ledger, oldest first: new, expansion, contraction, churn, reactivation',
        params: idParams,
        response: { 200: arrMovementListSchema },
      },
    },
    async (request) => ({ data: await listAccountArrMovements(db, actorOf(request), request.params.id) }),
  );
}
