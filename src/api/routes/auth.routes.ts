import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login, logout, ROLES, SESSION_TTL_MS } from '../../auth/index.js';
import { AppError } from '../../core/errors.js';
import { SESSION_COOKIE } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const sessionSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
    workspace: z.object({ id: z.uuid(), name: z.string() }),
    role: z.enum(ROLES),
    csrfToken: z.string().describe('Send as X-CSRF-Token on every cookie-authenticated change'),
  })
  .meta({ id: 'Session' });

export function registerAuthRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/auth/login',
    {
      // Throttled per client address and per account inside login() — in the database, so the limit holds across API processes.
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; sets an httpOnly session cookie. Too many attempts for the address or the account get 429 with Retry-After',
        body: z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000), workspaceId: z.uuid().optional() }),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const result = await login(context.db, { ...request.body, now: context.now(), clientAddress: request.ip, limits: context.loginLimits });
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: context.secureCookies,
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return { user: result.user, workspace: result.workspace, role: result.role, csrfToken: result.csrfToken };
    },
  );

  api.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await logout(context.db, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'The logged-in user, workspace, role and CSRF token', response: { 200: sessionSchema } } },
    async (request) => {
      const session = request.session;
      if (!session) throw new AppError('validation_failed', 'This endpoint describes a browser session; API tokens have none.');
      return { user: session.user, workspace: session.workspace, role: session.actor.role, csrfToken: session.csrfToken };
    },
  );
}
