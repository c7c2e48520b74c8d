import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createSavedView,
  createSavedViewInputSchema,
  deleteSavedView,
  listSavedViews,
  savedViewSchema,
  updateSavedView,
  updateSavedViewInputSchema,
} from '../../accounts/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** A person's saved accounts-list views; another person's view answers 404 like anything not theirs. */
export function registerSavedViewRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/saved-views',
    { schema: { tags: ['accounts'], summary: 'The caller’s saved accounts-list views', response: { 200: z.object({ data: z.array(savedViewSchema) }) } } },
    async (request) => ({ data: await listSavedViews(db, actorOf(request)) }),
  );

  api.post(
    '/saved-views',
    { schema: { tags: ['accounts'], summary: 'Save the accounts list’s filters under a name', body: createSavedViewInputSchema, response: { 201: savedViewSchema } } },
    async (request, reply) => reply.code(201).send(await createSavedView(db, actorOf(request), request.body)),
  );

  api.patch(
    '/saved-views/:id',
    { schema: { tags: ['accounts'], summary: 'Rename a saved view or replace its filters', params: idParams, body: updateSavedViewInputSchema, response: { 200: savedViewSchema } } },
    async (request) => updateSavedView(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.delete(
    '/saved-views/:id',
    { schema: { tags: ['accounts'], summary: 'Delete a saved view', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteSavedView(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
