import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import {
  accountSegmentSchema,
  createSegment,
  createSegmentInputSchema,
  deleteSegment,
  getSegmentOrThrow,
  listAccountSegments,
  listSegmentFields,
  listSegmentMembers,
  listSegments,
  previewSegment,
  previewSegmentInputSchema,
  segmentFieldSchema,
  segmentMembersPageSchema,
  segmentMembersQuerySchema,
  segmentPreviewSchema,
  segmentSchema,
  updateSegment,
  updateSegmentInputSchema,
} from '../../segments/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });
const tags = ['segments'];

/** Segments: every member reads them; leaders and admins define them (and preview unsaved rules). */
export function registerSegmentRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Time-based rules ("renews within 90 days") are evaluated as of the server's clock.
  const clock: Clock = { now };

  api.get(
    '/segments',
    { schema: { tags, summary: 'The workspace’s segments with member counts and engagement models', response: { 200: z.object({ data: z.array(segmentSchema) }) } } },
    async (request) => ({ data: await listSegments(db, actorOf(request)) }),
  );

  api.get(
    '/segments/fields',
    { schema: { tags, summary: 'Fields and operators a segment rule may use (built-in and custom fields)', response: { 200: z.object({ data: z.array(segmentFieldSchema) }) } } },
    async (request) => ({ data: await listSegmentFields(db, actorOf(request)) }),
  );

  api.post(
    '/segments',
    {
      schema: {
        tags,
        summary: 'Save a segment (leader, admin); its members are filled at once, each a segment.entered event',
        body: createSegmentInputSchema,
        response: { 201: segmentSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createSegment(db, actorOf(request), request.body, clock)),
  );

  api.post(
    '/segments/preview',
    {
      schema: {
        tags,
        summary: 'Count and list the accounts unsaved rules match now (leader, admin); stores nothing',
        body: previewSegmentInputSchema,
        response: { 200: segmentPreviewSchema },
      },
    },
    async (request) => previewSegment(db, actorOf(request), request.body, clock),
  );

  api.get(
    '/segments/:id',
    { schema: { tags, summary: 'One segment', params: idParams, response: { 200: segmentSchema } } },
    async (request) => getSegmentOrThrow(db, actorOf(request), request.params.id),
  );

  api.patch(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'Change a segment (leader, admin); new rules re-evaluate every account',
        params: idParams,
        body: updateSegmentInputSchema,
        response: { 200: segmentSchema },
      },
    },
    async (request) => updateSegment(db, actorOf(request), request.params.id, request.body, clock),
  );

  api.delete(
    '/segments/:id',
    { schema: { tags, summary: 'Delete a segment (leader, admin); every member leaves it', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteSegment(db, actorOf(request), request.params.id, clock);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/segments/:id/accounts',
    {
      schema: {
        tags,
        summary: 'The segment’s members, by account name (keyset pages)',
        params: idParams,
        querystring: segmentMembersQuerySchema,
        response: { 200: segmentMembersPageSchema },
      },
    },
    async (request) => listSegmentMembers(db, actorOf(request), request.params.id, request.query),
  );

  api.get(
    '/accounts/:id/segments',
    { schema: { tags, summary: 'The segments an account is in now', params: idParams, response: { 200: z.object({ data: z.array(accountSegmentSchema) }) } } },
    async (request) => ({ data: await listAccountSegments(db, actorOf(request), request.params.id) }),
  );
}
