import type { Insertable, Kysely } from 'kysely';
import type { AccountWriteGrantsTable, Database } from '../db/schema.js';

type Conn = Kysely<Database>;

export type HasWriteGrantQuery = {
  workspaceId: string;
  granteeId: string;
  accountId: string;
  ownerId: string | null;
  now: Date;
};

/** Whether an unexpired grant lets the user write this account (by itself, or its owner's whole book). */
export async function hasWriteGrant(db: Conn, query: HasWriteGrantQuery): Promise<boolean> {
  const row = await db
    .selectFrom('account_write_grants')
    .select('id')
    .where('workspace_id', '=', query.workspaceId)
    .where('grantee_id', '=', query.granteeId)
    .where((eb) =>
      eb.or([
        eb('account_id', '=', query.accountId),
        ...(query.ownerId ? [eb('book_owner_id', '=', query.ownerId)] : []),
      ]),
    )
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', query.now)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

function selectGrants(db: Conn) {
  return db
    .selectFrom('account_write_grants as g')
    .innerJoin('users as grantee', 'grantee.id', 'g.grantee_id')
    .leftJoin('accounts as account', 'account.id', 'g.account_id')
    .leftJoin('users as book_owner', 'book_owner.id', 'g.book_owner_id')
    .leftJoin('users as creator', 'creator.id', 'g.created_by')
    .select([
      'g.id',
      'g.grantee_id',
      'grantee.name as grantee_name',
      'g.account_id',
      'account.name as account_name',
      'g.book_owner_id',
      'book_owner.name as book_owner_name',
      'g.reason',
      'g.expires_at',
      'creator.name as created_by_name',
      'g.created_at',
    ]);
}

export type GrantRecord = NonNullable<Awaited<ReturnType<typeof findGrantById>>>;

export type FindGrantsQuery = { workspaceId: string; granteeId?: string; accountId?: string };

export async function findGrants(db: Conn, query: FindGrantsQuery) {
  let select = selectGrants(db).where('g.workspace_id', '=', query.workspaceId);
  if (query.granteeId) select = select.where('g.grantee_id', '=', query.granteeId);
  if (query.accountId) select = select.where('g.account_id', '=', query.accountId);
  return select.orderBy('g.created_at', 'desc').orderBy('g.id').limit(500).execute();
}

export async function findGrantById(db: Conn, workspaceId: string, id: string) {
  return selectGrants(db).where('g.workspace_id', '=', workspaceId).where('g.id', '=', id).executeTakeFirst();
}

export async function insertGrant(db: Conn, values: Insertable<AccountWriteGrantsTable>): Promise<string> {
  const row = await db.insertInto('account_write_grants').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteGrantRow(db: Conn, workspaceId: string, id: string): Promise<void> {
  await db.deleteFrom('account_write_grants').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
