import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { assertCanAdministerOrThrow, assertCanReadAuditLogOrThrow, type Actor } from '../access/index.js';
import { getAccountForWriteOrThrow } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { decodeCursorOrThrow, encodeCursor, type Page } from '../core/cursor.js';
import { invalid, notFound } from '../core/errors.js';
import type { SecretBox } from '../core/secret-box.js';
import type { Database, OutboundStatus } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { addTimelineEntry } from '../timeline/index.js';
import {
  deleteSuppression,
  findContactInWorkspace,
  findMessage,
  findMessagePage,
  findSettings,
  findSuppressions,
  findWorkspaceName,
  insertSuppression,
  lockSettings,
  updateSigningSecret,
  upsertSender,
  type OutboundMessageRow,
} from './outbound.repository.js';
import { queueEmail, queueWebhook } from './queue.js';
import { PREVIOUS_SECRET_GRACE_MS, UNSUBSCRIBE_KEY_PURPOSE, formatSender, signingSecretContext } from './settings.js';
import { readUnsubscribeToken } from './unsubscribe-token.js';
import { SIGNATURE_HEADER } from './webhook-signature.js';

type Conn = Kysely<Database>;

export const OUTBOUND_STATUSES = ['queued', 'sending', 'sent', 'suppressed', 'refused', 'failed'] as const satisfies readonly OutboundStatus[];

export const outboundMessageSchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(['email', 'webhook']),
    status: z.enum(OUTBOUND_STATUSES),
    accountId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    recipient: z.string().describe('The email address, or the webhook URL with its path hidden (Slack URLs are credentials)'),
    subject: z.string().nullable(),
    format: z.enum(['json', 'slack']).nullable(),
    bulk: z.boolean(),
    origin: z.record(z.string(), z.unknown()),
    idempotencyKey: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'OutboundMessage' });

export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

export const outboundMessagePageSchema = z.object({ data: z.array(outboundMessageSchema), nextCursor: z.string().nullable() });

export const outboundMessageQuerySchema = z.object({
  accountId: z.uuid().optional(),
  status: z.enum(OUTBOUND_STATUSES).optional(),
  channel: z.enum(['email', 'webhook']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A webhook URL's origin and a hint of its path: enough to tell deliveries apart, not to post to it. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    const path = url.pathname.length > 8 ? `${url.pathname.slice(0, 8)}…` : url.pathname;
    return `${url.origin}${path}`;
  } catch {
    return text.slice(0, 40);
  }
}

function toMessage(row: OutboundMessageRow): OutboundMessage {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    accountId: row.account_id,
    contactId: row.contact_id,
    recipient: row.channel === 'webhook' ? redactUrl(row.recipient) : row.recipient,
    subject: row.subject,
    format: row.format,
    bulk: row.bulk,
    origin: row.origin,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

/**
 * The delivery log: emails and webhook deliveries with status and last error, newest first.
 * Leaders and admins (it names every recipient of the workspace).
 */
export async function listOutboundMessages(
  db: Conn,
  actor: Actor,
  query: z.infer<typeof outboundMessageQuerySchema>,
): Promise<Page<OutboundMessage>> {
  assertCanReadAuditLogOrThrow(actor);
  const after = query.cursor ? decodeCursorOrThrow(query.cursor) : undefined;
  const rows = await findMessagePage(db, {
    workspaceId: actor.workspaceId,
    accountId: query.accountId,
    status: query.status,
    channel: query.channel,
    after: after?.key ? { createdAt: after.key, id: after.id } : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toMessage),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.created_key, id: last.id }) : null,
  };
}

export async function getOutboundMessageOrThrow(db: Conn, actor: Actor, id: string): Promise<OutboundMessage> {
  assertCanReadAuditLogOrThrow(actor);
  const row = await findMessage(db, actor.workspaceId, id);
  if (!row) throw notFound('Outbound message', id);
  return toMessage(row);
}

// --- settings: sender and signing secret -------------------------------------------------

