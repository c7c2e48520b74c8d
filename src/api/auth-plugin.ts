import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { readOnlyWhileViewingAs, resolveApiToken, resolveSession, safeEqual, type Actor, type SessionContext } from '../auth/index.js';
import { AppError } from '../core/errors.js';
import type { Db } from '../db/client.js';

export const SESSION_COOKIE = 'boomerang_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every authenticated /api request; routes marked `public` have none. */
    actor: Actor | undefined;
    session: SessionContext | undefined;
  }
  interface FastifyContextConfig {
    /** No credentials needed (health, login, OpenAPI). */
    public?: boolean;
    /** A write an admin may send while viewing as someone (only "stop viewing as"). */
    allowedWhileViewingAs?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor of an authenticated request; routes call this instead of reading request.actor. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Log in or send an API token.');
  return request.actor;
}

/**
 * Resolves the caller from `Authorization: Bearer <token>` or the session cookie, and
 * demands the CSRF token on cookie-authenticated writes (the cookie is sent by the browser
 * on its own; the header proves the request came from our page). A session in which an admin
 * views as a member is read-only: its writes are refused here.
 */
export const authPlugin = fp<{ db: Db; now: () => Date }>(async (app, { db, now }) => {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('session', undefined);
  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (request.routeOptions.config?.public) return;
    if (!request.url.startsWith('/api/')) return;
    const authorization = request.headers.authorization;
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new AppError('unauthenticated', 'Send the API token as "Authorization: Bearer <token>".');
      }
      const actor = await resolveApiToken(db, token, now());
      if (!actor) throw new AppError('unauthenticated', 'The API token is unknown or revoked.');
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await resolveSession(db, cookie, now()) : undefined;
    if (!session) throw new AppError('unauthenticated', 'Your session has ended; log in again.');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new AppError('forbidden', `Missing or wrong ${CSRF_HEADER} header for a cookie-authenticated change.`);
      }
    }
    // One place refuses every write while an admin views as someone, so no route can forget to.
    if (session.viewedBy && !SAFE_METHODS.has(request.method) && !request.routeOptions.config?.allowedWhileViewingAs) {
      throw readOnlyWhileViewingAs(session);
    }
    request.actor = session.actor;
    request.session = session;
  });
});
