import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountForViewerSchema,
  accountPageSchema,
  accountSchema,
  accountWriteGrantSchema,
  createAccount,
  createAccountWriteGrant,
  createAccountWriteGrantInputSchema,
  deleteAccountWriteGrant,
  getAccountForViewerOrThrow,
  listAccountWriteGrants,
  listAccountWriteGrantsQuerySchema,
  createAccountInputSchema,
  deleteAccount,
  exportAccountsCsv,
  getAccountOrThrow,
  listAccounts,
  listAccountsQuerySchema,
  updateAccount,
  updateAccountInputSchema,
} from '../../accounts/index.js';
import { findTimeline, TIMELINE_TONES } from '../../timeline/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

export function registerAccountRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'List accounts: search, filter, sort, keyset-paged',
        querystring: listAccountsQuerySchema,
        response: { 200: accountPageSchema },
      },
    },
    async (request) => listAccounts(db, actorOf(request), request.query, now()),
  );

  api.get(
    '/accounts.csv',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Every account the list’s filters match, as CSV (ARR in the reporting currency)',
        querystring: listAccountsQuerySchema.omit({ limit: true, cursor: true }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const lines = exportAccountsCsv(db, actorOf(request), request.query, now());
      const day = now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="accounts-${day}.csv"`)
        .send(Readable.from(lines));
    },
  );

  api.post(
    '/accounts',
    { schema: { tags: ['accounts'], summary: 'Create an account', body: createAccountInputSchema, response: { 201: accountSchema } } },
    async (request, reply) => {
      // Tickets that arrived before their account attach when support's consumer reads account.created.
      const account = await createAccount(db, actorOf(request), request.body, { now: now() });
      return reply.code(201).send(account);
    },
  );

  api.get(
    '/accounts/:id',
    { schema: { tags: ['accounts'], summary: 'One account, and whether the caller may change it', params: idParams, response: { 200: accountForViewerSchema } } },
    async (request) => getAccountForViewerOrThrow(db, actorOf(request), request.params.id, now()),
  );

  api.patch(
    '/accounts/:id',
    {
      schema: { tags: ['accounts'], summary: 'Change an account (a new lifecycleStage passes the journey’s gate: 409 naming the missing facts)', params: idParams, body: updateAccountInputSchema, response: { 200: accountSchema } },
    },
    // A new domain or external id may be what a waiting ticket named: support's consumer of account.updated looks.
    async (request) => updateAccount(db, actorOf(request), request.params.id, request.body, { source: 'api', now: now() }),
  );

  api.delete(
    '/accounts/:id',
    { schema: { tags: ['accounts'], summary: 'Delete an account and everything on it (admin, leader)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteAccount(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/accounts/:id/timeline',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Every interaction with the account across teams, newest first',
        params: idParams,
        querystring: z.object({
          cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          team: z.string().min(1).max(50).optional().describe('Only what this team did or was told, e.g. support or sales'),
        }),
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.uuid(),
                kind: z.string(),
                team: z.string(),
                title: z.string(),
                body: z.string().nullable(),
                actorName: z.string().nullable(),
                occurredAt: z.date(),
                subjectType: z.string().nullable(),
                subjectId: z.string().nullable(),
                tone: z.enum(TIMELINE_TONES).describe('How the moment reads for the relationship: a loss or a detractor is negative'),
                isSystem: z.boolean().describe('No person wrote it (ticket and survey traffic, syncs, imports); people\'s notes, meetings, calls, emails and tasks are false'),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await getAccountOrThrow(db, actor, request.params.id);
      return findTimeline(db, { workspaceId: actor.workspaceId, accountId: request.params.id, ...request.query });
    },
  );

  api.get(
    '/account-grants',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Who may write which accounts beyond their own book',
        querystring: listAccountWriteGrantsQuerySchema,
        response: { 200: z.object({ data: z.array(accountWriteGrantSchema) }) },
      },
    },
    async (request) => ({ data: await listAccountWriteGrants(db, actorOf(request), request.query) }),
  );

  api.post(
    '/account-grants',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Let a user write one account or a colleague’s whole book (admin, leader)',
        body: createAccountWriteGrantInputSchema,
        response: { 201: accountWriteGrantSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createAccountWriteGrant(db, actorOf(request), request.body, now())),
  );

  api.delete(
    '/account-grants/:id',
    { schema: { tags: ['accounts'], summary: 'Remove a write grant (admin, leader)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteAccountWriteGrant(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
