import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createdSourceSchema,
  createSource,
  createSourceInputSchema,
  findSourcesHealth,
  findUnmatchedEvents,
  getSourceStatsOrThrow,
  listSourceRejections,
  listSources,
  revokeSource,
  sourceSchema,
  sourceStatsQuerySchema,
  sourceRejectionsQuerySchema,
  sourceRejectionsSchema,
  sourceStatsSchema,
  sourceWithHealthSchema,
  unmatchedQuerySchema,
  unmatchedSchema,
  updateSource,
  updateSourceInputSchema,
} from '../../ingest/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Event sources (write keys for /v1), their counters, and the events still waiting for an account. */
export function registerSourceRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/sources',
    { schema: { tags: ['ingest'], summary: 'Event sources of the workspace, live first', response: { 200: z.object({ data: z.array(sourceSchema) }) } } },
    async (request) => ({ data: await listSources(db, actorOf(request)) }),
  );

  api.get(
    '/sources/health',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Each source with its freshness and a flag when it went quiet or its volume dropped sharply',
        response: { 200: z.object({ data: z.array(sourceWithHealthSchema) }) },
      },
    },
    async (request) => ({ data: await findSourcesHealth(db, actorOf(request), { now: now() }) }),
  );

  api.post(
    '/sources',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Create an event source (admin); its write key is shown only in this response',
        body: createSourceInputSchema,
        response: { 201: createdSourceSchema },
      },
    },
    async (request, reply) => {
      const { source, writeKey } = await createSource(db, actorOf(request), request.body);
      return reply.code(201).send({ ...source, writeKey });
    },
  );

  api.patch(
    '/sources/:id',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Change a source’s kind (admin): server only for a key kept secret on a server, never shipped to a browser',
        params: idParams,
        body: updateSourceInputSchema,
        response: { 200: sourceSchema },
      },
    },
    async (request) => updateSource(db, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/sources/:id',
    { schema: { tags: ['ingest'], summary: 'Revoke a source’s write key (admin); /v1 refuses it at once', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeSource(db, actorOf(request), request.params.id, now());
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/sources/:id/stats',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Counters of a source: received = accepted + duplicates + rejected; unmatched = stored without an account',
        params: idParams,
        querystring: sourceStatsQuerySchema,
        response: { 200: sourceStatsSchema },
      },
    },
    async (request) => getSourceStatsOrThrow(db, actorOf(request), request.params.id, { days: request.query.days, now: now() }),
  );

  api.get(
    '/sources/:id/rejections',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Why each refused message of a source was refused, newest first (admin; excerpts may hold personal data)',
        params: idParams,
        querystring: sourceRejectionsQuerySchema,
        response: { 200: sourceRejectionsSchema },
      },
    },
    async (request) => listSourceRejections(db, actorOf(request), request.params.id, request.query),
  );

  api.get(
    '/ingest/unmatched',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Stored events no account matches yet, by user and by group (attached once a group call, identify or new account makes the match)',
        querystring: unmatchedQuerySchema,
        response: { 200: unmatchedSchema },
      },
    },
    async (request) => findUnmatchedEvents(db, actorOf(request), request.query),
  );
}
