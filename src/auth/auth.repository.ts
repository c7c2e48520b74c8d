import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';

type Conn = Kysely<Database>;

export async function insertUser(db: Conn, user: { email: string; name: string; passwordHash: string; emailConfirmedAt: Date | null }) {
  return db
    .insertInto('users')
    .values({ email: user.email, name: user.name, password_hash: user.passwordHash, email_confirmed_at: user.emailConfirmedAt })
    .returning(['id', 'email', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function findUserByEmail(db: Conn, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function updateUserPassword(db: Conn, userId: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** The user's workspaces, oldest membership first; login opens the first one. */
export async function findMembershipsOfUser(db: Conn, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .select(['workspaces.id as workspaceId', 'workspaces.name as workspaceName', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('workspaces.name')
    .execute();
}

export async function insertSession(
  db: Conn,
  session: { tokenHash: string; userId: string; workspaceId: string; csrfToken: string; expiresAt: Date },
) {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      workspace_id: session.workspaceId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** A live session with the role its user has now (a role change applies at once). */
export async function findLiveSession(db: Conn, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'sessions.user_id')
        .onRef('memberships.workspace_id', '=', 'sessions.workspace_id'),
    )
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('workspaces', 'workspaces.id', 'sessions.workspace_id')
    // The member an admin views as counts only while they belong to the session's workspace.
    .leftJoin('memberships as viewed_membership', (join) =>
      join
        .onRef('viewed_membership.user_id', '=', 'sessions.viewing_as_user_id')
        .onRef('viewed_membership.workspace_id', '=', 'sessions.workspace_id'),
    )
    .leftJoin('users as viewed_user', 'viewed_user.id', 'viewed_membership.user_id')
    .select([
      'viewed_user.id as viewedUserId',
      'viewed_user.email as viewedEmail',
      'viewed_user.name as viewedName',
      'viewed_membership.role as viewedRole',
      'sessions.user_id as userId',
      'sessions.workspace_id as workspaceId',
      'sessions.csrf_token as csrfToken',
      'memberships.role as role',
      'users.email as email',
      'users.name as userName',
      'workspaces.name as workspaceName',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function updateSessionViewingAs(db: Conn, tokenHash: string, userId: string | null) {
  await db.updateTable('sessions').set({ viewing_as_user_id: userId }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Conn, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Conn, now: Date) {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export async function insertApiToken(
  db: Conn,
  token: { workspaceId: string; name: string; role: Role; userId: string | null; tokenHash: string; prefix: string },
) {
  return db
    .insertInto('api_tokens')
    .values({
      workspace_id: token.workspaceId,
      name: token.name,
      role: token.role,
      user_id: token.userId,
      token_hash: token.tokenHash,
      prefix: token.prefix,
    })
    .returning(['id', 'name', 'role', 'user_id', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
}

/** A live token; one issued to a person works only while that person is a member of its workspace. */
export async function findActiveApiToken(db: Conn, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'workspace_id', 'role', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('user_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('memberships')
            .select('memberships.user_id')
            .whereRef('memberships.user_id', '=', 'api_tokens.user_id')
            .whereRef('memberships.workspace_id', '=', 'api_tokens.workspace_id'),
        ),
      ]),
    )
    .executeTakeFirst();
}

export async function touchApiToken(db: Conn, tokenId: string, now: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function findApiTokens(db: Conn, workspaceId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'user_id', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiTokenRow(db: Conn, workspaceId: string, tokenId: string, now: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

export async function findUserById(db: Conn, userId: string) {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function confirmUserEmail(db: Conn, userId: string, now: Date) {
  await db.updateTable('users').set({ email_confirmed_at: now }).where('id', '=', userId).where('email_confirmed_at', 'is', null).execute();
}
