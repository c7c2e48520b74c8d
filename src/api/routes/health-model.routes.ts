import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { backtestQuerySchema, backtestReportSchema, getBacktestReport, listModelVersions, modelVersionSchema } from '../../health-model/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

/** The churn-risk model: its stored versions and the backtest beside the scorecard (leaders and admins). */
export function registerHealthModelRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const clock = { now };

  api.get(
    '/health/model/versions',
    {
      schema: {
        tags: ['health'],
        summary: 'The churn model’s stored versions, newest first: training rows, family, validation AUC (leaders and admins)',
        response: { 200: z.object({ data: z.array(modelVersionSchema) }) },
      },
    },
    async (request) => ({ data: await listModelVersions(db, actorOf(request)) }),
  );

  api.get(
    '/health/backtest',
    {
      schema: {
        tags: ['health'],
        summary:
          'Backtest: every account as it stood on a past day, scored by the current scorecard and by a model trained only on renewals decided by then, against churn or contraction within the horizon (the numbers of `boomerang health backtest`; leaders and admins)',
        querystring: backtestQuerySchema,
        response: { 200: backtestReportSchema },
      },
    },
    async (request) => getBacktestReport(db, actorOf(request), request.query, clock),
  );
}
