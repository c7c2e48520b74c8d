import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { AppError, forbidden, notFound } from '../core/errors.js';
import type { Database, Role } from '../db/schema.js';
import { assertMemberOrThrow, setMembership } from '../workspaces/index.js';
import {
  deleteSession,
  findActiveApiToken,
  findApiTokens,
  findLiveSession,
  findMembershipsOfUser,
  findUserByEmail,
  insertApiToken,
  insertUser,
  revokeApiTokenRow,
  touchApiToken,
  updateUserPassword,
} from './auth.repository.js';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import {
  admitAttempt,
  afterSuccess,
  DEFAULT_LOGIN_LIMITS,
  normalizeEmail,
  type LoginLimits,
} from './login-throttle.js';
import {
  deleteLoginThrottle,
  lockLoginThrottles,
  saveLoginThrottle,
} from './login-throttle.repository.js';
import { assertPasswordPolicyOrThrow } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { normaliseEmailOrThrow, openSession, type LoginResult, type UserSummary } from './credentials.js';
import { newSecret, sha256 } from './secrets.js';

// The Actor and the role rules live in access/ (so workspaces/ and audit/ can use them
// without importing auth/); re-exported here for the modules that already import them from auth.
export * from '../access/index.js';
export { DEFAULT_LOGIN_LIMITS, normalizeEmail, type LoginLimits } from './login-throttle.js';
export {
  checkPasswordPolicy,
  assertPasswordPolicyOrThrow,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
} from './password-policy.js';
export { safeEqual, newSecret } from './secrets.js';
export * from './invitations.js';
export { createInvitationMailJob } from './invitation-mail-job.js';
export { loginThrottleCleanupJob } from './login-throttle-cleanup-job.js';
export * from './credentials.js';

type Conn = Kysely<Database>;

/** Tokens start with this so secret scanners and people recognise them. */
export const API_TOKEN_PREFIX = 'bmr_';

export { automationActor, systemActor } from './actors.js';
export { readOnlyWhileViewingAs, startViewingAs, stopViewingAs } from './view-as.js';

export type CreateUserOptions = {
  email: string;
  name: string;
  password: string;
  workspaceId: string;
  role: Role;
  /** When the operator vouched for the address; the system clock unless a test moves it. */
  clock?: Clock;
};

/** The installation itself (CLI on the host, first start, demo loader, tests) and no person or token. */
function isInstallationActor(actor: Actor): boolean {
  return actor.userId === null && actor.tokenId === null && !actor.viaSession;
}

/**
 * Operator only — never reachable from the HTTP API, where admins invite instead
 * (invitations.ts): creates a login with a password the operator chose and makes it a member.
 * An email that already has a login keeps its password and is made a member, as the
 * operator (demo loader, tests) asks; the CLI's `user create` invites such an email instead
 * (see `hasLogin`), because its owner should agree to join.
 */
export async function createUserInWorkspace(
  db: Conn,
  actor: Actor,
  options: CreateUserOptions,
): Promise<UserSummary & { role: Role; created: boolean }> {
  if (!isInstallationActor(actor))
    throw forbidden('Only the operator of the installation sets passwords; workspace admins invite people by email.');
  const email = normaliseEmailOrThrow(options.email);
  assertPasswordPolicyOrThrow(options.password, { email });
  const passwordHash = await hashPassword(options.password);
  return db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, email);
    // The operator vouches for the address, as a mailed invitation link would.
    const user =
      existing ??
      (await insertUser(trx, {
        email,
        name: options.name.trim() || email,
        passwordHash,
        emailConfirmedAt: (options.clock ?? systemClock).now(),
      }));
    await setMembership(trx, { workspaceId: options.workspaceId, userId: user.id, role: options.role });
    await recordAudit(trx, actor, {
      action: existing ? 'update' : 'create',
      entityType: 'membership',
      entityId: user.id,
      after: { email: user.email, role: options.role },
    });
    return { id: user.id, email: user.email, name: user.name, role: options.role, created: !existing };
  });
}

/** Whether an email has a login anywhere in the installation: for the operator's CLI only, never an API answer. */
export async function hasLogin(db: Conn, email: string): Promise<boolean> {
  return (await findUserByEmail(db, email.trim())) !== undefined;
}

