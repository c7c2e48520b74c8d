import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ACTOR_KINDS, findAuditLog } from '../../audit/index.js';
import { createApiToken, listApiTokens, revokeApiToken, ROLES } from '../../auth/index.js';
import { defineCustomField, listCustomFieldDefinitions, listMembers, updateMembership } from '../../workspaces/index.js';
import { isoDateSchema } from '../../core/storable-input.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const memberSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(ROLES) }).meta({ id: 'Member' });
const tokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(ROLES),
    userId: z.uuid().nullable(),
    prefix: z.string(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: 'ApiToken' });
const customFieldSchema = z
  .object({ key: z.string(), label: z.string(), type: z.enum(['text', 'number', 'boolean', 'date', 'select']), options: z.array(z.string()) })
  .meta({ id: 'CustomField' });
const idParams = z.object({ id: z.uuid() });

/** Workspace administration: members, API tokens, custom fields, audit log. People join by invitation (invitations.routes.ts). */
export function registerAdminRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = context;

  api.get(
    '/users',
    { schema: { tags: ['workspace'], summary: 'Members of the workspace', response: { 200: z.object({ data: z.array(memberSchema) }) } } },
    async (request) => ({ data: await listMembers(db, actorOf(request)) }),
  );

  api.patch(
    '/users/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Change a member’s role (admin); the last admin cannot be demoted',
        params: idParams,
        body: z.strictObject({ role: z.enum(ROLES) }),
        response: { 200: memberSchema },
      },
    },
    async (request) => (await updateMembership(db, actorOf(request), request.params.id, { role: request.body.role }))!,
  );

  api.delete(
    '/users/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Remove a member from the workspace (admin); their login and other workspaces stay',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await updateMembership(db, actorOf(request), request.params.id, { remove: true });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/tokens',
    { schema: { tags: ['workspace'], summary: 'API tokens (admin)', response: { 200: z.object({ data: z.array(tokenSchema) }) } } },
    async (request) => ({ data: await listApiTokens(db, actorOf(request)) }),
  );

  api.post(
    '/tokens',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Create an API token (admin); the token is shown only in this response',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(ROLES), userId: z.uuid().nullish() }),
        response: { 201: tokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const { token, summary } = await createApiToken(db, actorOf(request), request.body);
      return reply.code(201).send({ ...summary, token });
    },
  );

  api.delete(
    '/tokens/:id',
    { schema: { tags: ['workspace'], summary: 'Revoke an API token (admin)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeApiToken(db, actorOf(request), request.params.id, context.now());
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/custom-fields',
    { schema: { tags: ['workspace'], summary: 'Custom account fields of the workspace', response: { 200: z.object({ data: z.array(customFieldSchema) }) } } },
    async (request) => ({ data: await listCustomFieldDefinitions(db, actorOf(request).workspaceId) }),
  );

  api.post(
    '/custom-fields',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Define a custom account field (admin)',
        body: z.strictObject({
          key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lower-case letters, digits and _'),
          label: z.string().trim().min(1).max(100),
          type: z.enum(['text', 'number', 'boolean', 'date', 'select']),
          options: z.array(z.string().min(1).max(100)).max(100).optional(),
        }),
        response: { 201: customFieldSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await defineCustomField(db, actorOf(request), request.body)),
  );

  api.get(
    '/audit-log',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Who changed what, newest first (admin, leader)',
        querystring: z.object({
          entityType: z.string().optional(),
          entityId: z.string().optional(),
          actorKind: z.enum(AUDIT_ACTOR_KINDS).optional().describe('Only changes by people, service tokens, automation, or the operator'),
          from: isoDateSchema.optional().describe('First UTC day to include'),
          to: isoDateSchema.optional().describe('Last UTC day to include'),
          cursor: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.number(),
                action: z.string(),
                entityType: z.string(),
                entityId: z.string(),
                before: z.unknown(),
                after: z.unknown(),
                occurredAt: z.date(),
                actorUserId: z.string().nullable(),
                actorTokenId: z.string().nullable(),
                actorName: z.string().nullable(),
                actorKind: z
                  .enum(AUDIT_ACTOR_KINDS)
                  .describe('user: a person; token: a service token; automation: a job or rule (actorAutomation names it); operator: CLI or first start'),
                actorAutomation: z.string().nullable().describe('The job or rule that acted, e.g. mail.invitation'),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, ...query } = request.query;
      return findAuditLog(db, actorOf(request), {
        ...query,
        from: from ? new Date(`${from}T00:00:00Z`) : undefined,
        // The last day counts whole: up to the next midnight.
        to: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : undefined,
      });
    },
  );
}
