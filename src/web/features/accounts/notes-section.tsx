import { useState, type FormEvent } from 'react';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, formatRelativeTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { createNote, deleteNote, listNotes, updateNote } from './accounts.api.js';
import type { Note } from './accounts.types.js';

export function NotesSection({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const session = useSession();
  const notes = useResource((signal) => listNotes(accountId, signal), [accountId]);
  // The API lets a note's author, a leader or an admin reword or delete it.
  const mayEdit = (note: Note) => session.canManage || (canWrite && note.authorId === session.user.id);

  function addNote(note: Note) {
    notes.update((current) => ({ data: [note, ...(current?.data ?? [])] }));
  }
  function replaceNote(saved: Note) {
    notes.update((current) => ({ data: (current?.data ?? []).map((note) => (note.id === saved.id ? saved : note)) }));
  }
  function removeNote(removed: Note) {
    notes.update((current) => ({ data: (current?.data ?? []).filter((note) => note.id !== removed.id) }));
  }

  const sorted = [...(notes.data?.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <div className="section section--stack">
      {canWrite ? <NoteComposer accountId={accountId} onSaved={addNote} /> : null}
      {notes.loading ? (
        <LoadingBlock label="Loading notes…" />
      ) : notes.error ? (
        <ErrorMessage error={notes.error} onRetry={notes.reload} />
      ) : sorted.length === 0 ? (
        <EmptyState title="No notes yet">Notes you add here also appear on the account timeline.</EmptyState>
      ) : (
        <ul className="notes" data-testid="notes-list">
          {sorted.map((note) => (
            <NoteItem key={note.id} note={note} editable={mayEdit(note)} onSaved={replaceNote} onDeleted={removeNote} />
          ))}
        </ul>
      )}
    </div>
  );
}

type NoteItemProps = { note: Note; editable: boolean; onSaved(note: Note): void; onDeleted(note: Note): void };

function NoteItem({ note, editable, onSaved, onDeleted }: NoteItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (actionError) {
      setError(actionError);
    } finally {
      setBusy(false);
    }
  }
  const save = () =>
    run(async () => {
      onSaved(await updateNote(note.id, draft.trim()));
      setEditing(false);
    });
  const remove = () =>
    run(async () => {
      if (!window.confirm('Delete this note? It also leaves the timeline.')) return;
      await deleteNote(note.id);
      onDeleted(note);
    });

  return (
    <li className="note">
      {error ? <ErrorMessage error={error} /> : null}
      {editing ? (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <textarea
            aria-label="Note text"
            rows={3}
            value={draft}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void save();
            }}
          />
          <FormActions label="Save" busyLabel="Saving…" submitting={busy} onCancel={() => setEditing(false)} disabled={!draft.trim()} />
        </form>
      ) : (
        <p className="note__body">{note.body}</p>
      )}
      <p className="note__meta">
        {note.authorName ?? 'Someone'} ·{' '}
        <time dateTime={note.createdAt} title={formatDateTime(note.createdAt)}>
          {formatRelativeTime(note.createdAt)}
        </time>
        {editable && !editing ? (
          <>
            {' · '}
            <button type="button" className="link-button" onClick={() => (setDraft(note.body), setEditing(true))} disabled={busy}>
              Edit
            </button>
            {' · '}
            <button type="button" className="link-button" onClick={() => void remove()} disabled={busy}>
              Delete
            </button>
          </>
        ) : null}
      </p>
    </li>
  );
}

function NoteComposer({ accountId, onSaved }: { accountId: string; onSaved(note: Note): void }) {
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (!body.trim() || saving) return;
    setSaving(true);
    setError(null);
    try {
      const submitted = body;
      onSaved(await createNote(accountId, submitted.trim()));
      // Keep anything typed while the save was in flight.
      setBody((current) => (current === submitted ? '' : current));
    } catch (saveError) {
      setError(saveError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card note-composer" onSubmit={save}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">New note</span>
        <textarea
          rows={3}
          value={body}
          placeholder="What happened? Decisions, risks, next steps…"
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            // Enter must still make new lines in a note, so Ctrl/⌘+Enter saves.
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void save();
          }}
        />
      </label>
      <div className="form__actions">
        <span className="hint">Ctrl + Enter to save</span>
        <button type="submit" className="button button--primary" disabled={saving || !body.trim()}>
          {saving ? 'Saving…' : 'Save note'}
        </button>
      </div>
    </form>
  );
}
