import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { safeEqual, systemActor, type Actor } from '../../auth/index.js';
import { AppError, invalid } from '../../core/errors.js';
import {
  assertCanImportOrThrow,
  columnMappingSchema,
  describeImports,
  detectFormat,
  importCatalogSchema,
  importJsonBodySchema,
  importKindParamsSchema,
  importPreviewSchema,
  importQuerySchema,
  importReportSchema,
  ownerMapSchema,
  previewImport,
  readImportRows,
  readJsonArray,
  runImport,
  type ColumnMapping,
  type ImportKind,
  type ImportQuery,
  type OwnerMap,
  type SourceItem,
} from '../../imports/index.js';
import { getWorkspaceByNameOrThrow, listCustomFieldDefinitions, listMembers } from '../../workspaces/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';
import { CONTROL_HEADER } from './control.routes.js';

/** Largest CSV or JSON-lines upload; read as a stream, so this bounds time, not memory. */
export const IMPORT_UPLOAD_LIMIT = 256 * 1024 * 1024;
/** Largest `{ rows, mapping }` JSON body, which fastify parses whole. */
const IMPORT_JSON_LIMIT = 32 * 1024 * 1024;
const STREAMED_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl'];

async function* limited(stream: Readable): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > IMPORT_UPLOAD_LIMIT) {
      throw new AppError('payload_too_large', `Uploads are limited to ${IMPORT_UPLOAD_LIMIT / 1024 / 1024} MiB; split the file.`);
    }
    yield chunk;
  }
}

/** A JSON query parameter (mapping, ownerMap) checked against its schema; bad input is a 400 naming it. */
function parseJsonParamOrThrow<T>(name: string, text: string | undefined, schema: z.ZodType<T>, example: string, shape: string): T | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`The ${name} query parameter must be JSON, e.g. ${example}.`, [{ path: `query.${name}`, message: 'not JSON' }]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`The ${name} must map ${shape}.`, [{ path: `query.${name}`, message: `not ${name === 'mapping' ? 'a mapping' : 'an owner map'}` }]);
  return parsed.data;
}

type Source = { items: AsyncIterable<SourceItem>; mapping: ColumnMapping | undefined; ownerMap: OwnerMap | undefined; hasHeader: boolean };

/** The rows of the request whatever its Content-Type: a CSV or JSON-lines stream, or JSON `{ rows, mapping }`. */
function sourceOf(request: FastifyRequest, query: ImportQuery): Source {
  const contentType = request.headers['content-type'] ?? '';
  const queryMapping = parseJsonParamOrThrow('mapping', query.mapping, columnMappingSchema, '{"externalId":"Customer Number"}', 'field names to column names (strings)');
  const queryOwnerMap = parseJsonParamOrThrow('ownerMap', query.ownerMap, ownerMapSchema, '{"Jordan Smith":"<member user id>"}', 'owner values in the file to member user ids (strings)');
  const format = detectFormat(contentType);
  if (format) return { items: readImportRows(format, limited(request.body as Readable)), mapping: queryMapping, ownerMap: queryOwnerMap, hasHeader: format === 'csv' };
  const parsed = importJsonBodySchema.safeParse(request.body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: ['body', ...issue.path].join('.'), message: issue.message }));
    throw invalid(`Send text/csv, application/x-ndjson, or JSON {"rows": [...], "mapping": {...}}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  return { items: readJsonArray(parsed.data.rows), mapping: parsed.data.mapping ?? queryMapping, ownerMap: parsed.data.ownerMap ?? queryOwnerMap, hasHeader: false };
}

async function importFrom(context: RouteContext, actor: Actor, kind: ImportKind, request: FastifyRequest, query: ImportQuery) {
  assertCanImportOrThrow(actor);
  const source = sourceOf(request, query);
  return runImport(context.db, actor, {
    kind,
    items: source.items,
    preset: query.preset,
    mapping: source.mapping,
    ownerMap: source.ownerMap,
    idSystem: query.idSystem,
    mode: query.mode,
    dryRun: query.dryRun === 'true',
    overwriteManual: query.overwriteManual === 'true',
    now: context.now(),
    hasHeader: source.hasHeader,
  });
}

const BODY_NOTE =
  'Body: text/csv (header row), application/x-ndjson (one JSON object per line), or application/json {"rows": [...], "mapping": {...}}. Leaders and admins only.';

/**
 * Imports (see docs/imports.md). CSV and JSON-lines bodies are read as streams, so a large
 * file is parsed and written in chunks rather than buffered.
 */
export function registerImportRoutes(app: FastifyInstance, context: RouteContext): void {
  void app.register(async (scope) => {
    // Encapsulated: only these routes take CSV and JSON-lines bodies, handed over unread.
    scope.addContentTypeParser(STREAMED_TYPES, (_request, payload, done) => done(null, payload));
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/imports',
      {
        schema: {
          tags: ['imports'],
          summary: 'Importable kinds: their fields and the column names of each preset',
          response: { 200: importCatalogSchema },
        },
      },
      async () => describeImports(),
    );

    api.post(
      '/imports/:kind/preview',
      {
        bodyLimit: IMPORT_JSON_LIMIT,
        schema: {
          tags: ['imports'],
          summary: 'Columns, the mapping that would apply, the first 10 rows as mapped and the owners who are not members; writes nothing',
          description: BODY_NOTE,
          consumes: [...STREAMED_TYPES, 'application/json'],
          params: importKindParamsSchema,
          querystring: importQuerySchema,
          response: { 200: importPreviewSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        assertCanImportOrThrow(actor);
        const source = sourceOf(request, request.query);
        return previewImport({
          kind: request.params.kind,
          items: source.items,
          preset: request.query.preset,
          mapping: source.mapping,
          hasHeader: source.hasHeader,
          definitions: await listCustomFieldDefinitions(context.db, actor.workspaceId),
          members: await listMembers(context.db, actor),
          ownerMap: source.ownerMap,
        });
      },
    );

    api.post(
      '/imports/:kind',
      {
        bodyLimit: IMPORT_JSON_LIMIT,
        schema: {
          tags: ['imports'],
          summary: 'Import accounts, contacts or subscriptions; upserts on external ids and reports per row',
          description: `${BODY_NOTE} A dry run, or an all-or-nothing import with a bad row, answers 200 with committed: false.`,
          consumes: [...STREAMED_TYPES, 'application/json'],
          params: importKindParamsSchema,
          querystring: importQuerySchema,
          response: { 200: importReportSchema },
        },
      },
      async (request) => importFrom(context, actorOf(request), request.params.kind, request, request.query),
    );

    // `npx boomerang import` while a server holds the embedded database (see cli/database-access.ts).
    if (context.controlSecret) {
      const controlSecret = context.controlSecret;
      api.post(
        '/internal/imports/:kind',
        {
          config: { public: true },
          schema: { hide: true, params: importKindParamsSchema, querystring: importQuerySchema.extend({ workspace: z.string().min(1) }) },
        },
        async (request) => {
          const sent = request.headers[CONTROL_HEADER];
          if (typeof sent !== 'string' || !safeEqual(sent, controlSecret)) throw new AppError('not_found', `No route for POST ${request.url}`);
          const workspace = await getWorkspaceByNameOrThrow(context.db, request.query.workspace);
          return importFrom(context, systemActor(workspace.id), request.params.kind, request, request.query);
        },
      );
    }
  });
}
