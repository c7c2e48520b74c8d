import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login, logout, readOnlyWhileViewingAs, resolveSession, ROLES, SESSION_TTL_MS, startViewingAs, stopViewingAs, type LoginResult, type SessionContext } from '../../auth/index.js';
import { AppError } from '../../core/errors.js';
import { SESSION_COOKIE } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

export const sessionSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
    workspace: z.object({ id: z.uuid(), name: z.string() }),
    role: z.enum(ROLES),
    csrfToken: z.string().describe('Send as X-CSRF-Token on every cookie-authenticated change'),
    viewedBy: z
      .object({ id: z.uuid(), email: z.string(), name: z.string() })
      .nullable()
      .describe('The admin viewing the product as `user` (read-only: every write is refused); null when the user is signed in as themself'),
    readOnly: z
      .string()
      .nullable()
      .describe('Why this session may change nothing (the 403 detail every write gets while viewing as someone), for the app to show on its write controls; null when writes follow the role'),
  })
  .meta({ id: 'Session' });

/** Sets the httpOnly session cookie and answers with what the web app keeps of the session. */
export function startSession(reply: FastifyReply, context: Pick<RouteContext, 'secureCookies'>, result: LoginResult) {
  reply.setCookie(SESSION_COOKIE, result.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure: context.secureCookies,
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return { user: result.user, workspace: result.workspace, role: result.role, csrfToken: result.csrfToken, viewedBy: null, readOnly: null };
}

function describeSession(session: SessionContext) {
  return {
    user: session.user,
    workspace: session.workspace,
    role: session.actor.role,
    csrfToken: session.csrfToken,
    viewedBy: session.viewedBy?.user ?? null,
    readOnly: session.viewedBy ? readOnlyWhileViewingAs(session).detail : null,
  };
}

/** The session of a cookie-authenticated request; API tokens have none. */
function sessionOf(request: FastifyRequest): { session: SessionContext; sessionToken: string } {
  const sessionToken = request.cookies[SESSION_COOKIE];
  if (!request.session || !sessionToken) throw new AppError('validation_failed', 'This endpoint describes a browser session; API tokens have none.');
  return { session: request.session, sessionToken };
}

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
      return startSession(reply, context, await login(context.db, { ...request.body, now: context.now(), clientAddress: request.ip, limits: context.loginLimits }));
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
    async (request) => describeSession(sessionOf(request).session),
  );

  api.post(
    '/auth/view-as',
    {
      schema: {
        tags: ['auth'],
        summary: 'View the product as a member of the workspace, read-only (admins, in a browser session); every write is refused until you stop. Audited',
        body: z.strictObject({ userId: z.uuid() }),
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      const current = sessionOf(request);
      await startViewingAs(context.db, { ...current, userId: request.body.userId });
      return describeSession(await reloadSession(current.sessionToken));
    },
  );

  api.post(
    '/auth/view-as/stop',
    {
      config: { allowedWhileViewingAs: true },
      schema: { tags: ['auth'], summary: 'Stop viewing as a member: the session is your own again. Audited', response: { 200: sessionSchema } },
    },
    async (request) => {
      const current = sessionOf(request);
      await stopViewingAs(context.db, current);
      return describeSession(await reloadSession(current.sessionToken));
    },
  );

  /** The session as it stands after a switch. */
  async function reloadSession(sessionToken: string): Promise<SessionContext> {
    const session = await resolveSession(context.db, sessionToken, context.now());
    if (!session) throw new AppError('unauthenticated', 'Your session has ended; log in again.');
    return session;
  }
}
