import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../server.js';

export function registerSystemRoutes(app: FastifyInstance, _context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: 'Liveness check', response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );
  api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
