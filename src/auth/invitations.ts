import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import type { Mailer } from '../core/mailer.js';
import type { Database, InvitationMailState, Role } from '../db/schema.js';
import { isMemberByEmail, setMembership } from '../workspaces/index.js';
import { confirmUserEmail, deleteSession, findUserByEmail, findUserById, insertUser } from './auth.repository.js';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import {
  closeUsableInvitation,
  findOpenInvitations,
  findUsableInvitationByTokenHash,
  findUsableInvitationsForEmail,
  insertInvitation,
  revokeOpenInvitations,
} from './invitations.repository.js';
import { normaliseEmailOrThrow, openSession, type LoginResult } from './credentials.js';
import { assertPasswordPolicyOrThrow } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { newSecret, sha256 } from './secrets.js';

/*
 * Invitations by email (issue 9, finding 1). Logins are global to the installation, so a
 * workspace admin must never set, learn or take over one: the admin names an email and a
 * role, and only the person who holds the link — sent to that address, or handed on by the
 * admin when no SMTP is set up — can accept. A new login sets its own password; an existing
 * login accepts while logged in. Whether the email has a login is never part of an admin's
 * answer: inviting looks the same either way.
 */

type Conn = Kysely<Database>;

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** The web app's page for an invitation link; the secret rides in the fragment so no server or proxy logs it. */
export const INVITATION_PATH = '/invitations/accept';

type Row = Awaited<ReturnType<typeof findOpenInvitations>>[number];

export type Invitation = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** 'email': sent by SMTP; 'link': the admin was shown the link once to pass on. */
  delivery: 'email' | 'link';
  /** For 'email': queued (the job waits or retries), sent, or failed (out of attempts; see the failed jobs). Null for 'link'. */
  mailState: InvitationMailState | null;
  status: 'pending' | 'expired';
  createdAt: Date;
  expiresAt: Date;
};

/** An invitation as its invitee sees it: which workspace asks, as what. */
export type ReceivedInvitation = { id: string; workspaceName: string; email: string; name: string; role: Role; expiresAt: Date };

function toInvitation(row: Row, now: Date): Invitation {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    delivery: row.delivery,
    mailState: row.mail_state,
    status: row.expires_at > now ? 'pending' : 'expired',
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function toReceived(row: Row & { workspace_name: string }): ReceivedInvitation {
  return { id: row.id, workspaceName: row.workspace_name, email: row.email, name: row.name, role: row.role, expiresAt: row.expires_at };
}

export const INVITATION_MAIL_JOB = 'mail.invitation';
/**
 * A mail server can be down for a while: retries after 1, 2, 4 … minutes (capped at an hour),
 * eight attempts in about two hours, before the admin's list shows 'failed'.
 */
export const INVITATION_MAIL_ATTEMPTS = 8;
export const INVITATION_MAIL_BACKOFF = { baseMs: 60_000, maxMs: 3_600_000 };

/**
 * Queues a job in the caller's transaction. `auth/` takes it as a parameter rather than
 * importing `jobs/`, which already imports `auth/` for the actor: the route passes `scheduleJob`.
 */
export type QueueJob = (
  trx: Kysely<Database>,
  job: { type: string; workspaceId: string; payload: Record<string, unknown>; uniqueKey: string; maxAttempts: number },
) => Promise<unknown>;

/**
 * How invitations reach people. `mailer` set (SMTP_URL): the link goes out by a durable
 * `mail.invitation` job that `queueJob` schedules in the invitation's transaction. Unset: the
 * admin gets the link once.
 */
export type InvitationDelivery = { mailer: Mailer | undefined; queueJob?: QueueJob; publicUrl: string; now: Date };

export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl}${INVITATION_PATH}#token=${token}`;
}

/**
 * Invites an email into the actor's workspace (admin). Inviting again replaces the open
 * invitation. With a mailer the link goes to the address and `link` is null; without one the
 * link is returned once for the admin to pass on. 409 when the email is already a member here.
 */
