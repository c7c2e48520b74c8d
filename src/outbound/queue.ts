import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { scheduleJob } from '../jobs/index.js';
import { addTimelineEntry } from '../timeline/index.js';
import {
  findAccountInWorkspace,
  findContactInWorkspace,
  findMessageByKey,
  insertMessageOnce,
  isAddressSuppressed,
  type NewOutboundMessage,
} from './outbound.repository.js';

/** Who asked for a message: a playbook run, or a person (the API). Stored with the message for the log. */
export type OutboundOrigin = { kind: 'playbook'; playbookId: string; runId: string } | { kind: 'user'; userId: string };

export const OUTBOUND_EMAIL_JOB = 'outbound.email';
export const OUTBOUND_WEBHOOK_JOB = 'outbound.webhook';
/** SMTP trouble is usually a while: 1 min doubling to 1 h, 8 attempts (about 4 h in all). */
export const EMAIL_ATTEMPTS = 8;
export const EMAIL_BACKOFF = { baseMs: 60_000, maxMs: 3_600_000 };
/** A receiver that is down: 30 s doubling to 1 h, 8 attempts (about 3 h in all). */
export const WEBHOOK_ATTEMPTS = 8;
export const WEBHOOK_BACKOFF = { baseMs: 30_000, maxMs: 3_600_000 };

const idempotencyKeySchema = z.string().trim().min(1).max(300);

export const queueEmailInputSchema = z.object({
  workspaceId: z.uuid(),
  accountId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  to: z.string().trim().toLowerCase().pipe(z.email()),
  // A header line: no line breaks (they would let a subject add headers).
  subject: z.string().trim().min(1).max(400).regex(/^[^\r\n]*$/, 'must be one line'),
  text: z.string().min(1).max(200_000),
  bulk: z.boolean(),
  idempotencyKey: idempotencyKeySchema,
});

export const queueWebhookInputSchema = z.object({
  workspaceId: z.uuid(),
  accountId: z.uuid().nullable(),
  url: z.string().trim().max(2000),
  format: z.enum(['json', 'slack']),
  payload: z.record(z.string(), z.unknown()),
  idempotencyKey: idempotencyKeySchema,
});

/** Largest webhook body we send. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw invalid(`The ${what} is not valid: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`, issues);
}

async function assertAccountAndContact(
  db: Kysely<Database>,
  workspaceId: string,
  accountId: string | null,
  contactId: string | null,
): Promise<void> {
  if (accountId && !(await findAccountInWorkspace(db, workspaceId, accountId)))
    throw invalid(`Account ${accountId} is not in this workspace`, [{ path: 'accountId', message: 'not found' }]);
  if (contactId) {
    const contact = await findContactInWorkspace(db, workspaceId, contactId);
    if (!contact || (accountId && contact.account_id !== accountId))
      throw invalid(`Contact ${contactId} is not a contact of this account`, [{ path: 'contactId', message: 'not found' }]);
  }
}

/**
 * Inserts the message once per (workspace, idempotency key); the loser of a race, or a
 * replay, gets the first message's id and changes nothing.
 */
async function insertOnce(
  trx: Kysely<Database>,
  message: NewOutboundMessage,
): Promise<{ inserted: true } | { inserted: false; id: string }> {
  const existing = await findMessageByKey(trx, message.workspaceId, message.idempotencyKey);
  if (existing) return { inserted: false, id: existing.id };
  if (await insertMessageOnce(trx, message)) return { inserted: true };
  const winner = await findMessageByKey(trx, message.workspaceId, message.idempotencyKey);
  return { inserted: false, id: winner!.id };
}

/**
 * Queues an email in the caller's transaction: a row in `outbound_messages` and an
 * `outbound.email` job that sends it (see email-job.ts). The same idempotency key again
 * returns `duplicate` and changes nothing. A bulk (one-to-many) email to an address on the
 * workspace's suppression list is recorded as `suppressed` (on the account's timeline) and
 * never sent; one-to-one email is not held back by the list (see docs/email.md).
 *
 * @example
 *   await queueEmail(trx, { workspaceId, accountId, contactId, to: 'ana@acme.test', subject: 'Welcome',
 *     text: 'Hi Ana…', bulk: true, idempotencyKey: `run:${runId}:step:2`,
 *     origin: { kind: 'playbook', playbookId, runId } }, clock);
 */