export const outboundSettingsSchema = z
  .object({
    senderName: z.string().nullable(),
    senderAddress: z.string().nullable(),
    from: z.string().describe('The From header mail of this workspace goes out with'),
    signingSecret: z
      .object({ prefix: z.string(), createdAt: z.string(), previousValidUntil: z.string().nullable() })
      .nullable()
      .describe('null: webhooks go out unsigned until an admin creates a secret'),
    signatureHeader: z.string(),
    smtpConfigured: z.boolean(),
  })
  .meta({ id: 'OutboundSettings' });

export const updateSenderInputSchema = z
  .object({
    senderName: z.string().trim().max(100).regex(/^[^\r\n"<>]*$/, 'may not hold quotes, angle brackets or line breaks').nullable(),
    senderAddress: z.string().trim().toLowerCase().pipe(z.email()).nullable(),
  })
  .strict();

export async function getOutboundSettings(
  db: Conn,
  actor: Actor,
  options: { defaultFrom: string; smtpConfigured: boolean; now: Date },
): Promise<z.infer<typeof outboundSettingsSchema>> {
  assertCanAdministerOrThrow(actor);
  const row = await findSettings(db, actor.workspaceId);
  const sender = { name: row?.sender_name ?? null, address: row?.sender_address ?? null };
  const previousLive = row?.previous_signing_secret_until && row.previous_signing_secret_until > options.now;
  return {
    senderName: sender.name,
    senderAddress: sender.address,
    from: formatSender(sender, options.defaultFrom),
    signingSecret:
      row?.signing_secret && row.signing_secret_prefix && row.signing_secret_created_at
        ? {
            prefix: row.signing_secret_prefix,
            createdAt: row.signing_secret_created_at.toISOString(),
            previousValidUntil: previousLive ? row.previous_signing_secret_until!.toISOString() : null,
          }
        : null,
    signatureHeader: SIGNATURE_HEADER,
    smtpConfigured: options.smtpConfigured,
  };
}

/** Admins set the workspace's sender (name and address); null for either goes back to the deployment's. Audited. */
export async function updateOutboundSender(
  db: Conn,
  actor: Actor,
  input: z.infer<typeof updateSenderInputSchema>,
  clock: Clock = systemClock,
): Promise<void> {
  assertCanAdministerOrThrow(actor);
  if (input.senderName && !input.senderAddress)
    throw invalid('A sender name needs a sender address', [{ path: 'senderAddress', message: 'is required with a name' }]);
  await inTransaction(db, async (trx) => {
    const before = await findSettings(trx, actor.workspaceId);
    await upsertSender(trx, actor.workspaceId, { name: input.senderName, address: input.senderAddress }, clock.now());
    await recordAudit(trx, actor, {
      action: 'update',
      entityType: 'outbound_settings',
      entityId: actor.workspaceId,
      before: { senderName: before?.sender_name ?? null, senderAddress: before?.sender_address ?? null },
      after: { senderName: input.senderName, senderAddress: input.senderAddress },
    });
  });
}

/**
 * Creates the workspace's webhook signing secret, or rotates it: the new one signs from now
 * on and is returned here once, never again; the previous one keeps signing beside it for
 * 24 hours, so receivers can switch over. Audited without the secret.
 */
export async function rotateSigningSecret(
  db: Conn,
  actor: Actor,
  box: SecretBox,
  clock: Clock = systemClock,
): Promise<{ secret: string; prefix: string; createdAt: string; previousValidUntil: string | null }> {
  assertCanAdministerOrThrow(actor);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const prefix = secret.slice(0, 12);
  const now = clock.now();
  return inTransaction(db, async (trx) => {
    const current = await lockSettings(trx, actor.workspaceId, now);
    const previousUntil = current.signing_secret ? new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS) : null;
    await updateSigningSecret(trx, actor.workspaceId, {
      secret: box.seal(secret, signingSecretContext(actor.workspaceId)),
      prefix,
      createdAt: now,
      previous: current.signing_secret,
      previousUntil,
      now,
    });
    await recordAudit(trx, actor, {
      action: current.signing_secret ? 'update' : 'create',
      entityType: 'outbound_signing_secret',
      entityId: actor.workspaceId,
      before: current.signing_secret_prefix ? { prefix: current.signing_secret_prefix } : null,
      after: { prefix },
    });
    return { secret, prefix, createdAt: now.toISOString(), previousValidUntil: previousUntil?.toISOString() ?? null };
  });
}

// --- suppression list ----------------------------------------------------------------------

export const suppressionSchema = z
  .object({
    email: z.string(),
    reason: z.enum(['unsubscribed', 'added']),
    messageId: z.uuid().nullable(),
    addedByName: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'OutboundSuppression' });

export const suppressionQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const addSuppressionInputSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()) }).strict();

