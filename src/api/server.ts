import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../auth/index.js';
import type { Mailer } from '../core/mailer.js';
import { SecretBox } from '../core/secret-box.js';
import type { Db } from '../db/client.js';
import type { EventPublisher } from '../event-stream/index.js';
import { authPlugin } from './auth-plugin.js';
import { handleError, problemFor, sendProblem } from './problem.js';
import { registerSecurityHeaders } from './security-headers.js';
import { refuseUnstorableInput } from './storable-input-hook.js';
import { registerAccountRoutes } from './routes/accounts.routes.js';
import { registerAdminRoutes } from './routes/admin.routes.js';
import { registerBlueprintRoutes } from './routes/blueprints.routes.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { registerContactRoutes } from './routes/contacts.routes.js';
import { registerControlRoutes } from './routes/control.routes.js';
import { registerCurrencyRoutes } from './routes/currencies.routes.js';
import { registerInvitationRoutes } from './routes/invitations.routes.js';
import { registerImportRoutes } from './routes/imports.routes.js';
import { registerMetricsRoutes } from './routes/metrics.routes.js';
import { registerMetricsPlanningRoutes } from './routes/metrics-planning.routes.js';
import { registerHandoffRoutes } from './routes/handoffs.routes.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerHealthModelRoutes } from './routes/health-model.routes.js';
import { registerIngestRoutes } from './routes/ingest.routes.js';
import { registerJobRoutes } from './routes/jobs.routes.js';
import { registerInteractionRoutes } from './routes/interactions.routes.js';
import { registerExperienceRoutes } from './routes/experience.routes.js';
import { registerNoteRoutes } from './routes/notes.routes.js';
import { registerPlaybookRoutes } from './routes/playbooks.routes.js';
import { registerOutboundRoutes } from './routes/outbound.routes.js';
import { registerSavedViewRoutes } from './routes/saved-views.routes.js';
import { registerSegmentRoutes } from './routes/segments.routes.js';
import { registerJourneyRoutes } from './routes/journeys.routes.js';
import { registerWorkspaceConfigRoutes } from './routes/workspace-config.routes.js';
import { registerSignalRoutes } from './routes/signals.routes.js';
import { registerFlowRoutes } from './routes/flows.routes.js';
import { registerSourceRoutes } from './routes/sources.routes.js';
import { registerSubscriptionRoutes } from './routes/subscriptions.routes.js';
import { registerSupportRoutes } from './routes/support.routes.js';
import { registerSystemRoutes } from './routes/system.routes.js';
import { registerTaskRoutes } from './routes/tasks.routes.js';
import { registerTeamRoutes } from './routes/teams.routes.js';
import { registerTodayRoutes } from './routes/today.routes.js';
import { registerUsageRoutes } from './routes/usage.routes.js';
import { READY, registerStartupGate, type Startup } from './startup-gate.js';

export type AppOptions = {
  db: Db;
  logger?: Logger | false;
  /** Built web app to serve at `/`; omitted in API tests. */
  webDir?: string;
  secureCookies?: boolean;
  /** Injected so tests can move time (session expiry, due dates). */
  now?: () => Date;
  /** Shared secret that lets the CLI on this machine run commands inside the server (see cli/remote.ts). */
  controlSecret?: string;
  /** Login throttling (auth/login-throttle.ts); tests lower the limits. */
  loginLimits?: Partial<LoginLimits>;
  /**
   * Which proxies in front may tell the client's address (X-Forwarded-For), as fastify's
   * trustProxy takes it: true, a hop count, or addresses/CIDRs. Off by default, because
   * otherwise any client picks its own address and escapes the per-address login limit.
   */
  trustProxy?: boolean | number | string[];
  /** Scale-out mode (NATS_URL): /v1 queues validated requests here instead of storing them. */
  eventPublisher?: EventPublisher;
  /** Outbound mail (SMTP_URL); without it invitation links are shown to the inviting admin once. */
  mailer?: Mailer;
  /** Where people reach the web app, for links in mail (BOOMERANG_PUBLIC_URL). */
  publicUrl?: string;
  /** BOOMERANG_MAIL_FROM: the sender of workspaces that set none of their own. */
  mailFrom?: string;
  /** The first start's progress; until it is ready, /api and /v1 answer 503 (startup-gate.ts). Default: ready. */
  startup?: Startup;
  /** Encrypts webhook signing secrets at rest; `boomerang start` loads the deployment's key. Default: a random key for this app (tests). */
  secretBox?: SecretBox;
};

/** Largest JSON body any /api route takes; ingestion routes set their own limits. */
export const API_BODY_LIMIT = 1024 * 1024;

export type App = FastifyInstance;

/**
 * fastify's trustProxy from ours. A hop count becomes "trust the n proxies nearest this
 * server" (proxy-addr's meaning); fastify itself now trusts nothing for a bare number,
 * because a client that reaches the server directly could then name its own address. So
 * the README says: a hop count only when nothing but the proxies can reach the server.
 */