export async function createInvitation(
  db: Conn,
  actor: Actor,
  options: { email: string; name: string; role: Role },
  delivery: InvitationDelivery,
): Promise<{ invitation: Invitation; link: string | null }> {
  assertCanAdministerOrThrow(actor);
  const email = normaliseEmailOrThrow(options.email);
  const mode = delivery.mailer ? 'email' : 'link';
  const queueJob = delivery.queueJob;
  if (mode === 'email' && !queueJob) throw new Error('createInvitation: a mailer needs queueJob to send through the jobs');
  // By mail, the job makes the link's secret (see invitation-mail-job.ts): the hash stored
  // now is of a secret nobody keeps, so no link works until the job has mailed one.
  const token = newSecret();
  const row = await db.transaction().execute(async (trx) => {
    // Looks only at this workspace's members: whether the email has a login elsewhere stays unknown here.
    if (await isMemberByEmail(trx, actor.workspaceId, email)) throw conflict(`${email} is already a member of this workspace.`);
    await revokeOpenInvitations(trx, actor.workspaceId, { email }, delivery.now);
    const inserted = await insertInvitation(trx, {
      workspaceId: actor.workspaceId,
      email,
      name: options.name.trim(),
      role: options.role,
      tokenHash: sha256(token),
      delivery: mode,
      mailState: mode === 'email' ? 'queued' : null,
      invitedBy: actor.userId,
      createdAt: delivery.now,
      expiresAt: new Date(delivery.now.getTime() + INVITATION_TTL_MS),
    });
    await recordAudit(trx, actor, { action: 'create', entityType: 'invitation', entityId: inserted.id, after: { email, role: options.role, delivery: mode } });
    // The invitation and its mail commit together: no invitation without its mail, no mail for a rolled-back one.
    if (queueJob && mode === 'email') {
      await queueJob(trx, {
        type: INVITATION_MAIL_JOB,
        workspaceId: actor.workspaceId,
        payload: { invitationId: inserted.id },
        uniqueKey: inserted.id,
        maxAttempts: INVITATION_MAIL_ATTEMPTS,
      });
    }
    return inserted;
  });
  return { invitation: toInvitation(row, delivery.now), link: mode === 'link' ? invitationLink(delivery.publicUrl, token) : null };
}

