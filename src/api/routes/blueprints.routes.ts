import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  blueprintExportQuerySchema,
  blueprintInputSchema,
  blueprintListSchema,
  blueprintMomentsQuerySchema,
  blueprintViewSchema,
  createBlueprint,
  deleteBlueprint,
  exportBlueprint,
  getBlueprintView,
  listBlueprintMoments,
  listBlueprints,
  stepMomentListSchema,
  updateBlueprint,
} from '../../blueprints/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** Service blueprints (issue 13 item 4): everyone reads and exports, leaders and admins edit. */
export function registerBlueprintRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/blueprints',
    { schema: { tags: ['blueprints'], summary: 'The workspace’s service blueprints with their stage and step count', response: { 200: blueprintListSchema } } },
    async (request) => listBlueprints(db, actorOf(request)),
  );

  api.post(
    '/blueprints',
    {
      schema: {
        tags: ['blueprints'],
        summary: 'Create a service blueprint (leaders and admins)',
        body: blueprintInputSchema,
        response: { 201: blueprintViewSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createBlueprint(db, actorOf(request), request.body, now())),
  );

  api.get(
    '/blueprints/:id',
    {
      schema: {
        tags: ['blueprints'],
        summary: 'A blueprint with its diagram layout and the moments of truth at each step',
        params: idParams,
        response: { 200: blueprintViewSchema },
      },
    },
    async (request) => getBlueprintView(db, actorOf(request), request.params.id),
  );

  api.put(
    '/blueprints/:id',
    {
      schema: {
        tags: ['blueprints'],
        summary: 'Replace a blueprint’s name, stage and steps (leaders and admins); give a step’s id to keep it',
        params: idParams,
        body: blueprintInputSchema,
        response: { 200: blueprintViewSchema },
      },
    },
    async (request) => updateBlueprint(db, actorOf(request), request.params.id, request.body, now()),
  );

  api.delete(
    '/blueprints/:id',
    { schema: { tags: ['blueprints'], summary: 'Delete a blueprint (leaders and admins)', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteBlueprint(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/blueprints/:id/moments',
    {
      schema: {
        tags: ['blueprints'],
        summary: 'The newest moments of truth at the blueprint’s steps (or one step), with their accounts',
        params: idParams,
        querystring: blueprintMomentsQuerySchema,
        response: { 200: stepMomentListSchema },
      },
    },
    async (request) => listBlueprintMoments(db, actorOf(request), request.params.id, request.query),
  );

  api.get(
    '/blueprints/:id/export',
    {
      schema: {
        tags: ['blueprints'],
        summary: 'Download a blueprint: SVG diagram, Mermaid flowchart or JSON (the blueprint as code)',
        params: idParams,
        querystring: blueprintExportQuerySchema,
        produces: ['image/svg+xml', 'text/plain', 'application/json'],
      },
    },
    async (request, reply) => {
      const file = await exportBlueprint(db, actorOf(request), request.params.id, request.query.format);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );
}
