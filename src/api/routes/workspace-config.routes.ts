import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { applyWorkspaceConfig, CONFIG_FORMATS, exportWorkspaceConfig } from '../../workspace-config/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const sectionReportSchema = z.object({
  outcome: z.enum(['changed', 'unchanged']),
  changes: z.array(z.string()).describe('One line per changed value, e.g. `health.bands.green: 75 → 70`'),
});
const applyReportSchema = z.object({ dryRun: z.boolean(), sections: z.record(z.string(), sectionReportSchema) }).meta({ id: 'ConfigApplyReport' });

/** The workspace's configuration as code, the same document `boomerang config export|apply` reads and writes. */
export function registerWorkspaceConfigRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/config',
    {
      schema: {
        tags: ['settings'],
        summary: 'The workspace’s configuration as one YAML (default) or JSON document (leaders and admins)',
        querystring: z.strictObject({ format: z.enum(CONFIG_FORMATS).optional() }),
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'yaml';
      const text = await exportWorkspaceConfig(db, actorOf(request), { format, clock: { now } });
      return reply
        .type(format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="boomerang-config.${format === 'yaml' ? 'yaml' : 'json'}"`)
        .send(text);
    },
  );

  api.post(
    '/config/apply',
    {
      schema: {
        tags: ['settings'],
        summary: 'Validate a configuration document and save every section it holds, all or nothing; `dryRun` saves nothing',
        body: z.strictObject({
          document: z.string().min(1).max(5_000_000).describe('The YAML or JSON text, as exported'),
          dryRun: z.boolean().optional(),
        }),
        response: { 200: applyReportSchema },
      },
    },
    async (request) =>
      applyWorkspaceConfig(db, actorOf(request), request.body.document, { dryRun: request.body.dryRun ?? false, clock: { now } }),
  );
}