/** For first start: set the admin's password when BOOMERANG_ADMIN_PASSWORD says so. */
export async function resetPassword(db: Conn, email: string, password: string): Promise<void> {
  assertPasswordPolicyOrThrow(password, { email });
  const user = await findUserByEmail(db, email);
  if (!user) throw notFound('User', email);
  await updateUserPassword(db, user.id, await hashPassword(password));
}

const BAD_LOGIN = 'Email or password is wrong.';

export type LoginOptions = {
  email: string;
  password: string;
  workspaceId?: string;
  now: Date;
  /** The caller's address as the server sees it (forwarded headers count only behind a trusted proxy). */
  clientAddress: string;
  limits?: LoginLimits;
};

/**
 * Checks the password and opens a session in the user's first (or the named) workspace.
 * Every attempt counts against the client address and the (normalised) email before the
 * password is checked, so parallel guesses cannot slip past the limit; a refused attempt is
 * a 429 with Retry-After (see login-throttle.ts).
 */
export async function login(db: Conn, options: LoginOptions): Promise<LoginResult> {
  const email = normalizeEmail(options.email);
  const limits = options.limits ?? DEFAULT_LOGIN_LIMITS;
  const address = { keyHash: sha256(`address:${options.clientAddress}`), limit: limits.perAddress };
  const account = { keyHash: sha256(`email:${email}`), limit: limits.perEmail };
  await admitLoginAttemptOrThrow(db, [address, account], limits, options.now);
  const user = await findUserByEmail(db, email);
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, options.password);
  if (!user || !passwordOk) throw new AppError('unauthenticated', BAD_LOGIN);
  await settleSuccessfulLogin(db, { address, account }, options.now);
  const memberships = await findMembershipsOfUser(db, user.id);
  const membership = options.workspaceId
    ? memberships.find((m) => m.workspaceId === options.workspaceId)
    : memberships[0];
  if (!membership) throw new AppError('forbidden', 'This user is not a member of any workspace.');
  return openSession(db, user, membership, options.now);
}

type LoginCounter = { keyHash: string; limit: number };

/**
 * Counts an attempt from a public route that checks a credential or hashes a password
 * (an invitation link): the same per-address counter as login, so neither route lets one
 * client burn the CPU or guess past the other's limit.
 */
export async function admitPublicCredentialAttemptOrThrow(
  db: Conn,
  options: { clientAddress: string; now: Date; limits?: LoginLimits | undefined },
): Promise<void> {
  const limits = options.limits ?? DEFAULT_LOGIN_LIMITS;
  await admitLoginAttemptOrThrow(
    db,
    [{ keyHash: sha256(`address:${options.clientAddress}`), limit: limits.perAddress }],
    limits,
    options.now,
  );
}

