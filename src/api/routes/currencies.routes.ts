import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  currencyCodeSchema,
  deleteExchangeRate,
  exchangeRateListSchema,
  getWorkspaceSettings,
  listExchangeRates,
  putExchangeRates,
  putExchangeRatesInputSchema,
  updateWorkspaceSettings,
  updateWorkspaceSettingsInputSchema,
  workspaceSettingsSchema,
} from '../../currencies/index.js';
import { isoDateSchema } from '../../core/storable-input.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

/** The reporting currency and exchange rates (issue 15, item 1): everyone reads, admins and leaders write rates, admins the currency. */
export function registerCurrencyRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/workspace/settings',
    { schema: { tags: ['currencies'], summary: 'Workspace settings: the reporting currency', response: { 200: workspaceSettingsSchema } } },
    async (request) => getWorkspaceSettings(db, actorOf(request)),
  );

  api.patch(
    '/workspace/settings',
    {
      schema: {
        tags: ['currencies'],
        summary: 'Change the reporting currency (admins; refused while exchange rates exist)',
        body: updateWorkspaceSettingsInputSchema,
        response: { 200: workspaceSettingsSchema },
      },
    },
    async (request) => updateWorkspaceSettings(db, actorOf(request), request.body),
  );

  api.get(
    '/exchange-rates',
    { schema: { tags: ['currencies'], summary: 'Exchange rates to the reporting currency, and the contract currencies they cover', response: { 200: exchangeRateListSchema } } },
    async (request) => listExchangeRates(db, actorOf(request)),
  );

  api.put(
    '/exchange-rates',
    {
      schema: {
        tags: ['currencies'],
        summary: 'Enter or replace exchange rates, one per currency and day (admins, leaders); cached ARR follows',
        body: putExchangeRatesInputSchema,
        response: { 200: exchangeRateListSchema },
      },
    },
    async (request) => putExchangeRates(db, actorOf(request), request.body, now()),
  );

  api.delete(
    '/exchange-rates/:currency',
    {
      schema: {
        tags: ['currencies'],
        summary: 'Delete a currency’s rate of one day, or all its rates (admins, leaders)',
        params: z.object({ currency: currencyCodeSchema }),
        querystring: z.object({ effectiveDate: isoDateSchema.optional().describe('Only the rate of this day') }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteExchangeRate(db, actorOf(request), request.params.currency, request.query.effectiveDate);
      return reply.code(204).send(null);
    },
  );
}
