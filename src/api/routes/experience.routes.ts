import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  experienceParamsSchema,
  experienceQuerySchema,
  experienceSchema,
  experienceSettingsSchema,
  getAccountExperience,
  getContactExperience,
  getExperienceSettings,
  getRootCauses,
  listAccountMoments,
  momentInputSchema,
  momentListSchema,
  momentSchema,
  recordMoment,
  rootCausesQuerySchema,
  rootCausesSchema,
  saveExperienceSettings,
} from '../../experience/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Moments of truth, the running experience score per account and stakeholder, root causes upstream, and the score's settings. */
export function registerExperienceRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['experience'];

  api.get(
    '/accounts/:id/moments',
    { schema: { tags, summary: 'The account’s moments of truth, newest first, each with its outcome and why', params: idParams, response: { 200: momentListSchema } } },
    async (request) => ({ data: await listAccountMoments(db, actorOf(request), request.params.id) }),
  );

  api.post(
    '/accounts/:id/moments',
    {
      schema: {
        tags,
        summary: 'Record a moment by hand (onboarding step, invoice, outage, plan review…) with its outcome (needs write access to the account)',
        params: idParams,
        body: momentInputSchema,
        response: { 201: momentSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await recordMoment(db, actorOf(request), request.params.id, request.body, now())),
  );

  api.get(
    '/accounts/:id/experience',
    {
      schema: {
        tags,
        summary: 'The account’s running experience score, its daily history and the moments that move it most',
        params: idParams,
        querystring: experienceQuerySchema,
        response: { 200: experienceSchema },
      },
    },
    async (request) => getAccountExperience(db, actorOf(request), request.params.id, { now: now(), days: request.query.days }),
  );

  api.get(
    '/contacts/:id/experience',
    {
      schema: {
        tags,
        summary: 'A stakeholder’s running experience score, from the moments that concern them',
        params: idParams,
        querystring: experienceQuerySchema,
        response: { 200: experienceSchema },
      },
    },
    async (request) => getContactExperience(db, actorOf(request), request.params.id, { now: now(), days: request.query.days }),
  );

  api.get(
    '/experience/root-causes',
    {
      schema: {
        tags,
        summary: 'Which stages’, teams’, channels’ and touchpoints’ negative moments precede churn (lift, with counts), and lost accounts’ earliest negative moments',
        querystring: rootCausesQuerySchema,
        response: { 200: rootCausesSchema },
      },
    },
    async (request) => getRootCauses(db, actorOf(request), { ...request.query, now: now() }),
  );

  api.get(
    '/experience/settings',
    { schema: { tags, summary: 'The experience score’s parameters and their defaults', response: { 200: experienceSettingsSchema } } },
    async (request) => getExperienceSettings(db, actorOf(request)),
  );

  api.put(
    '/experience/settings',
    {
      schema: {
        tags,
        summary: 'Change the experience score’s parameters (leaders and admins)',
        body: experienceParamsSchema,
        response: { 200: experienceSettingsSchema },
      },
    },
    async (request) => saveExperienceSettings(db, actorOf(request), request.body, now()),
  );
}
