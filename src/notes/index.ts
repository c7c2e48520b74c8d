import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { forbidden, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { addTimelineEntry, removeTimelineEntriesOf, rewordTimelineEntriesOf } from '../timeline/index.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { noteTitle } from './note-title.js';
import {
  deleteNoteRow,
  findNoteById,
  findNotesByAccount,
  insertNote,
  updateNoteBody,
  type NoteRecord,
} from './notes.repository.js';
import type { Note, NoteInput } from './notes.schema.js';

export * from './notes.schema.js';

type Conn = Kysely<Database>;

function toNote(row: NoteRecord): Note {
  return {
    id: row.id,
    accountId: row.account_id,
    body: row.body,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function getNoteOrThrow(db: Conn, actor: Actor, noteId: string): Promise<Note> {
  const row = await findNoteById(db, actor.workspaceId, noteId);
  if (!row) throw notFound('Note', noteId);
  return toNote(row);
}

/**
 * A note is its author's words: once written, only the author (while not a viewer) or a
 * leader/admin may reword or remove it, even if the account has changed hands since.
 */
function assertCanChangeNoteOrThrow(actor: Actor, note: Note): void {
  if (actor.role === 'admin' || actor.role === 'leader') return;
  if (actor.role === 'viewer') throw forbidden('Viewers have read-only access.');
  if (actor.userId !== null && note.authorId === actor.userId) return;
  throw forbidden('Only the note’s author, a leader or an admin can change this note.');
}

/**
 * The account's notes, newest first. Anyone in the workspace may read them.
 *
 * @example
 *   const notes = await listAccountNotes(db, actor, accountId);
 */
export async function listAccountNotes(db: Conn, actor: Actor, accountId: string): Promise<Note[]> {
  await getAccountOrThrow(db, actor, accountId);
  return (await findNotesByAccount(db, actor.workspaceId, accountId)).map(toNote);
}

/**
 * Adds a note by the caller and tells it on the account's timeline, in one transaction.
 * Needs write access to the account.
 *
 * @example
 *   const note = await addNote(db, actor, accountId, { body: 'Champion is leaving in May' });
 */
export async function addNote(db: Conn, actor: Actor, accountId: string, input: NoteInput, clock: Clock = systemClock): Promise<Note> {
  const now = clock.now();
  await getAccountForWriteOrThrow(db, actor, accountId, now);
  return db.transaction().execute(async (trx) => {
    const { id } = await insertNote(trx, { workspaceId: actor.workspaceId, accountId, authorId: actor.userId, body: input.body, at: now });
    const note = await getNoteOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'create', entityType: 'note', entityId: id, after: note });
    await addTimelineEntry(trx, {
      workspaceId: actor.workspaceId,
      accountId,
      kind: 'note',
      title: noteTitle(note.body),
      body: note.body,
      actorUserId: actor.userId,
      subjectType: 'note',
      subjectId: id,
      occurredAt: now,
    });
    await emitDomainEvents(trx, [{ type: 'note.added', workspaceId: actor.workspaceId, accountId, payload: { noteId: id } }]);
    return note;
  });
}

/** Rewords a note (its author, a leader or an admin). */
export async function editNote(db: Conn, actor: Actor, noteId: string, input: NoteInput, clock: Clock = systemClock): Promise<Note> {
  const before = await getNoteOrThrow(db, actor, noteId);
  assertCanChangeNoteOrThrow(actor, before);
  return db.transaction().execute(async (trx) => {
    await updateNoteBody(trx, actor.workspaceId, noteId, { body: input.body, updatedAt: clock.now() });
    const after = await getNoteOrThrow(trx, actor, noteId);
    await recordAudit(trx, actor, { action: 'update', entityType: 'note', entityId: noteId, before, after });
    await rewordTimelineEntriesOf(
      trx,
      { workspaceId: actor.workspaceId, subjectType: 'note', subjectId: noteId },
      { title: noteTitle(after.body), body: after.body },
    );
    return after;
  });
}

/** Removes a note (its author, a leader or an admin); the audit log keeps its last text. */
export async function deleteNote(db: Conn, actor: Actor, noteId: string): Promise<void> {
  const before = await getNoteOrThrow(db, actor, noteId);
  assertCanChangeNoteOrThrow(actor, before);
  await db.transaction().execute(async (trx) => {
    await deleteNoteRow(trx, actor.workspaceId, noteId);
    await removeTimelineEntriesOf(trx, { workspaceId: actor.workspaceId, subjectType: 'note', subjectId: noteId });
    await recordAudit(trx, actor, { action: 'delete', entityType: 'note', entityId: noteId, before });
  });
}
