import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountUsageQuerySchema,
  accountUsageSchema,
  getAccountUsage,
  getProductCatalog,
  productCatalogViewSchema,
  saveProductCatalog,
  saveProductCatalogInputSchema,
} from '../../usage/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

/** Usage rollups of an account (refreshed by the server's rollup worker within seconds of ingestion). */
export function registerUsageRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/accounts/:id/usage',
    {
      schema: {
        tags: ['usage'],
        summary: 'Daily usage series, active users, seats used vs purchased, adoption breadth, top events and users by last seen',
        params: z.object({ id: z.uuid() }),
        querystring: accountUsageQuerySchema,
        response: { 200: accountUsageSchema },
      },
    },
    async (request) => getAccountUsage(db, actorOf(request), { accountId: request.params.id, days: request.query.days, now: now() }),
  );

  api.get(
    '/product-catalog',
    {
      schema: {
        tags: ['usage'],
        summary: 'The product feature catalog in force today: features (event names grouped), their adoption across accounts, event names waiting for review',
        response: { 200: productCatalogViewSchema },
      },
    },
    async (request) => getProductCatalog(db, actorOf(request), { now: now() }),
  );

  api.put(
    '/product-catalog',
    {
      schema: {
        tags: ['usage'],
        summary: 'Save a new version of the feature catalog (leaders, admins), in force from effectiveFrom (default today); earlier days keep the version they had',
        body: saveProductCatalogInputSchema,
        response: { 200: z.object({ version: z.number().int(), effectiveDay: z.string() }) },
      },
    },
    async (request) => saveProductCatalog(db, actorOf(request), request.body, { now }),
  );
}
