import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { invalid } from '../../core/errors.js';
import {
  acceptHandoff,
  acceptHandoffInputSchema,
  completeHandoff,
  completeHandoffInputSchema,
  createHandoffRule,
  deleteHandoffRule,
  getHandoffOrThrow,
  getHandoffRuleOrThrow,
  getHandoffSla,
  handoffListSchema,
  handoffRuleInputSchema,
  handoffRuleListSchema,
  handoffRuleSchema,
  handoffSchema,
  listHandoffRules,
  listHandoffs,
  listHandoffsQuerySchema,
  reassignHandoff,
  reassignHandoffInputSchema,
  slaQuerySchema,
  slaReportSchema,
  updateHandoffRule,
  updateHandoffRuleInputSchema,
} from '../../handoffs/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Hand-offs between teams: the board, people's actions, the rules (admins change them) and SLA attainment. */
export function registerHandoffRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const clock: Clock = { now };

  api.get(
    '/handoffs',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Hand-offs: running ones soonest due first, or (state=completed) the latest completed first',
        querystring: listHandoffsQuerySchema,
        response: { 200: handoffListSchema },
      },
    },
    async (request) => ({ data: await listHandoffs(db, actorOf(request), request.query, now()) }),
  );

  api.get(
    '/handoffs/sla',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'SLA attainment per receiving team and rule for hand-offs started in a period',
        querystring: slaQuerySchema,
        response: { 200: slaReportSchema },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from && to && from > to) throw invalid('from must not be after to.', [{ path: 'query.from', message: 'is after to' }]);
      return getHandoffSla(db, actorOf(request), request.query, now());
    },
  );

  api.get(
    '/handoffs/rules',
    { schema: { tags: ['handoffs'], summary: 'The hand-off rules (the defaults appear on first use)', response: { 200: handoffRuleListSchema } } },
    async (request) => ({ data: await listHandoffRules(db, actorOf(request)) }),
  );

  api.post(
    '/handoffs/rules',
    { schema: { tags: ['handoffs'], summary: 'Add a hand-off rule (admin)', body: handoffRuleInputSchema, response: { 201: handoffRuleSchema } } },
    async (request, reply) => reply.code(201).send(await createHandoffRule(db, actorOf(request), request.body, now())),
  );

  api.get(
    '/handoffs/rules/:id',
    { schema: { tags: ['handoffs'], summary: 'One hand-off rule', params: idParams, response: { 200: handoffRuleSchema } } },
    async (request) => getHandoffRuleOrThrow(db, actorOf(request), request.params.id),
  );

  api.patch(
    '/handoffs/rules/:id',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Change a hand-off rule (admin); running hand-offs keep their clocks',
        params: idParams,
        body: updateHandoffRuleInputSchema,
        response: { 200: handoffRuleSchema },
      },
    },
    async (request) => updateHandoffRule(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.delete(
    '/handoffs/rules/:id',
    { schema: { tags: ['handoffs'], summary: 'Delete a hand-off rule (admin); its hand-offs stay', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteHandoffRule(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/handoffs/:id',
    { schema: { tags: ['handoffs'], summary: 'One hand-off with its history', params: idParams, response: { 200: handoffSchema } } },
    async (request) => getHandoffOrThrow(db, actorOf(request), request.params.id),
  );

  api.post(
    '/handoffs/:id/accept',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'The receiving team takes the hand-off (a member for themself; its lead, leaders and admins for anyone)',
        params: idParams,
        body: acceptHandoffInputSchema,
        response: { 200: handoffSchema },
      },
    },
    async (request) => acceptHandoff(db, actorOf(request), request.params.id, request.body, clock),
  );

  api.post(
    '/handoffs/:id/complete',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Complete the hand-off by hand (its assignee, the receiving team, leaders, admins)',
        params: idParams,
        body: completeHandoffInputSchema,
        response: { 200: handoffSchema },
      },
    },
    async (request) => completeHandoff(db, actorOf(request), request.params.id, request.body, clock),
  );

  api.post(
    '/handoffs/:id/reassign',
    {
      schema: {
        tags: ['handoffs'],
        summary: 'Send the hand-off to another receiving team and/or person (the receiving team’s lead, leaders, admins)',
        params: idParams,
        body: reassignHandoffInputSchema,
        response: { 200: handoffSchema },
      },
    },
    async (request) => reassignHandoff(db, actorOf(request), request.params.id, request.body, clock),
  );
}