function fastifyTrustProxy(
  trust: AppOptions['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust ?? false;
}

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    logController: new OneLinePerRequest(),
    bodyLimit: API_BODY_LIMIT,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    ajv: { customOptions: { removeAdditional: false } },
    // Errors the router raises before any route or error handler runs — a path with broken
    // percent-encoding (`/api/accounts/%zz`, `%C0`), a path segment over 100 characters —
    // answer as every other error does (handleError turns fastify's 4xx into problems).
    frameworkErrors: (error, request, reply) => {
      if (error.code !== 'FST_ERR_BAD_URL') return handleError(error, request, reply);
      const issues = [{ path: 'url', message: 'has malformed percent-encoding' }];
      const detail = 'The URL is not valid: a percent-encoded part of its path does not decode to text.';
      return sendProblem(reply, problemFor(new AppError('validation_failed', detail, { issues }), request.url));
    },
  }).withTypeProvider<ZodTypeProvider>();
  const now = options.now ?? systemClock.now;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  registerStartupGate(app, options.startup ?? READY);
  await registerSecurityHeaders(app, { hsts: options.secureCookies ?? false });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Boomerang API',
        version: '0.1.0',
        description:
          'Customer success platform API. Authenticate with a session cookie (web app) or `Authorization: Bearer <token>`. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'boomerang_session' },
          writeKey: {
            type: 'http',
            scheme: 'basic',
            description: 'Segment-compatible /v1 ingestion: a source write key as user name, empty password',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifyCookie);
  await app.register(authPlugin, { db: options.db, now });

  const context = {
    db: options.db,
    now,
    secureCookies: options.secureCookies ?? false,
    controlSecret: options.controlSecret,
    loginLimits: { ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits },
    eventPublisher: options.eventPublisher,
    mailer: options.mailer,
    publicUrl: options.publicUrl ?? 'http://localhost:3000',
    mailFrom: options.mailFrom ?? 'Boomerang <no-reply@boomerang.local>',
    secretBox: options.secretBox ?? SecretBox.ephemeral(),
  };
  await app.register(
    async (api) => {
      api.addHook('preValidation', refuseUnstorableInput);
      registerSystemRoutes(api, context);
      registerAuthRoutes(api, context);
      registerAdminRoutes(api, context);
      registerInvitationRoutes(api, context);
      registerAccountRoutes(api, context);
      registerContactRoutes(api, context);
      registerSubscriptionRoutes(api, context);
      registerNoteRoutes(api, context);
      registerInteractionRoutes(api, context);
      registerTaskRoutes(api, context);
      registerTodayRoutes(api, context);
      registerSupportRoutes(api, context);
      registerSignalRoutes(api, context);
      registerSourceRoutes(api, context);
      registerControlRoutes(api, context);
      registerImportRoutes(api, context);
      registerUsageRoutes(api, context);
      registerJobRoutes(api, context);
      registerPlaybookRoutes(api, context);
      registerHealthRoutes(api, context);
      registerHealthModelRoutes(api, context);
      registerMetricsRoutes(api, context);
      registerMetricsPlanningRoutes(api, context);
      registerCurrencyRoutes(api, context);
      registerSavedViewRoutes(api, context);
      registerTeamRoutes(api, context);
      registerHandoffRoutes(api, context);
      registerSegmentRoutes(api, context);
      registerOutboundRoutes(api, context);
      registerJourneyRoutes(api, context);
      registerExperienceRoutes(api, context);
      registerFlowRoutes(api, context);
      registerBlueprintRoutes(api, context);
      registerWorkspaceConfigRoutes(api, context);
    },
    { prefix: '/api' },
  );
  // Segment-compatible ingestion: outside /api, so the write key (not a session or API token) is the credential.
  await app.register(async (v1) => registerIngestRoutes(v1, context), { prefix: '/v1' });

  if (options.webDir && existsSync(join(options.webDir, 'index.html'))) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: options.webDir, wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api') || request.url.startsWith('/v1');
    if (!isApi && request.method === 'GET' && options.webDir && existsSync(join(options.webDir, 'index.html'))) {
      // Client-side routes (/accounts/123) are the web app's; it decides what to show.
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(
      reply,
      problemFor(new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`), request.url),
    );
  });

  return app as unknown as App;
}

/**
 * One line per request instead of fastify's two, `GET /api/accounts 200 12 ms`: API and
 * ingestion calls at info, the web app's files (a dozen per page load) at debug, so a
 * terminal shows what people and integrations do. The path only: no query string.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const path = request.url.split('?')[0]!;
    const isData = path.startsWith('/api') || path.startsWith('/v1');
    const responseTime = Math.round(reply.elapsedTime);
    const fields = { method: request.method, path, statusCode: reply.statusCode, responseTime };
    const message = `${request.method} ${path} ${reply.statusCode} ${responseTime} ms`;
    if (error) reply.log.error({ ...fields, err: error }, message);
    else reply.log[isData ? 'info' : 'debug'](fields, message);
  }
}

export type RouteContext = {
  db: Db;
  now: () => Date;
  secureCookies: boolean;
  controlSecret: string | undefined;
  loginLimits: LoginLimits;
  eventPublisher: EventPublisher | undefined;
  mailer: Mailer | undefined;
  publicUrl: string;
  mailFrom: string;
  secretBox: SecretBox;
};
