import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

function selectNotes(db: Conn, workspaceId: string) {
  return db
    .selectFrom('notes')
    .leftJoin('users as author', 'author.id', 'notes.author_id')
    .select([
      'notes.id',
      'notes.account_id',
      'notes.author_id',
      'notes.body',
      'notes.created_at',
      'notes.updated_at',
      'author.name as author_name',
    ])
    .where('notes.workspace_id', '=', workspaceId);
}

export type NoteRecord = NonNullable<Awaited<ReturnType<typeof findNoteById>>>;

export async function findNoteById(db: Conn, workspaceId: string, id: string) {
  return selectNotes(db, workspaceId).where('notes.id', '=', id).executeTakeFirst();
}

/** Newest first; served by notes_account_idx (workspace_id, account_id, created_at). */
export async function findNotesByAccount(db: Conn, workspaceId: string, accountId: string) {
  return selectNotes(db, workspaceId)
    .where('notes.account_id', '=', accountId)
    .orderBy('notes.created_at', 'desc')
    .orderBy('notes.id', 'desc')
    .execute();
}

export async function insertNote(db: Conn, values: { workspaceId: string; accountId: string; authorId: string | null; body: string; at: Date }) {
  return db
    .insertInto('notes')
    .values({ workspace_id: values.workspaceId, account_id: values.accountId, author_id: values.authorId, body: values.body, created_at: values.at, updated_at: values.at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateNoteBody(db: Conn, workspaceId: string, id: string, values: { body: string; updatedAt: Date }) {
  await db
    .updateTable('notes')
    .set({ body: values.body, updated_at: values.updatedAt })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteNoteRow(db: Conn, workspaceId: string, id: string) {
  await db.deleteFrom('notes').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
