import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import { forbiddenUnlessLeader, type Actor } from '../auth/index.js';
import { systemClock } from '../core/clock.js';
import { invalid, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { assertMemberOrThrow } from '../workspaces/index.js';
import { deleteGrantRow, findGrantById, findGrants, insertGrant, type GrantRecord } from './account-grants.repository.js';
import type { AccountWriteGrant, CreateAccountWriteGrantInput, ListAccountWriteGrantsQuery } from './account-grants.schema.js';
import { accountExists } from './accounts.repository.js';

type Conn = Kysely<Database>;

function toGrant(row: GrantRecord): AccountWriteGrant {
  return {
    id: row.id,
    granteeId: row.grantee_id,
    granteeName: row.grantee_name,
    accountId: row.account_id,
    accountName: row.account_name,
    bookOwnerId: row.book_owner_id,
    bookOwnerName: row.book_owner_name,
    reason: row.reason,
    expiresAt: row.expires_at,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  };
}

function assertCanManageGrantsOrThrow(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('give or remove write access to accounts');
}

/** Every grant in the workspace (anyone may see who can write what), optionally for one user or account. */
export async function listAccountWriteGrants(db: Conn, actor: Actor, query: ListAccountWriteGrantsQuery): Promise<AccountWriteGrant[]> {
  const rows = await findGrants(db, { workspaceId: actor.workspaceId, ...query });
  return rows.map(toGrant);
}

/**
 * Lets a user write one account, or a colleague's whole book, beyond their own. Leaders and
 * admins only; audited.
 *
 * @example
 *   await createAccountWriteGrant(db, leader, { granteeId: ana, bookOwnerId: ben, reason: 'Ben on leave', expiresAt: '2026-12-24T00:00:00Z' });
 */
export async function createAccountWriteGrant(
  db: Conn,
  actor: Actor,
  input: CreateAccountWriteGrantInput,
  now: Date = systemClock.now(),
): Promise<AccountWriteGrant> {
  assertCanManageGrantsOrThrow(actor);
  await assertMemberOrThrow(db, actor.workspaceId, input.granteeId, 'granteeId');
  if (input.bookOwnerId) {
    await assertMemberOrThrow(db, actor.workspaceId, input.bookOwnerId, 'bookOwnerId');
    if (input.bookOwnerId === input.granteeId) {
      throw invalid('A user already writes their own book.', [{ path: 'body.bookOwnerId', message: 'same user as granteeId' }]);
    }
  }
  if (input.accountId && !(await accountExists(db, actor.workspaceId, input.accountId))) throw notFound('Account', input.accountId);
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= now.getTime()) {
    throw invalid('expiresAt is in the past.', [{ path: 'body.expiresAt', message: 'must be in the future' }]);
  }
  return inTransaction(db, async (trx) => {
    const id = await insertGrant(trx, {
      workspace_id: actor.workspaceId,
      grantee_id: input.granteeId,
      account_id: input.accountId ?? null,
      book_owner_id: input.bookOwnerId ?? null,
      reason: input.reason ?? null,
      expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
      created_by: actor.userId,
    });
    const grant = toGrant((await findGrantById(trx, actor.workspaceId, id))!);
    await recordAudit(trx, actor, { action: 'create', entityType: 'account_write_grant', entityId: id, after: grant });
    return grant;
  });
}

export async function deleteAccountWriteGrant(db: Conn, actor: Actor, grantId: string): Promise<void> {
  const row = await findGrantById(db, actor.workspaceId, grantId);
  if (!row) throw notFound('Grant', grantId);
  assertCanManageGrantsOrThrow(actor);
  await inTransaction(db, async (trx) => {
    await deleteGrantRow(trx, actor.workspaceId, grantId);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'account_write_grant', entityId: grantId, before: toGrant(row) });
  });
}
