import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';

type Conn = Kysely<Database>;

/** Open: neither accepted, declined nor revoked (expiry is checked apart, so admins see lapsed ones). */
function isOpen(eb: ExpressionBuilder<Database, 'invitations'>) {
  return eb.and([eb('invitations.accepted_at', 'is', null), eb('invitations.declined_at', 'is', null), eb('invitations.revoked_at', 'is', null)]);
}

const SUMMARY_COLUMNS = [
  'invitations.id',
  'invitations.workspace_id',
  'invitations.email',
  'invitations.name',
  'invitations.role',
  'invitations.delivery',
  'invitations.mail_state',
  'invitations.created_at',
  'invitations.expires_at',
] as const;

export async function insertInvitation(
  db: Conn,
  invitation: { workspaceId: string; email: string; name: string; role: Role; tokenHash: string; delivery: 'email' | 'link'; mailState: 'queued' | null; invitedBy: string | null; createdAt: Date; expiresAt: Date },
) {
  return db
    .insertInto('invitations')
    .values({
      workspace_id: invitation.workspaceId,
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      token_hash: invitation.tokenHash,
      delivery: invitation.delivery,
      mail_state: invitation.mailState,
      invited_by: invitation.invitedBy,
      created_at: invitation.createdAt,
      expires_at: invitation.expiresAt,
    })
    .returning(['id', 'workspace_id', 'email', 'name', 'role', 'delivery', 'mail_state', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** Open = neither accepted, declined nor revoked; expired ones stay listed so the admin sees them lapse. */
export async function findOpenInvitations(db: Conn, workspaceId: string) {
  return db
    .selectFrom('invitations')
    .select(SUMMARY_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where(isOpen)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes the open invitation(s) matching; returns the ids it closed. */
export async function revokeOpenInvitations(db: Conn, workspaceId: string, match: { id?: string; email?: string }, now: Date) {
  let query = db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where(isOpen);
  if (match.id) query = query.where('id', '=', match.id);
  if (match.email) query = query.where((eb) => eb(eb.fn('lower', ['email']), '=', match.email!.toLowerCase()));
  return (await query.returning(['id']).execute()).map((row) => row.id);
}

/** A usable invitation: open and not expired. */
export async function findUsableInvitationByTokenHash(db: Conn, tokenHash: string, now: Date) {
  return db
    .selectFrom('invitations')
    .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
    .select([...SUMMARY_COLUMNS, 'workspaces.name as workspace_name'])
    .where('invitations.token_hash', '=', tokenHash)
    .where(isOpen)
    .where('invitations.expires_at', '>', now)
    .executeTakeFirst();
}

/** Usable invitations addressed to an email, across workspaces: only for that email's confirmed owner. */
export async function findUsableInvitationsForEmail(db: Conn, email: string, now: Date) {
  return db
    .selectFrom('invitations')
    .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
    .select([...SUMMARY_COLUMNS, 'workspaces.name as workspace_name'])
    .where((eb) => eb(eb.fn('lower', ['invitations.email']), '=', email.toLowerCase()))
    .where(isOpen)
    .where('invitations.expires_at', '>', now)
    .orderBy('invitations.created_at', 'desc')
    .execute();
}

/**
 * Closes a usable invitation as accepted or declined. The conditions make it single-use even
 * when two requests race: only one update finds the row still open.
 */
export async function closeUsableInvitation(
  db: Conn,
  id: string,
  outcome: { acceptedBy: string } | { declined: true },
  now: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('invitations')
    .set('acceptedBy' in outcome ? { accepted_at: now, accepted_by: outcome.acceptedBy } : { declined_at: now })
    .where('id', '=', id)
    .where(isOpen)
    .where('expires_at', '>', now)
    .returning(['id'])
    .executeTakeFirst();
  return row !== undefined;
}

/** An open, unexpired invitation with its workspace's name, for the `mail.invitation` job. */
export async function findInvitationToMail(db: Conn, workspaceId: string, id: string, now: Date) {
  return db
    .selectFrom('invitations')
    .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
    .select([...SUMMARY_COLUMNS, 'workspaces.name as workspace_name'])
    .where('invitations.workspace_id', '=', workspaceId)
    .where('invitations.id', '=', id)
    .where('invitations.delivery', '=', 'email')
    .where('invitations.expires_at', '>', now)
    .where(isOpen)
    .executeTakeFirst();
}

/** Replaces the link's hash while the mail is unsent and the invitation open; false otherwise. */
export async function setInvitationTokenHash(db: Conn, id: string, tokenHash: string): Promise<boolean> {
  const row = await db
    .updateTable('invitations')
    .set({ token_hash: tokenHash })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('mail_state', 'is', null), eb('mail_state', '!=', 'sent')]))
    .where(isOpen)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setInvitationMailState(db: Conn, id: string, update: { state: 'sent'; sentAt: Date } | { state: 'failed' }) {
  await db
    .updateTable('invitations')
    .set(update.state === 'sent' ? { mail_state: 'sent', mail_sent_at: update.sentAt } : { mail_state: 'failed' })
    .where('id', '=', id)
    .execute();
}
