import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addNote, deleteNote, editNote, listAccountNotes, noteInputSchema, noteListSchema, noteSchema } from '../../notes/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Free-text notes on an account; each new note is also told on the account's timeline. */
export function registerNoteRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/accounts/:id/notes',
    { schema: { tags: ['notes'], summary: 'Notes on an account, newest first', params: idParams, response: { 200: noteListSchema } } },
    async (request) => ({ data: await listAccountNotes(db, actorOf(request), request.params.id) }),
  );

  api.post(
    '/accounts/:id/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'Add a note to an account (needs write access to the account)',
        params: idParams,
        body: noteInputSchema,
        response: { 201: noteSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await addNote(db, actorOf(request), request.params.id, request.body, { now })),
  );

  api.patch(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'Reword a note (its author, a leader or an admin)',
        params: idParams,
        body: noteInputSchema,
        response: { 200: noteSchema },
      },
    },
    async (request) => editNote(db, actorOf(request), request.params.id, request.body, { now }),
  );

  api.delete(
    '/notes/:id',
    { schema: { tags: ['notes'], summary: 'Delete a note (its author, a leader or an admin)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteNote(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
