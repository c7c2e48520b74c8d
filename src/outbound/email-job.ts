import type { Kysely } from 'kysely';
import type { Mailer } from '../core/mailer.js';
import type { SecretBox } from '../core/secret-box.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { JobHandler } from '../jobs/index.js';
import { addTimelineEntry } from '../timeline/index.js';
import { claimMessage, findMessage, isAddressSuppressed, setMessageStatus, type OutboundMessageRow } from './outbound.repository.js';
import { EMAIL_ATTEMPTS, EMAIL_BACKOFF, OUTBOUND_EMAIL_JOB, SUPPRESSED_ERROR, recordSuppressedOnTimeline } from './queue.js';
import { UNSUBSCRIBE_KEY_PURPOSE, workspaceSender } from './settings.js';
import { unsubscribeToken } from './unsubscribe-token.js';

export type EmailJobOptions = {
  mailer: Mailer;
  /** BOOMERANG_MAIL_FROM, for workspaces without a sender of their own. */
  defaultFrom: string;
  /** BOOMERANG_PUBLIC_URL: unsubscribe links start with it. */
  publicUrl: string;
  /** Signs unsubscribe links with a key derived from the server key. */
  secretBox: SecretBox;
};

export const INTERRUPTED_ERROR =
  'the worker stopped while this email was being handed to the SMTP server; it may or may not have gone out, and is not sent again so that no one gets it twice';

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/api/outbound/unsubscribe/${token}`;
}

/**
 * The mail as it goes out. One-to-many mail carries an unsubscribe link in its text and the
 * RFC 2369 / RFC 8058 headers (List-Unsubscribe with the same https link, and
 * List-Unsubscribe-Post for one-click unsubscribing from the mail client).
 */
export function composeEmail(
  message: Pick<OutboundMessageRow, 'id' | 'recipient' | 'subject' | 'body' | 'bulk'>,
  options: { from: string; publicUrl: string; unsubscribeLink?: string },
) {
  const host = new URL(options.publicUrl).hostname || 'boomerang.local';
  const headers: Record<string, string> = {};
  let text = message.body;
  if (message.bulk && options.unsubscribeLink) {
    headers['List-Unsubscribe'] = `<${options.unsubscribeLink}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    text = `${text.replace(/\s+$/, '')}\n\n--\nTo stop receiving these emails: ${options.unsubscribeLink}\n`;
  }
  return { to: message.recipient, from: options.from, subject: message.subject ?? '', text, headers, messageId: `<${message.id}@${host}>` };
}

/**
 * Sends one queued email (`outbound.email`, payload `{ messageId }`).
 *
 * At most once: the message is marked `sending` (committed) before the SMTP hand-over and
 * `sent` after it. A run that finds it `sending` knows an earlier run died mid-send and
 * cannot tell whether the mail left, so it marks it failed with that explanation rather than
 * risk a second copy. A run after `sent` (a duplicate job, a retry) sends nothing. An SMTP
 * error puts the message back to `queued` with the error, and the job retries with backoff;
 * after the last attempt it is `failed`, with the error, in the delivery log.
 */
export function createOutboundEmailJob(options: EmailJobOptions): JobHandler {
  const unsubscribeKey = options.secretBox.deriveKey(UNSUBSCRIBE_KEY_PURPOSE);
  return {
    type: OUTBOUND_EMAIL_JOB,
    maxAttempts: EMAIL_ATTEMPTS,
    backoff: EMAIL_BACKOFF,
    async run(job) {
      const workspaceId = job.workspaceId;
      if (!workspaceId) return;
      const messageId = String(job.payload.messageId);
      const message = await findMessage(job.db, workspaceId, messageId);
      if (!message || message.channel !== 'email') return;
      if (message.status === 'sending') {
        await setMessageStatus(job.db, workspaceId, message.id, { status: 'failed', lastError: INTERRUPTED_ERROR, now: job.clock.now() });
        return;
      }
      if (message.status !== 'queued') return;
      if (message.bulk && (await isAddressSuppressed(job.db, workspaceId, message.recipient))) {
        await markSuppressed(job.db, message, job.clock.now());
        return;
      }
      const claimed = await claimMessage(job.db, workspaceId, message.id, ['queued'], job.clock.now());
      if (!claimed) return;
      const from = await workspaceSender(job.db, workspaceId, options.defaultFrom);
      const unsubscribeLink = message.bulk
        ? unsubscribeUrl(options.publicUrl, unsubscribeToken(unsubscribeKey, { workspaceId, messageId: message.id }))
        : undefined;
      try {
        await options.mailer.send(composeEmail(message, { from, publicUrl: options.publicUrl, unsubscribeLink }));
      } catch (error) {
        const last = job.attempt >= job.maxAttempts;
        await setMessageStatus(job.db, workspaceId, message.id, {
          status: last ? 'failed' : 'queued',
          lastError: error instanceof Error ? error.message.slice(0, 2000) : String(error),
          now: job.clock.now(),
        });
        throw error;
      }
      await recordSent(job.db, claimed, job.clock.now());
    },
  };
}

async function markSuppressed(db: Kysely<Database>, message: OutboundMessageRow, now: Date) {
  await inTransaction(db, async (trx) => {
    await setMessageStatus(trx, message.workspace_id, message.id, { status: 'suppressed', lastError: SUPPRESSED_ERROR, now });
    await recordSuppressedOnTimeline(trx, message, now);
  });
}

async function recordSent(db: Kysely<Database>, message: OutboundMessageRow, now: Date) {
  await inTransaction(db, async (trx) => {
    await setMessageStatus(trx, message.workspace_id, message.id, { status: 'sent', lastError: null, sentAt: now, now });
    if (!message.account_id) return;
    const origin = message.origin as { kind?: string; userId?: string };
    await addTimelineEntry(trx, {
      workspaceId: message.workspace_id,
      accountId: message.account_id,
      kind: 'email_sent',
      title: `Email sent to ${message.recipient}: ${message.subject}`,
      body: message.body.length > 2000 ? `${message.body.slice(0, 2000)}…` : message.body,
      actorUserId: origin.kind === 'user' ? (origin.userId ?? null) : null,
      subjectType: 'outbound_message',
      subjectId: message.id,
      occurredAt: now,
    });
  });
}