/** The same words whether or not the address has a login: the page it links to offers both ways in. */
export function invitationMail(invitation: { email: string; name: string; role: Role; workspaceName: string; link: string; expiresAt: Date }) {
  return {
    to: invitation.email,
    subject: `You are invited to ${invitation.workspaceName} on Boomerang`,
    text: [
      `Hello ${invitation.name},`,
      '',
      `You are invited to join the workspace "${invitation.workspaceName}" on Boomerang as ${invitation.role}.`,
      'Open this link to choose your password, or to accept with the Boomerang login you already have:',
      '',
      invitation.link,
      '',
      `The link works once and until ${invitation.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      'If you did not expect this, ignore this email.',
    ].join('\n'),
  };
}

export async function listInvitations(db: Conn, actor: Actor, now: Date): Promise<Invitation[]> {
  assertCanAdministerOrThrow(actor);
  return (await findOpenInvitations(db, actor.workspaceId)).map((row) => toInvitation(row, now));
}

export async function revokeInvitation(db: Conn, actor: Actor, invitationId: string, now: Date): Promise<void> {
  assertCanAdministerOrThrow(actor);
  await db.transaction().execute(async (trx) => {
    const [revoked] = await revokeOpenInvitations(trx, actor.workspaceId, { id: invitationId }, now);
    if (!revoked) throw notFound('Invitation', invitationId);
    await recordAudit(trx, actor, { action: 'revoke', entityType: 'invitation', entityId: invitationId });
  });
}

const UNUSABLE_LINK = 'This invitation link cannot be used: it was already used, revoked, or it has expired. Ask for a new invitation.';

async function usableInvitationOrThrow(db: Conn, token: string, now: Date) {
  const row = await findUsableInvitationByTokenHash(db, sha256(token), now);
  if (!row) throw invalid(UNUSABLE_LINK, [{ path: 'token', message: 'is used, revoked or expired' }]);
  return row;
}

/** What the link's page shows before anyone decides: who invites, as what. Says nothing about logins. */
export async function previewInvitation(db: Conn, token: string, now: Date): Promise<ReceivedInvitation> {
  return toReceived(await usableInvitationOrThrow(db, token, now));
}

/** Acts as the person accepting, for the audit log of the workspace they join. */
function inviteeActor(workspaceId: string, role: Role, userId: string): Actor {
  return { workspaceId, role, userId, tokenId: null, viaSession: false };
}

/**
 * A new person accepts with the link and chooses their own password: creates the login, the
 * membership, closes the invitation and opens a session. When the email already has a login
 * nothing changes (409): its owner logs in and accepts instead — so no holder of a link can
 * set the password of a login that exists.
 */
export async function acceptInvitationWithNewLogin(
  db: Conn,
  options: { token: string; password: string; name?: string | undefined },
  now: Date,
): Promise<LoginResult> {
  assertPasswordPolicyOrThrow(options.password);
  const passwordHash = await hashPassword(options.password);
  return db.transaction().execute(async (trx) => {
    const invitation = await usableInvitationOrThrow(trx, options.token, now);
    if (await findUserByEmail(trx, invitation.email)) {
      throw conflict('This email already has a Boomerang login. Log in with it, then open the invitation link again to accept.');
    }
    const user = await insertUser(trx, {
      email: invitation.email,
      name: options.name?.trim() || invitation.name || invitation.email,
      passwordHash,
      // A mailed link proves the person reads that mailbox; a link the admin handed on does not.
      emailConfirmedAt: invitation.delivery === 'email' ? now : null,
    });
    if (!(await closeUsableInvitation(trx, invitation.id, { acceptedBy: user.id }, now))) throw invalid(UNUSABLE_LINK);
    await setMembership(trx, { workspaceId: invitation.workspace_id, userId: user.id, role: invitation.role });
    const actor = inviteeActor(invitation.workspace_id, invitation.role, user.id);
    await recordAudit(trx, actor, { action: 'accept', entityType: 'invitation', entityId: invitation.id, after: { email: user.email, role: invitation.role } });
    return openSession(trx, user, { workspaceId: invitation.workspace_id, workspaceName: invitation.workspace_name, role: invitation.role }, now);
  });
}

type SignedIn = { userId: string; sessionToken: string };

async function signedInUserOrThrow(db: Conn, userId: string) {
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('unauthenticated', 'Your session has ended; log in again.');
  return user;
}

/**
 * Invitations addressed to the logged-in person's email, across workspaces — only when the
 * login's control of that email was proven. A login set up some other way (before invitations
 * existed, or from a link an admin handed on) could belong to someone else than the mailbox's
 * owner, so it sees nothing here and must use the link the invitation sent.
 */
export async function listReceivedInvitations(db: Conn, userId: string, now: Date): Promise<{ emailConfirmed: boolean; data: ReceivedInvitation[] }> {
  const user = await signedInUserOrThrow(db, userId);
  if (!user.email_confirmed_at) return { emailConfirmed: false, data: [] };
  return { emailConfirmed: true, data: (await findUsableInvitationsForEmail(db, user.email, now)).map(toReceived) };
}

/**
 * The logged-in person accepts, by the link's token (any login with the invited email) or by
 * id from their list (a login with a confirmed email). Their password is untouched; the session
 * moves to the workspace they joined.
 */
export async function acceptInvitationAsUser(
  db: Conn,
  signedIn: SignedIn,
  by: { token: string } | { id: string },
  now: Date,
): Promise<LoginResult> {
  return db.transaction().execute(async (trx) => {
    const user = await signedInUserOrThrow(trx, signedIn.userId);
    const invitation = 'token' in by ? await usableInvitationOrThrow(trx, by.token, now) : await receivedInvitationOrThrow(trx, user, by.id, now);
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw invalid('This invitation is for another email address: log in with the login for that address, or set one up from the link.', [
        { path: 'token', message: 'is for another email address' },
      ]);
    }
    if (!(await closeUsableInvitation(trx, invitation.id, { acceptedBy: user.id }, now))) throw invalid(UNUSABLE_LINK);
    // A link opened while logged in as its address proves the mailbox, as a new login's link does.
    if ('token' in by && invitation.delivery === 'email') await confirmUserEmail(trx, user.id, now);
    await setMembership(trx, { workspaceId: invitation.workspace_id, userId: user.id, role: invitation.role });
    const actor = inviteeActor(invitation.workspace_id, invitation.role, user.id);
    await recordAudit(trx, actor, { action: 'accept', entityType: 'invitation', entityId: invitation.id, after: { email: user.email, role: invitation.role } });
    await deleteSession(trx, sha256(signedIn.sessionToken));
    return openSession(trx, user, { workspaceId: invitation.workspace_id, workspaceName: invitation.workspace_name, role: invitation.role }, now);
  });
}

export async function declineInvitation(db: Conn, userId: string, invitationId: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await signedInUserOrThrow(trx, userId);
    const invitation = await receivedInvitationOrThrow(trx, user, invitationId, now);
    if (!(await closeUsableInvitation(trx, invitation.id, { declined: true }, now))) throw notFound('Invitation', invitationId);
    const actor = inviteeActor(invitation.workspace_id, invitation.role, user.id);
    await recordAudit(trx, actor, { action: 'decline', entityType: 'invitation', entityId: invitation.id });
  });
}

/** One of the user's own usable invitations by id; anything else is simply not found. */
async function receivedInvitationOrThrow(db: Conn, user: { email: string; email_confirmed_at: Date | null }, id: string, now: Date) {
  const mine = user.email_confirmed_at ? await findUsableInvitationsForEmail(db, user.email, now) : [];
  const invitation = mine.find((candidate) => candidate.id === id);
  if (!invitation) throw notFound('Invitation', id);
  return invitation;
}
