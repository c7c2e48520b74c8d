import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeEqual } from '../../auth/index.js';
import { adminCommandNames, runAdminCommand } from '../../admin/index.js';
import { AppError } from '../../core/errors.js';
import type { RouteContext } from '../server.js';

export const CONTROL_HEADER = 'x-boomerang-control';

/**
 * Lets `npx boomerang …` on the same machine run admin commands inside the server while
 * the server holds the embedded database (PGlite allows one process per data directory).
 * The secret lives in a 0600 file in the data directory, so only whoever can read the
 * data can use this route; without it the route does not exist (404).
 */
export function registerControlRoutes(app: FastifyInstance, context: RouteContext): void {
  const { controlSecret } = context;
  if (!controlSecret) return;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/internal/cli',
    {
      config: { public: true },
      schema: {
        hide: true,
        body: z.strictObject({ command: z.enum(adminCommandNames as [string, ...string[]]), args: z.unknown() }),
      },
    },
    async (request) => {
      const sent = request.headers[CONTROL_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, controlSecret)) {
        throw new AppError('not_found', `No route for POST ${request.url}`);
      }
      return runAdminCommand(context.db, request.body.command as (typeof adminCommandNames)[number], request.body.args, {
        now: context.now,
      });
    },
  );
}
