import { sql, type Kysely } from 'kysely';
import type { AccountFieldSource, Database } from '../db/schema.js';

type Conn = Kysely<Database>;

export type FieldSourceRow = { accountId: string; field: string; source: AccountFieldSource; setByUserId: string | null; setAt: Date };

/** Replaces who last set each (account, field), one statement for any number of fields. */
export async function upsertFieldSources(db: Conn, workspaceId: string, rows: FieldSourceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into account_field_sources (workspace_id, account_id, field, source, set_by_user_id, set_at)
    select ${workspaceId}::uuid, r.account_id, r.field, r.source, r.set_by_user_id, r.set_at
    from unnest(
      ${rows.map((row) => row.accountId)}::uuid[],
      ${rows.map((row) => row.field)}::text[],
      ${rows.map((row) => row.source)}::text[],
      ${rows.map((row) => row.setByUserId)}::uuid[],
      ${rows.map((row) => row.setAt.toISOString())}::timestamptz[]
    ) as r(account_id, field, source, set_by_user_id, set_at)
    on conflict (account_id, field) do update
      set source = excluded.source, set_by_user_id = excluded.set_by_user_id, set_at = excluded.set_at`.execute(db);
}

/** The fields of these accounts a person set last, with the person's name (null once the login is gone). */
export async function findPersonSetFields(db: Conn, workspaceId: string, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('account_field_sources as s')
    .leftJoin('users as u', 'u.id', 's.set_by_user_id')
    .select(['s.account_id', 's.field', 's.set_at', 'u.name as set_by_name'])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.account_id', 'in', accountIds)
    .where('s.source', '=', 'person')
    .execute();
}