const emailParamSchema = z.string().trim().toLowerCase().pipe(z.email());

/** Leaders and admins see and change the list: it holds the workspace's customers' addresses. */
export async function listSuppressions(db: Conn, actor: Actor, query: z.infer<typeof suppressionQuerySchema>) {
  assertCanReadAuditLogOrThrow(actor);
  const rows = await findSuppressions(db, actor.workspaceId, { search: query.search?.toLowerCase(), limit: query.limit });
  return {
    data: rows.map((row) => ({
      email: row.email,
      reason: row.reason,
      messageId: row.message_id,
      addedByName: row.added_by_name,
      createdAt: row.created_at.toISOString(),
    })),
  };
}

export async function addSuppression(
  db: Conn,
  actor: Actor,
  input: z.infer<typeof addSuppressionInputSchema>,
  clock: Clock = systemClock,
): Promise<{ added: boolean }> {
  assertCanReadAuditLogOrThrow(actor);
  return inTransaction(db, async (trx) => {
    const added = await insertSuppression(trx, {
      workspaceId: actor.workspaceId,
      email: input.email,
      reason: 'added',
      messageId: null,
      addedBy: actor.userId,
      now: clock.now(),
    });
    if (added)
      await recordAudit(trx, actor, { action: 'create', entityType: 'outbound_suppression', entityId: input.email, after: { reason: 'added' } });
    return { added };
  });
}

export async function removeSuppression(db: Conn, actor: Actor, email: string): Promise<void> {
  assertCanReadAuditLogOrThrow(actor);
  const parsed = emailParamSchema.safeParse(email);
  if (!parsed.success) throw invalid('Not an email address', [{ path: 'email', message: 'is not an email address' }]);
  await inTransaction(db, async (trx) => {
    if (!(await deleteSuppression(trx, actor.workspaceId, parsed.data))) throw notFound('Suppressed address', parsed.data);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'outbound_suppression', entityId: parsed.data, before: { email: parsed.data } });
  });
}

// --- the unsubscribe link ------------------------------------------------------------------

export type UnsubscribeView = { email: string; workspaceName: string };

/** The mail a link stands for, when the token is ours and the mail is still on record. */
async function messageOfLink(db: Conn, box: SecretBox, token: string) {
  const claim = readUnsubscribeToken(box.deriveKey(UNSUBSCRIBE_KEY_PURPOSE), token);
  if (!claim) return undefined;
  const message = await findMessage(db, claim.workspaceId, claim.messageId);
  const workspaceName = await findWorkspaceName(db, claim.workspaceId);
  if (!message || message.channel !== 'email' || workspaceName === undefined) return undefined;
  return { message, view: { email: message.recipient, workspaceName } };
}

/** What the confirmation page shows for a token; undefined for a token that is not ours. */
export async function describeUnsubscribe(db: Conn, box: SecretBox, token: string): Promise<UnsubscribeView | undefined> {
  return (await messageOfLink(db, box, token))?.view;
}

/**
 * Follows an unsubscribe link (the page's button, or a mail client's one-click POST): the
 * mail's address goes on the workspace's suppression list, and the mail's account gets a
 * timeline entry. Following it again changes nothing.
 */