/** Counts the attempt on every counter, or on none when one of them refuses it. */
async function admitLoginAttemptOrThrow(
  db: Conn,
  counters: LoginCounter[],
  limits: LoginLimits,
  now: Date,
): Promise<void> {
  const refusedForMs = await db.transaction().execute(async (trx) => {
    const stored = await lockLoginThrottles(
      trx,
      counters.map((counter) => counter.keyHash),
      now,
    );
    const admissions = counters.map((counter) => ({
      counter,
      admission: admitAttempt(stored.get(counter.keyHash), counter.limit, limits, now),
    }));
    const refused = admissions.filter(({ admission }) => !admission.admitted);
    // A refusal stores only the lockout it may have started; an admitted attempt counts everywhere.
    for (const { counter, admission } of refused.length ? refused : admissions)
      await saveLoginThrottle(trx, counter.keyHash, admission.next);
    return refused.length
      ? Math.max(...refused.map(({ admission }) => (admission.admitted ? 0 : admission.retryAfterMs)))
      : 0;
  });
  if (refusedForMs > 0) {
    const seconds = Math.ceil(refusedForMs / 1000);
    throw new AppError(
      'rate_limited',
      `Too many login attempts. Try again in ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
      {
        retryAfterSeconds: seconds,
      },
    );
  }
}

/** The password was right: the account's counter starts over and the address gets its attempt back. */
async function settleSuccessfulLogin(
  db: Conn,
  { address, account }: { address: LoginCounter; account: LoginCounter },
  now: Date,
): Promise<void> {
  await deleteLoginThrottle(db, account.keyHash);
  await db.transaction().execute(async (trx) => {
    const stored = (await lockLoginThrottles(trx, [address.keyHash], now)).get(address.keyHash);
    const next = stored && afterSuccess(stored, now);
    if (next) await saveLoginThrottle(trx, address.keyHash, next);
  });
}

const DUMMY_HASH = await hashPassword('not-a-real-password-just-for-timing');

export async function logout(db: Conn, sessionToken: string): Promise<void> {
  await deleteSession(db, sha256(sessionToken));
}

export type SessionContext = {
  /** Who the requests act as: the member being viewed while an admin views as them. */
  actor: Actor;
  csrfToken: string;
  user: UserSummary;
  workspace: { id: string; name: string };
  /** The admin behind the session while they view as `user` (read-only); null otherwise. */
  viewedBy: { actor: Actor; user: UserSummary } | null;
};

export async function resolveSession(db: Conn, sessionToken: string, now: Date): Promise<SessionContext | undefined> {
  const session = await findLiveSession(db, sha256(sessionToken), now);
  if (!session) return undefined;
  const actor: Actor = { workspaceId: session.workspaceId, role: session.role, userId: session.userId, tokenId: null, viaSession: true };
  const user = { id: session.userId, email: session.email, name: session.userName };
  const workspace = { id: session.workspaceId, name: session.workspaceName };
  // Viewing as someone holds only while the session's own user is still an admin (a demoted
  // admin is back to themself at once) and the member is still in the workspace (the join).
  const { viewedUserId, viewedRole } = session;
  if (session.role !== 'admin' || !viewedUserId || !viewedRole || viewedUserId === session.userId) {
    return { actor, csrfToken: session.csrfToken, user, workspace, viewedBy: null };
  }
  return {
    actor: { ...actor, role: viewedRole, userId: viewedUserId, viewedBy: session.userId },
    csrfToken: session.csrfToken,
    user: { id: viewedUserId, email: session.viewedEmail ?? '', name: session.viewedName ?? '' },
    workspace,
    viewedBy: { actor, user },
  };
}

export async function resolveApiToken(db: Conn, token: string, now: Date): Promise<Actor | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const row = await findActiveApiToken(db, sha256(token));
  if (!row) return undefined;
  await touchApiToken(db, row.id, now);
  return { workspaceId: row.workspace_id, role: row.role, userId: row.user_id, tokenId: row.id, viaSession: false };
}

export type ApiTokenSummary = {
  id: string;
  name: string;
  role: Role;
  userId: string | null;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function toTokenSummary(row: Awaited<ReturnType<typeof findApiTokens>>[number]): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    userId: row.user_id,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export type CreateApiTokenOptions = { name: string; role: Role; userId?: string | null };

/** Returns the token in clear once; only its hash is kept. */
export async function createApiToken(
  db: Conn,
  actor: Actor,
  options: CreateApiTokenOptions,
): Promise<{ token: string; summary: ApiTokenSummary }> {
  assertCanAdministerOrThrow(actor);
  if (options.userId) await assertMemberOrThrow(db, actor.workspaceId, options.userId, 'userId');
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  return db.transaction().execute(async (trx) => {
    const row = await insertApiToken(trx, {
      workspaceId: actor.workspaceId,
      name: options.name,
      role: options.role,
      userId: options.userId ?? null,
      tokenHash: sha256(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
    });
    const summary = toTokenSummary(row);
    await recordAudit(trx, actor, { action: 'create', entityType: 'api_token', entityId: row.id, after: summary });
    return { token, summary };
  });
}

export async function listApiTokens(db: Conn, actor: Actor): Promise<ApiTokenSummary[]> {
  assertCanAdministerOrThrow(actor);
  return (await findApiTokens(db, actor.workspaceId)).map(toTokenSummary);
}

export async function revokeApiToken(db: Conn, actor: Actor, tokenId: string, now: Date): Promise<void> {
  assertCanAdministerOrThrow(actor);
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeApiTokenRow(trx, actor.workspaceId, tokenId, now);
    if (!revoked) throw notFound('API token', tokenId);
    await recordAudit(trx, actor, { action: 'revoke', entityType: 'api_token', entityId: tokenId });
  });
}
