import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { backtestRequestSchema, backtestRunSchema, getLatestBacktest, latestBacktestSchema, listModelVersions, modelVersionSchema, requestBacktest } from '../../health-model/index.js';
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
          'The newest stored backtest report (every account as it stood on a past day, scored by the current scorecard and by a model trained only on renewals decided by then, against churn or contraction within the horizon) and the newest run, which may still be queued or running; 404 before the first run (leaders and admins)',
        response: { 200: latestBacktestSchema },
      },
    },
    async (request) => getLatestBacktest(db, actorOf(request)),
  );

  api.post(
    '/health/backtest',
    {
      schema: {
        tags: ['health'],
        summary:
          'Queues a backtest as a background job (the same parameters while one is queued or running join it); poll GET /api/health/backtest, named in Location, for its report (leaders and admins)',
        body: backtestRequestSchema,
        response: { 202: backtestRunSchema },
      },
    },
    async (request, reply) => {
      const run = await requestBacktest(db, actorOf(request), request.body, clock);
      return reply.code(202).header('location', '/api/health/backtest').send(run);
    },
  );
}
