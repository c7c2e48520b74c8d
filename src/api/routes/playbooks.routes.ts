import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createPlaybook,
  deletePlaybook,
  dryRunPlaybook,
  dryRunSchema,
  getPlaybookOrThrow,
  getPlaybookUplift,
  listAccountPlaybookRuns,
  listPlaybookRuns,
  listPlaybooks,
  listPlaybookVersions,
  playbookListSchema,
  playbookRunListSchema,
  playbookSchema,
  playbookUpliftQuerySchema,
  playbookUpliftSchema,
  playbookVersionSchema,
  runListQuerySchema,
  savePlaybookInputSchema,
  setPlaybookEnabledState,
  updatePlaybook,
} from '../../playbooks/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Playbooks: every member reads; admins and leaders write (checked in the use cases). */
export function registerPlaybookRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const clock = { now };
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['playbooks'];

  api.get('/playbooks', { schema: { tags, summary: 'The workspace’s playbooks with their entry counts', response: { 200: playbookListSchema } } }, async (request) =>
    listPlaybooks(db, actorOf(request)),
  );

  api.post(
    '/playbooks',
    { schema: { tags, summary: 'Create a playbook (version 1); unknown template variables are refused', body: savePlaybookInputSchema, response: { 201: playbookSchema } } },
    async (request, reply) => reply.code(201).send(await createPlaybook(db, actorOf(request), request.body, clock)),
  );

  api.get('/playbooks/:id', { schema: { tags, summary: 'One playbook', params: idParams, response: { 200: playbookSchema } } }, async (request) =>
    getPlaybookOrThrow(db, actorOf(request), request.params.id),
  );

  api.put(
    '/playbooks/:id',
    { schema: { tags, summary: 'Save a new version of the playbook', params: idParams, body: savePlaybookInputSchema, response: { 200: playbookSchema } } },
    async (request) => updatePlaybook(db, actorOf(request), request.params.id, request.body, clock),
  );

  api.delete('/playbooks/:id', { schema: { tags, summary: 'Delete a playbook and its run history', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    await deletePlaybook(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  api.post('/playbooks/:id/enable', { schema: { tags, summary: 'Turn the playbook on: it reacts to events from now on', params: idParams, response: { 200: playbookSchema } } }, async (request) =>
    setPlaybookEnabledState(db, actorOf(request), request.params.id, true, clock),
  );

  api.post('/playbooks/:id/disable', { schema: { tags, summary: 'Turn the playbook off; runs under way continue', params: idParams, response: { 200: playbookSchema } } }, async (request) =>
    setPlaybookEnabledState(db, actorOf(request), request.params.id, false, clock),
  );

  api.post('/playbooks/:id/dry-run', { schema: { tags, summary: 'Which accounts would enter now, and why (enters nobody)', params: idParams, response: { 200: dryRunSchema } } }, async (request) =>
    dryRunPlaybook(db, actorOf(request), request.params.id, clock),
  );

  api.get('/playbooks/:id/versions', { schema: { tags, summary: 'The playbook’s saved versions', params: idParams, response: { 200: z.object({ data: z.array(playbookVersionSchema) }) } } }, async (request) => ({
    data: await listPlaybookVersions(db, actorOf(request), request.params.id),
  }));

  api.get(
    '/playbooks/:id/runs',
    { schema: { tags, summary: 'The playbook’s runs: what fired, when, why, each step’s result', params: idParams, querystring: runListQuerySchema, response: { 200: playbookRunListSchema } } },
    async (request) => listPlaybookRuns(db, actorOf(request), request.params.id, request.query),
  );

  api.get(
    '/playbooks/:id/uplift',
    {
      schema: {
        tags,
        summary: 'Does the play work: outcomes of enrolled vs held-out accounts in the window after entry, the uplift with a 95 % interval, in plain words',
        params: idParams,
        querystring: playbookUpliftQuerySchema,
        response: { 200: playbookUpliftSchema },
      },
    },
    async (request) => getPlaybookUplift(db, actorOf(request), request.params.id, request.query, clock),
  );

  api.get(
    '/accounts/:id/playbook-runs',
    { schema: { tags, summary: 'The account’s playbook runs, newest first', params: idParams, querystring: runListQuerySchema, response: { 200: playbookRunListSchema } } },
    async (request) => listAccountPlaybookRuns(db, actorOf(request), request.params.id, request.query),
  );
}
