import type { Kysely } from 'kysely';
import { invalid } from '../core/errors.js';
import type { Database, Role } from '../db/schema.js';
import { insertSession } from './auth.repository.js';
import { newSecret, sha256 } from './secrets.js';

/** Rules shared by logins the operator creates and logins people make from an invitation. */

type Conn = Kysely<Database>;

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export type UserSummary = { id: string; email: string; name: string };

export type LoginResult = {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserSummary;
  workspace: { id: string; name: string };
  role: Role;
};

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmailOrThrow(raw: string, field = 'email'): string {
  // NFKC like login's lookup, so a full-width or ligature look-alike is not a second login.
  const email = raw.normalize('NFKC').trim();
  if (!EMAIL_PATTERN.test(email)) throw invalid('Give a valid email address.', [{ path: field, message: 'is not an email address' }]);
  return email;
}

/** A new session for the user in one of their workspaces (login, accepting an invitation). */
export async function openSession(
  db: Conn,
  user: UserSummary,
  membership: { workspaceId: string; workspaceName: string; role: Role },
  now: Date,
): Promise<LoginResult> {
  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(db, { tokenHash: sha256(sessionToken), userId: user.id, workspaceId: membership.workspaceId, csrfToken, expiresAt });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    user: { id: user.id, email: user.email, name: user.name },
    workspace: { id: membership.workspaceId, name: membership.workspaceName },
    role: membership.role,
  };
}
