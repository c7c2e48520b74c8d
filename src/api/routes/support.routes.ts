import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createdWebhookSecretSchema,
  createWebhookSecret,
  createWebhookSecretInputSchema,
  listAccountSurveyResponses,
  listAccountTickets,
  listUnmatchedTickets,
  listWebhookSecrets,
  receiveSupportWebhook,
  rematchUnmatchedTickets,
  revokeWebhookSecret,
  supportWebhookPath,
  surveyResponseSchema,
  ticketPageQuerySchema,
  ticketPageSchema,
  WEBHOOK_KINDS,
  webhookReceiptSchema,
  webhookSecretSchema,
} from '../../support/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const idParams = z.object({ id: z.uuid() });

/** The URL a sender should call, as this request reached us (proxies' X-Forwarded-* honoured). */
function absoluteUrl(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path}`;
}

/**
 * Support tickets: the signed webhook that Zendesk (or any help desk, in the generic shape
 * of docs/webhooks.md) calls, its signing secrets (admin), and ticket and survey reads.
 */
export function registerSupportRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, now } = context;

  // The webhook lives in its own plugin scope so that only it receives the body as raw
  // bytes: the HMAC covers the bytes as sent, which re-serialised JSON would not reproduce.
  // It takes any content type so that an unsigned request is a 401 before anything else.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/webhooks/support/:sourceKind',
      {
        // No session or token: the HMAC signature is the credential, checked in receiveSupportWebhook.
        config: { public: true },
        schema: {
          tags: ['support'],
          summary: 'Receive a ticket from Zendesk or a help desk (HMAC-signed; see docs/webhooks.md)',
          description:
            'zendesk: a Zendesk ticket event webhook (or a trigger webhook in the generic shape), signed by Zendesk ' +
            '(X-Zendesk-Webhook-Signature, X-Zendesk-Webhook-Signature-Timestamp, at most 5 minutes old). ' +
            'generic: the generic ticket shape, signed with X-Boomerang-Signature: sha256=<hex HMAC-SHA256 of the body>. ' +
            'A bad or missing signature is a 401 and nothing is stored; a retried delivery changes nothing.',
          security: [],
          params: z.object({ sourceKind: z.enum(WEBHOOK_KINDS) }),
          querystring: z.object({
            workspace: z.uuid().describe('The workspace id from the URL shown when the secret was created'),
          }),
          response: { 200: webhookReceiptSchema },
        },
      },
      async (request) =>
        receiveSupportWebhook(
          db,
          {
            workspaceId: request.query.workspace,
            kind: request.params.sourceKind,
            headers: request.headers,
            body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
            now: now(),
          },
          context.secretBox,
        ),
    );
  });

  api.post(
    '/webhooks/secrets',
    {
      schema: {
        tags: ['support'],
        summary:
          'Add a webhook signing secret (admin); the secret and the URL to configure are shown only in this response',
        body: createWebhookSecretInputSchema,
        response: { 201: createdWebhookSecretSchema },
      },
    },
    async (request, reply) => {
      const created = await createWebhookSecret(db, actorOf(request), request.body, context.secretBox);
      return reply.code(201).send({
        ...created.summary,
        secret: created.secret,
        url: absoluteUrl(request, created.path),
        signatureHeader: created.signatureHeader,
      });
    },
  );

  api.get(
    '/webhooks/secrets',
    {
      schema: {
        tags: ['support'],
        summary:
          'Webhook signing secrets, live and revoked, without the secrets themselves (admin), and the address each help desk calls',
        response: {
          200: z.object({
            data: z.array(webhookSecretSchema),
            addresses: z
              .record(z.enum(WEBHOOK_KINDS), z.string())
              .describe(
                'Where each kind of help desk POSTs; known before any secret exists, so Zendesk can be set up first',
              ),
          }),
        },
      },
    },
    async (request) => {
      const data = await listWebhookSecrets(db, actorOf(request));
      const actor = actorOf(request);
      const addresses = Object.fromEntries(
        WEBHOOK_KINDS.map((kind) => [kind, absoluteUrl(request, supportWebhookPath(kind, actor.workspaceId))]),
      );
      return { data, addresses: addresses as Record<(typeof WEBHOOK_KINDS)[number], string> };
    },
  );

  api.delete(
    '/webhooks/secrets/:id',
    {
      schema: {
        tags: ['support'],
        summary: 'Revoke a webhook signing secret (admin); deliveries signed with it are refused from now on',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeWebhookSecret(db, actorOf(request), request.params.id, now());
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/accounts/:id/tickets',
    {
      schema: {
        tags: ['support'],
        summary: 'The account’s support tickets, newest first',
        params: idParams,
        querystring: ticketPageQuerySchema,
        response: { 200: ticketPageSchema },
      },
    },
    async (request) => listAccountTickets(db, actorOf(request), request.params.id, request.query),
  );

  api.get(
    '/support/tickets/unmatched',
    {
      schema: {
        tags: ['support'],
        summary: 'Tickets no account matched yet (kept, never dropped), newest first',
        querystring: ticketPageQuerySchema,
        response: { 200: ticketPageSchema },
      },
    },
    async (request) => listUnmatchedTickets(db, actorOf(request), request.query),
  );

  api.post(
    '/support/tickets/rematch',
    {
      schema: {
        tags: ['support'],
        summary: 'Match unmatched tickets again, e.g. after adding accounts or Zendesk ids (leader, admin)',
        response: { 200: z.object({ examined: z.number().int(), matched: z.number().int() }) },
      },
    },
    async (request) => rematchUnmatchedTickets(db, actorOf(request)),
  );

  api.get(
    '/accounts/:id/survey-responses',
    {
      schema: {
        tags: ['support'],
        summary: 'The account’s NPS, CSAT and CES answers, newest first',
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ data: z.array(surveyResponseSchema) }) },
      },
    },
    async (request) => ({
      data: await listAccountSurveyResponses(db, actorOf(request), request.params.id, request.query),
    }),
  );
}
