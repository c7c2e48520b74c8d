import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  bridgeDetailsQuerySchema,
  bridgeDetailsResponseSchema,
  bridgeQuerySchema,
  bridgeResponseSchema,
  cohortsQuerySchema,
  cohortsResponseSchema,
  getArrBridge,
  getArrBridgeDetails,
  getCohorts,
  getRetentionTrend,
  getSurvival,
  retentionQuerySchema,
  retentionResponseSchema,
  survivalQuerySchema,
  survivalResponseSchema,
} from '../../metrics/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

/** Revenue metrics from the ARR ledger; every member reads the whole workspace (see metrics/index.ts for why). */
export function registerMetricsRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/metrics/bridge',
    {
      schema: {
        tags: ['metrics'],
        summary: 'ARR bridge (start → new, expansion, contraction, churn, reactivation → end), NRR, GRR, logo churn, expansion rate; optional breakdown',
        querystring: bridgeQuerySchema,
        response: { 200: bridgeResponseSchema },
      },
    },
    async (request) => getArrBridge(db, actorOf(request), request.query, now()),
  );

  api.get(
    '/metrics/bridge/details',
    {
      schema: {
        tags: ['metrics'],
        summary: 'The ledger rows or accounts behind one figure of the bridge',
        querystring: bridgeDetailsQuerySchema,
        response: { 200: bridgeDetailsResponseSchema },
      },
    },
    async (request) => getArrBridgeDetails(db, actorOf(request), request.query, now()),
  );

  api.get(
    '/metrics/retention',
    {
      schema: { tags: ['metrics'], summary: 'NRR, GRR and logo retention by month', querystring: retentionQuerySchema, response: { 200: retentionResponseSchema } },
    },
    async (request) => getRetentionTrend(db, actorOf(request), request.query, now()),
  );

  api.get(
    '/metrics/cohorts',
    {
      schema: { tags: ['metrics'], summary: 'Revenue and logo retention triangles by start month, quarter, segment or product', querystring: cohortsQuerySchema, response: { 200: cohortsResponseSchema } },
    },
    async (request) => getCohorts(db, actorOf(request), request.query, now()),
  );

  api.get(
    '/metrics/survival',
    {
      schema: { tags: ['metrics'], summary: 'Kaplan–Meier survival (time to first churn) with 95 % bands, medians and a log-rank test', querystring: survivalQuerySchema, response: { 200: survivalResponseSchema } },
    },
    async (request) => getSurvival(db, actorOf(request), request.query, now()),
  );
}