export async function queueEmail(
  trx: Kysely<Database>,
  input: {
    workspaceId: string;
    accountId: string | null;
    contactId: string | null;
    to: string;
    subject: string;
    text: string;
    bulk: boolean;
    idempotencyKey: string;
    origin: OutboundOrigin;
  },
  clock: Clock = systemClock,
): Promise<{ messageId: string | null; status: 'queued' | 'suppressed' | 'duplicate' }> {
  const email = parseOrThrow(queueEmailInputSchema, input, 'email');
  await assertAccountAndContact(trx, email.workspaceId, email.accountId, email.contactId);
  const now = clock.now();
  const suppressed = email.bulk && (await isAddressSuppressed(trx, email.workspaceId, email.to));
  const id = randomUUID();
  const result = await insertOnce(trx, {
    id,
    workspaceId: email.workspaceId,
    idempotencyKey: email.idempotencyKey,
    channel: 'email',
    accountId: email.accountId,
    contactId: email.contactId,
    recipient: email.to,
    subject: email.subject,
    body: email.text,
    bulk: email.bulk,
    format: null,
    origin: input.origin,
    status: suppressed ? 'suppressed' : 'queued',
    lastError: suppressed ? SUPPRESSED_ERROR : null,
    now,
  });
  if (!result.inserted) return { messageId: result.id, status: 'duplicate' };
  if (suppressed) {
    await recordSuppressedOnTimeline(trx, { id, workspace_id: email.workspaceId, account_id: email.accountId, recipient: email.to, subject: email.subject }, now);
    return { messageId: id, status: 'suppressed' };
  }
  await scheduleJob(
    trx,
    { type: OUTBOUND_EMAIL_JOB, workspaceId: email.workspaceId, payload: { messageId: id }, uniqueKey: id, maxAttempts: EMAIL_ATTEMPTS },
    clock,
  );
  return { messageId: id, status: 'queued' };
}

export const SUPPRESSED_ERROR = 'the address is on the suppression list (unsubscribed)';

export async function recordSuppressedOnTimeline(
  db: Kysely<Database>,
  message: { id: string; workspace_id: string; account_id: string | null; recipient: string; subject: string | null },
  now: Date,
): Promise<void> {
  if (!message.account_id) return;
  await addTimelineEntry(db, {
    workspaceId: message.workspace_id,
    accountId: message.account_id,
    kind: 'email_suppressed',
    title: `Email not sent to ${message.recipient}: unsubscribed`,
    body: message.subject,
    subjectType: 'outbound_message',
    subjectId: message.id,
    occurredAt: now,
  });
}

/**
 * The webhook body as sent and signed: `json` wraps the payload in an envelope with the
 * delivery id (receivers deduplicate on it); `slack` is Slack's incoming-webhook shape,
 * the payload itself with its `text` (and any `blocks`) as given.
 */
export function webhookBody(
  format: 'json' | 'slack',
  delivery: { id: string; workspaceId: string; createdAt: Date; origin: OutboundOrigin; payload: Record<string, unknown> },
): string {
  if (format === 'slack') return JSON.stringify(delivery.payload);
  return JSON.stringify({
    id: delivery.id,
    workspaceId: delivery.workspaceId,
    createdAt: delivery.createdAt.toISOString(),
    origin: delivery.origin,
    data: delivery.payload,
  });
}

/** Why a URL is refused before anything is queued, or undefined. Addresses are checked when sending. */
function refusedUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `only http and https URLs, not ${url.protocol}`;
  if (url.username || url.password) return 'a webhook URL may not carry a user name or password';
  return undefined;
}

/**
 * Queues a webhook delivery in the caller's transaction: a row and an `outbound.webhook`
 * job that posts it (webhook-job.ts: signed, address-checked, 10 s timeout, retried with
 * backoff). The same idempotency key again returns `duplicate`. A URL that can never be
 * delivered to (not http/https, credentials in it) or a Slack payload without `text` is
 * recorded as `refused` with the reason, and nothing is sent.
 */
export async function queueWebhook(
  trx: Kysely<Database>,
  input: {
    workspaceId: string;
    accountId: string | null;
    url: string;
    format: 'json' | 'slack';
    payload: Record<string, unknown>;
    idempotencyKey: string;
    origin: OutboundOrigin;
  },
  clock: Clock = systemClock,
): Promise<{ deliveryId: string | null; status: 'queued' | 'duplicate' | 'refused'; reason?: string }> {
  const webhook = parseOrThrow(queueWebhookInputSchema, input, 'webhook');
  await assertAccountAndContact(trx, webhook.workspaceId, webhook.accountId, null);
  const now = clock.now();
  const id = randomUUID();
  const body = webhookBody(webhook.format, { id, workspaceId: webhook.workspaceId, createdAt: now, origin: input.origin, payload: webhook.payload });
  const reason =
    refusedUrl(webhook.url) ??
    (webhook.format === 'slack' && typeof webhook.payload.text !== 'string' ? 'a Slack message needs a text' : undefined) ??
    (Buffer.byteLength(body) > WEBHOOK_BODY_LIMIT ? `the body is over ${WEBHOOK_BODY_LIMIT / 1024} KiB` : undefined);
  const result = await insertOnce(trx, {
    id,
    workspaceId: webhook.workspaceId,
    idempotencyKey: webhook.idempotencyKey,
    channel: 'webhook',
    accountId: webhook.accountId,
    contactId: null,
    recipient: webhook.url,
    subject: null,
    body,
    bulk: false,
    format: webhook.format,
    origin: input.origin,
    status: reason ? 'refused' : 'queued',
    lastError: reason ?? null,
    now,
  });
  if (!result.inserted) return { deliveryId: result.id, status: 'duplicate' };
  if (reason) return { deliveryId: id, status: 'refused', reason };
  await scheduleJob(
    trx,
    { type: OUTBOUND_WEBHOOK_JOB, workspaceId: webhook.workspaceId, payload: { deliveryId: id }, uniqueKey: id, maxAttempts: WEBHOOK_ATTEMPTS },
    clock,
  );
  return { deliveryId: id, status: 'queued' };
}
