import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { AppError, forbidden, invalid, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { listMembers } from '../workspaces/index.js';
import { updateSessionViewingAs } from './auth.repository.js';
import { sha256 } from './secrets.js';
import type { SessionContext } from './index.js';

type Conn = Kysely<Database>;

/** Why a write is refused while an admin views as someone: the API's 403 detail and the SPA's banner say the same. */
export function readOnlyWhileViewingAs(session: SessionContext): AppError {
  return forbidden(`Read-only while viewing as ${session.user.name || session.user.email}. Stop viewing as them to make changes.`);
}

/**
 * Switches an admin's browser session to view the product as a member of the same workspace
 * (issue 15 item 4), read-only: requests then act as the member, and the API refuses every
 * write until `stopViewingAs`. Admins only, from a session only (a token has none), never
 * as oneself or as someone outside the workspace (404). Audited as the admin.
 *
 * @example
 *   await startViewingAs(db, { session, sessionToken, userId: csm.id });
 */
export async function startViewingAs(db: Conn, options: { session: SessionContext; sessionToken: string; userId: string }): Promise<void> {
  const { session, userId } = options;
  // While viewing as someone the session is read-only: switching goes through "stop" first.
  if (session.viewedBy) throw readOnlyWhileViewingAs(session);
  const admin = session.actor;
  assertCanAdministerOrThrow(admin);
  if (userId === admin.userId) throw invalid('You are already viewing as yourself.', [{ path: 'userId', message: 'is you' }]);
  const member = (await listMembers(db, admin)).find((candidate) => candidate.id === userId);
  if (!member) throw notFound('user', userId);
  await inTransaction(db, async (trx) => {
    await updateSessionViewingAs(trx, sha256(options.sessionToken), member.id);
    await recordAudit(trx, admin, { action: 'create', entityType: 'view_as', entityId: member.id, after: { email: member.email, role: member.role } });
  });
}

/** Ends viewing as someone: the session is the admin's own again. Audited; a session viewing as no one is left as it is. */
export async function stopViewingAs(db: Conn, options: { session: SessionContext; sessionToken: string }): Promise<void> {
  const { session } = options;
  if (!session.viewedBy) return;
  const viewed = session.user;
  await inTransaction(db, async (trx) => {
    await updateSessionViewingAs(trx, sha256(options.sessionToken), null);
    await recordAudit(trx, session.viewedBy!.actor, { action: 'delete', entityType: 'view_as', entityId: viewed.id, before: { email: viewed.email, role: session.actor.role } });
  });
}
