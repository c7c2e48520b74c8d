import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { Mailer } from '../core/mailer.js';
import type { JobHandler } from '../jobs/index.js';
import { automationActor } from './actors.js';
import { INVITATION_MAIL_ATTEMPTS, INVITATION_MAIL_BACKOFF, INVITATION_MAIL_JOB, invitationLink, invitationMail } from './invitations.js';
import { findInvitationToMail, setInvitationMailState, setInvitationTokenHash } from './invitations.repository.js';
import { newSecret, sha256 } from './secrets.js';

/** The delivery state and its audit row commit together; the audit log names the job, not an admin. */
async function recordMailState(db: Kysely<Database>, invitation: { id: string; workspace_id: string }, update: Parameters<typeof setInvitationMailState>[2]) {
  await inTransaction(db, async (trx) => {
    await setInvitationMailState(trx, invitation.id, update);
    await recordAudit(trx, automationActor(invitation.workspace_id, INVITATION_MAIL_JOB), {
      action: 'update',
      entityType: 'invitation',
      entityId: invitation.id,
      after: { mailState: update.state },
    });
  });
}

/**
 * Sends an invitation's email (`mail.invitation`, payload `{ invitationId }` only).
 *
 * Why the job makes the link's secret instead of carrying it: the secret is the credential
 * that makes someone a member. Anything put in the payload — even encrypted with the secret
 * box — can be read back by whoever holds a database copy and the key, and stays in the jobs
 * table (and its backups) for the retention period. So the transaction that creates the
 * invitation stores the hash of a throwaway secret nobody knows, and each run of this job
 * makes a fresh secret, commits only its SHA-256 onto the invitation, and mails the link.
 * The secret then exists only in the mail and, briefly, in this process's memory.
 *
 * Idempotent: `mail_state = 'sent'` is the mark; a run after it (the worker died between the
 * send and the done mark, or an admin retried the job) sends nothing, and a run for an
 * invitation that was accepted, revoked or has expired sends nothing either. If a worker dies
 * after the send and before the mark, the next run mails a new link, and only the newest
 * link works — the invitee gets a working link at the price of a second mail.
 */
export function createInvitationMailJob(options: { mailer: Mailer; publicUrl: string }): JobHandler {
  return {
    type: INVITATION_MAIL_JOB,
    maxAttempts: INVITATION_MAIL_ATTEMPTS,
    backoff: INVITATION_MAIL_BACKOFF,
    async run(job) {
      const invitationId = String(job.payload.invitationId);
      const now = job.clock.now();
      const invitation = job.workspaceId ? await findInvitationToMail(job.db, job.workspaceId, invitationId, now) : undefined;
      if (!invitation || invitation.mail_state === 'sent') return;
      const token = newSecret();
      // Committed before the send, so the link in the mail works the moment it arrives.
      if (!(await setInvitationTokenHash(job.db, invitation.id, sha256(token)))) return;
      try {
        await options.mailer.send(
          invitationMail({
            email: invitation.email,
            name: invitation.name,
            role: invitation.role,
            workspaceName: invitation.workspace_name,
            link: invitationLink(options.publicUrl, token),
            expiresAt: invitation.expires_at,
          }),
        );
      } catch (error) {
        // The jobs module keeps the error and retries; on the last attempt the admin's list says so.
        if (job.attempt >= job.maxAttempts) await recordMailState(job.db, invitation, { state: 'failed' });
        throw error;
      }
      await recordMailState(job.db, invitation, { state: 'sent', sentAt: job.clock.now() });
    },
  };
}