export async function unsubscribe(
  db: Conn,
  box: SecretBox,
  token: string,
  clock: Clock = systemClock,
): Promise<UnsubscribeView | undefined> {
  return inTransaction(db, async (trx) => {
    const found = await messageOfLink(trx, box, token);
    if (!found) return undefined;
    const { message, view } = found;
    const now = clock.now();
    const added = await insertSuppression(trx, {
      workspaceId: message.workspace_id,
      email: message.recipient,
      reason: 'unsubscribed',
      messageId: message.id,
      addedBy: null,
      now,
    });
    if (added && message.account_id)
      await addTimelineEntry(trx, {
        workspaceId: message.workspace_id,
        accountId: message.account_id,
        kind: 'email_unsubscribed',
        title: `${message.recipient} unsubscribed from email`,
        body: message.subject ? `From the email “${message.subject}”` : null,
        subjectType: 'outbound_message',
        subjectId: message.id,
        occurredAt: now,
      });
    return view;
  });
}

// --- sends a person starts ---------------------------------------------------------------

export const sendEmailInputSchema = z
  .object({
    accountId: z.uuid(),
    contactId: z.uuid().nullable().default(null),
    to: z.string().trim().max(320).optional().describe('Default: the contact’s email address'),
    subject: z.string().trim().min(1).max(400),
    text: z.string().min(1).max(200_000),
    bulk: z.boolean().default(false),
    idempotencyKey: z.string().trim().min(1).max(200).optional().describe('Send the same key again and nothing more is sent'),
  })
  .strict();

export const queuedEmailSchema = z.object({
  messageId: z.uuid().nullable(),
  status: z.enum(['queued', 'suppressed', 'duplicate']),
});

/**
 * A person emails a contact of an account they may write (a CSM: their book). Queued like a
 * playbook's email; sent and on the timeline once the job runs (needs SMTP_URL).
 */
export async function sendAccountEmail(
  db: Conn,
  actor: Actor,
  input: z.infer<typeof sendEmailInputSchema>,
  clock: Clock = systemClock,
) {
  await getAccountForWriteOrThrow(db, actor, input.accountId, clock.now());
  let to = input.to;
  if (input.contactId) {
    const contact = await findContactInWorkspace(db, actor.workspaceId, input.contactId);
    if (!contact || contact.account_id !== input.accountId)
      throw invalid('The contact is not one of this account’s', [{ path: 'contactId', message: 'not found on the account' }]);
    to ??= contact.email ?? undefined;
  }
  if (!to) throw invalid('Say whom to email: a contact with an address, or `to`', [{ path: 'to', message: 'is required' }]);
  const idempotencyKey = input.idempotencyKey ? `user:${input.idempotencyKey}` : `user:${randomBytes(12).toString('base64url')}`;
  return inTransaction(db, (trx) =>
    queueEmail(
      trx,
      {
        workspaceId: actor.workspaceId,
        accountId: input.accountId,
        contactId: input.contactId,
        to,
        subject: input.subject,
        text: input.text,
        bulk: input.bulk,
        idempotencyKey,
        origin: actor.userId ? { kind: 'user', userId: actor.userId } : { kind: 'user', userId: `token:${actor.tokenId}` },
      },
      clock,
    ),
  );
}

export const testWebhookInputSchema = z
  .object({ url: z.string().trim().min(1).max(2000), format: z.enum(['json', 'slack']).default('json') })
  .strict();

export const queuedWebhookSchema = z.object({
  deliveryId: z.uuid().nullable(),
  status: z.enum(['queued', 'duplicate', 'refused']),
  reason: z.string().optional(),
});

/** An admin sends a test delivery to a URL, to check a receiver's signature verification or a Slack channel. */
export async function sendTestWebhook(db: Conn, actor: Actor, input: z.infer<typeof testWebhookInputSchema>, clock: Clock = systemClock) {
  assertCanAdministerOrThrow(actor);
  const text = 'Test delivery from Boomerang: your webhook receives deliveries.';
  return inTransaction(db, (trx) =>
    queueWebhook(
      trx,
      {
        workspaceId: actor.workspaceId,
        accountId: null,
        url: input.url,
        format: input.format,
        payload: input.format === 'slack' ? { text } : { type: 'test', text },
        idempotencyKey: `test:${randomBytes(12).toString('base64url')}`,
        origin: { kind: 'user', userId: actor.userId ?? `token:${actor.tokenId}` },
      },
      clock,
    ),
  );
}
