import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JOB_STATES, jobCountsSchema, jobSchema, listWorkspaceJobs, retryWorkspaceJob } from '../../jobs/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

/** Jobs and timers of the workspace, plus the system jobs (admin): what runs, what failed and why. */
export function registerJobRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const clock = { now };

  api.get(
    '/jobs',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Jobs and timers, most recently changed first (admin)',
        querystring: z.strictObject({
          state: z.enum(JOB_STATES).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(jobSchema), counts: jobCountsSchema }) },
      },
    },
    async (request) => {
      const { jobs, counts } = await listWorkspaceJobs(db, actorOf(request), request.query);
      return { data: jobs, counts };
    },
  );

  api.post(
    '/jobs/:id/retry',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Queue a failed job again now with fresh attempts (admin)',
        params: z.object({ id: z.uuid() }),
        response: { 200: jobSchema },
      },
    },
    async (request) => retryWorkspaceJob(db, actorOf(request), request.params.id, clock),
  );
}
