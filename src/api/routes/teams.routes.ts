import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createTeam, createTeamInputSchema, deleteTeam, listTeams, teamListSchema, teamSchema, updateTeam, updateTeamInputSchema } from '../../teams/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Teams of the workspace (members and a lead), between which hand-offs run. Everyone reads; admins change. */
export function registerTeamRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/teams',
    { schema: { tags: ['teams'], summary: 'The workspace’s teams with lead and members (a new workspace starts with the default teams)', response: { 200: teamListSchema } } },
    async (request) => ({ data: await listTeams(db, actorOf(request)) }),
  );

  api.post(
    '/teams',
    { schema: { tags: ['teams'], summary: 'Add a team (admin)', body: createTeamInputSchema, response: { 201: teamSchema } } },
    async (request, reply) => reply.code(201).send(await createTeam(db, actorOf(request), request.body)),
  );

  api.patch(
    '/teams/:id',
    { schema: { tags: ['teams'], summary: 'Rename a team, change its lead or replace its members (admin)', params: idParams, body: updateTeamInputSchema, response: { 200: teamSchema } } },
    async (request) => updateTeam(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.delete(
    '/teams/:id',
    { schema: { tags: ['teams'], summary: 'Delete a team (admin); 409 while hand-off rules or hand-offs name it', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTeam(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
