import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addSuppression,
  addSuppressionInputSchema,
  describeUnsubscribe,
  getOutboundMessageOrThrow,
  getOutboundSettings,
  listOutboundMessages,
  listSuppressions,
  outboundMessagePageSchema,
  outboundMessageQuerySchema,
  outboundMessageSchema,
  outboundSettingsSchema,
  queuedEmailSchema,
  queuedWebhookSchema,
  removeSuppression,
  rotateSigningSecret,
  sendAccountEmail,
  sendEmailInputSchema,
  sendTestWebhook,
  suppressionQuerySchema,
  suppressionSchema,
  testWebhookInputSchema,
  unsubscribe,
  updateOutboundSender,
  updateSenderInputSchema,
  type UnsubscribeView,
} from '../../outbound/index.js';
import { actorOf } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';

const clockOf = (now: () => Date) => ({ now });

/**
 * Email and webhooks leaving Boomerang (outbound/): the delivery log, the workspace's sender,
 * webhook signing secret and suppression list, a person's email to a contact, a test
 * webhook, and the public unsubscribe link.
 */
export function registerOutboundRoutes(app: FastifyInstance, context: RouteContext): void {
  const { db, now, secretBox } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const clock = clockOf(now);

  api.get(
    '/outbound/messages',
    {
      schema: {
        tags: ['outbound'],
        summary: 'The delivery log: emails and webhook deliveries with status and last error, newest first (leaders and admins)',
        querystring: outboundMessageQuerySchema,
        response: { 200: outboundMessagePageSchema },
      },
    },
    async (request) => listOutboundMessages(db, actorOf(request), request.query),
  );

  api.get(
    '/outbound/messages/:id',
    {
      schema: {
        tags: ['outbound'],
        summary: 'One email or webhook delivery',
        params: z.object({ id: z.uuid() }),
        response: { 200: outboundMessageSchema },
      },
    },
    async (request) => getOutboundMessageOrThrow(db, actorOf(request), request.params.id),
  );

  api.post(
    '/outbound/emails',
    {
      schema: {
        tags: ['outbound'],
        summary: 'Email a contact of an account you may write; queued, sent by the worker (SMTP_URL), then on the timeline',
        body: sendEmailInputSchema,
        response: { 202: queuedEmailSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await sendAccountEmail(db, actorOf(request), request.body, clock)),
  );

  api.get(
    '/outbound/settings',
    {
      schema: {
        tags: ['outbound'],
        summary: 'The workspace’s sender and webhook signing secret (its prefix only) (admins)',
        response: { 200: outboundSettingsSchema },
      },
    },
    async (request) =>
      getOutboundSettings(db, actorOf(request), {
        defaultFrom: context.mailFrom,
        smtpConfigured: context.mailer !== undefined,
        now: now(),
      }),
  );

  api.put(
    '/outbound/sender',
    {
      schema: {
        tags: ['outbound'],
        summary: 'Set the name and address the workspace’s email comes from; null for the deployment’s (admins)',
        body: updateSenderInputSchema,
        response: { 200: outboundSettingsSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await updateOutboundSender(db, actor, request.body, clock);
      return getOutboundSettings(db, actor, { defaultFrom: context.mailFrom, smtpConfigured: context.mailer !== undefined, now: now() });
    },
  );

  api.post(
    '/outbound/signing-secret',
    {
      schema: {
        tags: ['outbound'],
        summary: 'Create or rotate the webhook signing secret; shown once. The previous one signs beside it for 24 h (admins)',
        response: {
          201: z.object({
            secret: z.string().describe('Shown once: keep it in the receiver'),
            prefix: z.string(),
            createdAt: z.string(),
            previousValidUntil: z.string().nullable(),
          }),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await rotateSigningSecret(db, actorOf(request), secretBox, clock)),
  );

  api.post(
    '/outbound/webhooks/test',
    {
      schema: {
        tags: ['outbound'],
        summary: 'Send a test webhook (signed JSON or Slack format) to a URL (admins)',
        body: testWebhookInputSchema,
        response: { 202: queuedWebhookSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await sendTestWebhook(db, actorOf(request), request.body, clock)),
  );

  api.get(
    '/outbound/suppressions',
    {
      schema: {
        tags: ['outbound'],
        summary: 'Addresses that get no one-to-many email from this workspace (leaders and admins)',
        querystring: suppressionQuerySchema,
        response: { 200: z.object({ data: z.array(suppressionSchema) }) },
      },
    },
    async (request) => listSuppressions(db, actorOf(request), request.query),
  );

  api.post(
    '/outbound/suppressions',
    {
      schema: {
        tags: ['outbound'],
        summary: 'Add an address to the suppression list (leaders and admins)',
        body: addSuppressionInputSchema,
        response: { 200: z.object({ added: z.boolean() }) },
      },
    },
    async (request) => addSuppression(db, actorOf(request), request.body, clock),
  );

  api.delete(
    '/outbound/suppressions/:email',
    {
      schema: {
        tags: ['outbound'],
        summary: 'Take an address off the suppression list (leaders and admins)',
        params: z.object({ email: z.string().max(320) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeSuppression(db, actorOf(request), request.params.email);
      return reply.code(204).send(null);
    },
  );

  // The unsubscribe link in one-to-many mail: public (the signed token is the credential).
  // GET shows a confirmation page with a button, so a mail scanner that follows links
  // unsubscribes no one; POST (the button, or a mail client's RFC 8058 one-click POST with
  // `List-Unsubscribe=One-Click`) does it. Both bodies are form posts, read and ignored.
  app.register(async (scope) => {
    scope.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'], { parseAs: 'string' }, (_request, _body, done) =>
      done(null, {}),
    );
    const unsubscribeRoute = scope.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ token: z.string().min(1).max(1000) });
    unsubscribeRoute.get(
      '/outbound/unsubscribe/:token',
      {
        config: { public: true },
        schema: { tags: ['outbound'], summary: 'The unsubscribe link’s confirmation page (HTML)', security: [], params },
      },
      async (request, reply) => {
        const view = await describeUnsubscribe(db, secretBox, request.params.token);
        return sendPage(reply, view ? confirmPage(view, request.url) : invalidLinkPage());
      },
    );
    unsubscribeRoute.post(
      '/outbound/unsubscribe/:token',
      {
        config: { public: true },
        schema: {
          tags: ['outbound'],
          summary: 'Unsubscribe the link’s address from the workspace’s one-to-many email (HTML; RFC 8058 one-click)',
          security: [],
          params,
        },
      },
      async (request, reply) => {
        const view = await unsubscribe(db, secretBox, request.params.token, clock);
        return sendPage(reply, view ? donePage(view) : invalidLinkPage());
      },
    );
  });
}

function sendPage(reply: FastifyReply, page: { status: number; html: string }) {
  return reply.code(page.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.html);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937; line-height: 1.5">
<h1 style="font-size: 1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`;
}

function confirmPage(view: UnsubscribeView, url: string) {
  return {
    status: 200,
    html: page(
      'Unsubscribe',
      `<p>Stop emails from <strong>${escapeHtml(view.workspaceName)}</strong> to <strong>${escapeHtml(view.email)}</strong>?</p>
<form method="post" action="${escapeHtml(url.split('?')[0]!)}"><button type="submit" style="font: inherit; padding: 0.5rem 1rem; cursor: pointer">Unsubscribe</button></form>`,
    ),
  };
}

function donePage(view: UnsubscribeView) {
  return {
    status: 200,
    html: page(
      'You are unsubscribed',
      `<p><strong>${escapeHtml(view.email)}</strong> will get no more of these emails from <strong>${escapeHtml(view.workspaceName)}</strong>.</p>`,
    ),
  };
}

/**
 * 200 with an explanation rather than a 404: this is a page for a person, and every 4xx of
 * the API is a problem+json document (api/fuzz.test.ts holds the API to that).
 */
function invalidLinkPage() {
  return { status: 200, html: page('This link does not work', '<p>The unsubscribe link is incomplete or not valid. Copy the whole link from the email and try again.</p>') };
}
