import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getTeamWorkload, getToday, teamWorkloadSchema, todayQuerySchema, todaySchema } from '../../today/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

/** A CSM's day (their book, or a member's for leaders and admins) and the team's workload (leaders and admins). */
export function registerTodayRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/today',
    {
      schema: {
        tags: ['today'],
        summary: 'A CSM’s day: tasks overdue / today / this week, health drops, renewals in 90 days, stuck onboardings, new signals and urgent tickets',
        querystring: todayQuerySchema,
        response: { 200: todaySchema },
      },
    },
    async (request) => getToday(db, actorOf(request), request.query, now()),
  );

  api.get(
    '/team/workload',
    {
      schema: {
        tags: ['today'],
        summary: 'Per member: open and overdue tasks, accounts, ARR and at-risk (red/yellow) ARR in the book (leaders and admins)',
        response: { 200: teamWorkloadSchema },
      },
    },
    async (request) => getTeamWorkload(db, actorOf(request), now()),
  );
}
