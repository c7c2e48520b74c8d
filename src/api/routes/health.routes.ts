import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountHealthSchema,
  getAccountHealth,
  getHealthConfig,
  getHealthPortfolio,
  healthPortfolioSchema,
  portfolioQuerySchema,
  previewHealthConfig,
  scorecardPreviewSchema,
  healthConfigSchema,
  healthConfigViewSchema,
  healthOverrideSchema,
  removeHealthOverride,
  saveHealthConfig,
  setHealthOverride,
  setHealthOverrideInputSchema,
} from '../../health/index.js';
import { getAccountRisk } from '../../health-model/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/**
 * Health scores: an account's score explained, CSM overrides (write access to the account),
 * and the workspace's scorecards (read by all, changed by leaders and admins).
 */
export function registerHealthRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const clock = { now };

  api.get(
    '/accounts/:id/health',
    {
      schema: {
        tags: ['health'],
        summary: 'The account’s health: score, band, measures with contributions and freshness, reasons, what moved, override, history',
        params: idParams,
        response: { 200: accountHealthSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      // The score first: it checks the actor may read the account; the risk is the model's.
      const health = await getAccountHealth(db, actor, request.params.id, clock);
      return { ...health, risk: await getAccountRisk(db, actor, request.params.id) };
    },
  );

  api.post(
    '/accounts/:id/health/override',
    {
      schema: {
        tags: ['health'],
        summary: 'Override the computed health with a band, a reason and an expiry (replaces one in force)',
        params: idParams,
        body: setHealthOverrideInputSchema,
        response: { 201: healthOverrideSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await setHealthOverride(db, actorOf(request), request.params.id, request.body, clock)),
  );

  api.delete(
    '/accounts/:id/health/override',
    {
      schema: {
        tags: ['health'],
        summary: 'Remove the override in force: the computed score shows again',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeHealthOverride(db, actorOf(request), request.params.id, clock);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/health/scorecards',
    { schema: { tags: ['health'], summary: 'The workspace’s scorecards and bands, with their version', response: { 200: healthConfigViewSchema } } },
    async (request) => getHealthConfig(db, actorOf(request)),
  );

  api.get(
    '/health/portfolio',
    {
      schema: {
        tags: ['health'],
        summary: 'The portfolio’s health: accounts and ARR by band, ARR at risk, the week’s biggest movers with what moved them, signals that disagree',
        querystring: portfolioQuerySchema,
        response: { 200: healthPortfolioSchema },
      },
    },
    async (request) => getHealthPortfolio(db, actorOf(request), request.query),
  );

  api.post(
    '/health/scorecards/preview',
    {
      schema: {
        tags: ['health'],
        summary: 'How the portfolio’s bands would shift under a draft of the scorecards (leaders and admins); nothing is saved',
        body: healthConfigSchema,
        response: { 200: scorecardPreviewSchema },
      },
    },
    async (request) => previewHealthConfig(db, actorOf(request), request.body, clock),
  );

  api.put(
    '/health/scorecards',
    {
      schema: {
        tags: ['health'],
        summary: 'Replace the scorecards (leaders and admins); saved as a new version; every account is scored again with it in the background',
        body: healthConfigSchema,
        response: { 200: healthConfigViewSchema },
      },
    },
    async (request) => saveHealthConfig(db, actorOf(request), request.body, clock),
  );
}
