import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { problemFor, sendProblem } from './problem.js';

/** What the server is doing before it serves data: the first start's demo load, with progress. */
export type StartupStatus = { ready: boolean; percent: number; step: string };

/** Read by the gate on every request; `boomerang start` moves it while the demo loads. */
export type Startup = { status(): StartupStatus };

export const READY: Startup = { status: () => ({ ready: true, percent: 100, step: 'Ready' }) };

/** Paths that answer while the server prepares: liveness, this status, the OpenAPI document. */
const OPEN_WHILE_PREPARING = new Set(['/api/health', '/api/system/status', '/api/openapi.json']);

export const startupStatusSchema = z
  .object({
    ready: z.boolean(),
    percent: z.number().int().min(0).max(100).describe('How far the first start has come'),
    step: z.string().describe('What it is doing, for a person to read'),
  })
  .meta({ id: 'StartupStatus' });

/**
 * While the first start loads the demo (minutes on a small machine), the server already
 * listens: the web app shows a loading page fed by `GET /api/system/status`, and every other
 * `/api` and `/v1` call is a 503 problem with Retry-After, so nothing reads a half-loaded
 * workspace or queues behind the load on PGlite's one connection.
 */
export function registerStartupGate(app: FastifyInstance, startup: Startup): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!(path.startsWith('/api') || path.startsWith('/v1')) || OPEN_WHILE_PREPARING.has(path)) return;
    const status = startup.status();
    if (status.ready) return;
    reply.header('Retry-After', '5');
    const detail = `Boomerang is preparing the demo workspace (${status.percent}%: ${status.step}). Try again in a few seconds.`;
    return sendProblem(reply, problemFor(new AppError('unavailable', detail), request.url));
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/system/status',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: 'Whether the server is ready, or how far the first start has come', response: { 200: startupStatusSchema } },
    },
    async () => startup.status(),
  );
}
