import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  contactListSchema,
  contactSchema,
  createContact,
  createContactInputSchema,
  deleteContact,
  getContactOrThrow,
  listAccountContacts,
  updateContact,
  updateContactInputSchema,
} from '../../contacts/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** The people at a customer: champions, buyers, admins, users. Writes need write access to the account. */
export function registerContactRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/accounts/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Contacts at an account, alphabetical',
        params: idParams,
        response: { 200: contactListSchema },
      },
    },
    async (request) => ({ data: await listAccountContacts(db, actorOf(request), request.params.id) }),
  );

  api.post(
    '/accounts/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact to an account (needs write access to the account)',
        params: idParams,
        body: createContactInputSchema,
        response: { 201: contactSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createContact(db, actorOf(request), request.params.id, request.body, { now })),
  );

  api.get(
    '/contacts/:id',
    { schema: { tags: ['contacts'], summary: 'One contact', params: idParams, response: { 200: contactSchema } } },
    async (request) => getContactOrThrow(db, actorOf(request), request.params.id),
  );

  api.patch(
    '/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Change a contact; leaving (status left) and role changes are told on the timeline',
        params: idParams,
        body: updateContactInputSchema,
        response: { 200: contactSchema },
      },
    },
    async (request) => updateContact(db, actorOf(request), request.params.id, request.body, { now }),
  );

  api.delete(
    '/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Delete a contact (needs write access to the account)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteContact(db, actorOf(request), request.params.id, { now });
      return reply.code(204).send(null);
    },
  );
}
