import { sql, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { ContactsTable, Database } from '../db/schema.js';

type Conn = Kysely<Database>;

export type NewContactRow = Insertable<ContactsTable>;
export type ContactRowUpdate = Updateable<ContactsTable>;

function selectContacts(db: Conn, workspaceId: string) {
  return db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId);
}

export type ContactRecord = NonNullable<Awaited<ReturnType<typeof findContactById>>>;

export async function findContactById(db: Conn, workspaceId: string, id: string) {
  return selectContacts(db, workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Locks the row so two concurrent edits cannot both tell the timeline the same change. */
export async function findContactByIdForUpdate(db: Conn, workspaceId: string, id: string) {
  return selectContacts(db, workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Alphabetical; contacts_account_idx finds the account's rows, the sort is per account. */
export async function findContactsByAccount(db: Conn, workspaceId: string, accountId: string) {
  return selectContacts(db, workspaceId)
    .where('account_id', '=', accountId)
    .orderBy((eb) => eb.fn('lower', ['name']))
    .orderBy('id')
    .execute();
}

export async function insertContact(db: Conn, values: NewContactRow) {
  return db.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
}

/** One multi-row INSERT (imports); returns the rows in input order. */
export async function insertContacts(db: Conn, values: NewContactRow[]) {
  if (values.length === 0) return [];
  return db.insertInto('contacts').values(values).returningAll().execute();
}

export type ContactMatchKeys = { emails: string[]; system: string; externalIds: string[] };

/**
 * Contacts whose email (any case) or id in `system` is among the keys. The email test uses
 * contacts_email_idx; the external-id test reads the workspace's contacts.
 */
export async function findContactsByMatchKeys(db: Conn, workspaceId: string, keys: ContactMatchKeys) {
  if (keys.emails.length === 0 && keys.externalIds.length === 0) return [];
  const emails = keys.emails.map((email) => email.toLowerCase());
  return selectContacts(db, workspaceId)
    .where((eb) =>
      eb.or([
        ...(emails.length ? [eb(eb.fn('lower', ['email']), 'in', emails)] : []),
        ...(keys.externalIds.length
          ? [sql<SqlBool>`(external_ids ->> ${keys.system}) = any(${keys.externalIds}::text[])`]
          : []),
      ]),
    )
    .execute();
}

export async function updateContactRow(db: Conn, workspaceId: string, id: string, values: ContactRowUpdate) {
  return db
    .updateTable('contacts')
    .set(values)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteContactRow(db: Conn, workspaceId: string, id: string) {
  await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
