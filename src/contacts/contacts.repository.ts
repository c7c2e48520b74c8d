import type { Insertable, Kysely, Updateable } from 'kysely';
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
