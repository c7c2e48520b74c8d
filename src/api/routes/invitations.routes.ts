import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  admitPublicCredentialAttemptOrThrow,
  acceptInvitationAsUser,
  acceptInvitationWithNewLogin,
  createInvitation,
  declineInvitation,
  listInvitations,
  listReceivedInvitations,
  previewInvitation,
  revokeInvitation,
  ROLES,
} from '../../auth/index.js';
import { AppError } from '../../core/errors.js';
import { scheduleJob } from '../../jobs/index.js';
import { actorOf, SESSION_COOKIE } from '../auth-plugin.js';
import type { RouteContext } from '../server.js';
import { sessionSchema, startSession } from './auth.routes.js';

const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    delivery: z
      .enum(['email', 'link'])
      .describe('email: sent by SMTP_URL; link: shown once to the inviting admin to pass on'),
    mailState: z
      .enum(['queued', 'sent', 'failed'])
      .nullable()
      .describe('delivery email: queued (waiting or retrying), sent, or failed (out of attempts; the job is in GET /api/jobs?state=failed). Null for link'),
    status: z.enum(['pending', 'expired']),
    createdAt: z.date(),
    expiresAt: z.date(),
  })
  .meta({ id: 'Invitation' });
const receivedInvitationSchema = z
  .object({
    id: z.uuid(),
    workspaceName: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    expiresAt: z.date(),
  })
  .meta({ id: 'ReceivedInvitation' });
const tokenField = z.string().min(20).max(200).describe('The secret after #token= in the invitation link');
const idParams = z.object({ id: z.uuid() });

/** The person behind a browser session; accepting for oneself is no job for an API token. */
function signedInOf(request: FastifyRequest): { userId: string; sessionToken: string } {
  const session = request.session;
  const cookie = request.cookies[SESSION_COOKIE];
  if (!session || !cookie)
    throw new AppError('forbidden', 'Log in in the web app to answer your own invitations; API tokens cannot.');
  return { userId: session.user.id, sessionToken: cookie };
}

/**
 * Invitations (issue 9, finding 1): admins invite by email and never set passwords; the
 * invitee accepts through the link (new login: chooses a password) or, logged in, from their list.
 */
export function registerInvitationRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = context;
  // Accepting hashes a password; count it like a login attempt so the public route cannot burn the CPU.
  const countAttempt = async (request: FastifyRequest) =>
    admitPublicCredentialAttemptOrThrow(db, {
      clientAddress: request.ip,
      now: context.now(),
      limits: context.loginLimits,
    });

  api.get(
    '/invitations',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Open invitations of the workspace (admin)',
        response: { 200: z.object({ data: z.array(invitationSchema) }) },
      },
    },
    async (request) => ({ data: await listInvitations(db, actorOf(request), context.now()) }),
  );

  api.post(
    '/invitations',
    {
      schema: {
        tags: ['workspace'],
        summary:
          'Invite someone by email (admin). The answer has the same shape whether or not the email has a Boomerang login; 409 when it is already a member here',
        body: z.strictObject({
          email: z.string().max(320),
          name: z.string().trim().min(1).max(200),
          role: z.enum(ROLES),
        }),
        response: {
          201: invitationSchema.extend({
            link: z
              .string()
              .nullable()
              .describe('Only when no SMTP_URL is set: the one-time link to pass on, shown only in this response'),
          }),
        },
      },
    },
    async (request, reply) => {
      const { invitation, link } = await createInvitation(db, actorOf(request), request.body, {
        mailer: context.mailer,
        // The request's clock, so a test clock's invitation is due at its own time.
        queueJob: (trx, job) => scheduleJob(trx, job, { now: context.now }),
        publicUrl: context.publicUrl,
        now: context.now(),
      });
      return reply.code(201).send({ ...invitation, link });
    },
  );

  api.delete(
    '/invitations/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Revoke an open invitation (admin); its link stops working',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeInvitation(db, actorOf(request), request.params.id, context.now());
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/invitations/preview',
    {
      config: { public: true },
      preHandler: countAttempt,
      schema: {
        tags: ['auth'],
        summary: 'What an invitation link offers: workspace, role, email (public; the token is the credential)',
        body: z.strictObject({ token: tokenField }),
        response: { 200: receivedInvitationSchema },
      },
    },
    async (request) => previewInvitation(db, request.body.token, context.now()),
  );

  api.post(
    '/invitations/accept',
    {
      config: { public: true },
      preHandler: countAttempt,
      schema: {
        tags: ['auth'],
        summary:
          'Accept with the link and choose a password for a new login; logs in. 409 when the email already has a login (log in, then accept)',
        body: z.strictObject({
          token: tokenField,
          password: z.string().max(1000),
          name: z.string().trim().max(200).optional(),
        }),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) =>
      startSession(reply, context, await acceptInvitationWithNewLogin(db, request.body, context.now())),
  );

  api.get(
    '/me/invitations',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Invitations to your email (web session). Empty unless your email was confirmed by a mailed link or the operator',
        response: { 200: z.object({ emailConfirmed: z.boolean(), data: z.array(receivedInvitationSchema) }) },
      },
    },
    async (request) => listReceivedInvitations(db, signedInOf(request).userId, context.now()),
  );

  api.post(
    '/me/invitations/accept',
    {
      schema: {
        tags: ['auth'],
        summary: 'Accept the invitation of a link as the logged-in user; the session moves to the workspace joined',
        body: z.strictObject({ token: tokenField }),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) =>
      startSession(
        reply,
        context,
        await acceptInvitationAsUser(db, signedInOf(request), { token: request.body.token }, context.now()),
      ),
  );

  api.post(
    '/me/invitations/:id/accept',
    {
      schema: {
        tags: ['auth'],
        summary: 'Accept one of your invitations; the session moves to the workspace joined',
        params: idParams,
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) =>
      startSession(
        reply,
        context,
        await acceptInvitationAsUser(db, signedInOf(request), { id: request.params.id }, context.now()),
      ),
  );

  api.post(
    '/me/invitations/:id/decline',
    {
      schema: {
        tags: ['auth'],
        summary: 'Decline one of your invitations',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await declineInvitation(db, signedInOf(request).userId, request.params.id, context.now());
      return reply.code(204).send(null);
    },
  );
}
