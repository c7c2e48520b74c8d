import { useState, type FormEvent } from 'react';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, formatRelativeTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { createNote, listNotes } from './accounts.api.js';
import type { Note } from './accounts.types.js';

export function NotesSection({ accountId }: { accountId: string }) {
  const { canWrite } = useSession();
  const notes = useResource((signal) => listNotes(accountId, signal), [accountId]);

  function addNote(note: Note) {
    notes.update((current) => ({ data: [note, ...(current?.data ?? [])] }));
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
            <li key={note.id} className="note">
              <p className="note__body">{note.body}</p>
              <p className="note__meta">
                {note.authorName ?? 'Someone'} ·{' '}
                <time dateTime={note.createdAt} title={formatDateTime(note.createdAt)}>
                  {formatRelativeTime(note.createdAt)}
                </time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
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
