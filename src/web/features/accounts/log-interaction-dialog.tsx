import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useUsers } from '../users/users.api.js';
import { listContacts, logInteraction } from './accounts.api.js';
import type { NewInteraction } from './accounts.types.js';

const KINDS: Record<NewInteraction['kind'], string> = { meeting: 'Meeting', call: 'Call', email: 'Email' };
const SENTIMENTS: Record<NonNullable<NewInteraction['sentiment']>, string> = {
  positive: 'Went well',
  neutral: 'Neutral',
  negative: 'Went badly / a risk',
};

/** "2026-12-05T14:30" in the browser's zone, what a datetime-local input holds. */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * A CSM logs a meeting, call or email with the account — who took part, what came out, how it
 * went — so it counts as a touch and shows on the timeline with its tone.
 */
export function LogInteractionButton({ accountId, onLogged }: { accountId: string; onLogged(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
        Log interaction
      </button>
      <Dialog title="Log a meeting, call or email" open={open} onClose={() => setOpen(false)}>
        {open ? (
          <LogInteractionForm
            accountId={accountId}
            onCancel={() => setOpen(false)}
            onLogged={() => {
              setOpen(false);
              onLogged();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function LogInteractionForm({ accountId, onCancel, onLogged }: { accountId: string; onCancel(): void; onLogged(): void }) {
  const { submitting, error, submit } = useSubmit();
  const contacts = useResource((signal) => listContacts(accountId, signal), [accountId]);
  const { users } = useUsers();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    void submit(async () => {
      await logInteraction(accountId, {
        kind: text('kind') as NewInteraction['kind'],
        occurredAt: new Date(text('occurredAt')).toISOString(),
        subject: text('subject'),
        outcome: text('outcome') || undefined,
        sentiment: text('sentiment') as NewInteraction['sentiment'],
        notes: text('notes') || undefined,
        contactIds: form.getAll('contactIds').map(String),
        userIds: form.getAll('userIds').map(String),
      });
      onLogged();
    });
  }

  const activeContacts = (contacts.data?.data ?? []).filter((contact) => contact.status !== 'left');
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form__row">
        <label className="field">
          <span className="field__label">Kind</span>
          <select name="kind" defaultValue="meeting" autoFocus>
            {Object.entries(KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">When</span>
          <input name="occurredAt" type="datetime-local" required max={localNow()} defaultValue={localNow()} />
        </label>
      </div>
      <label className="field">
        <span className="field__label">Subject</span>
        <input name="subject" required maxLength={200} placeholder="Quarterly business review" />
      </label>
      <div className="form__row">
        <fieldset className="field attendees">
          <legend className="field__label">Their side</legend>
          {activeContacts.length === 0 ? <span className="muted">No contacts on this account yet.</span> : null}
          {activeContacts.map((contact) => (
            <label key={contact.id} className="choice">
              <input type="checkbox" className="checkbox" name="contactIds" value={contact.id} />
              {contact.name}
              {contact.title ? <span className="muted"> · {contact.title}</span> : null}
            </label>
          ))}
        </fieldset>
        <fieldset className="field attendees">
          <legend className="field__label">Our side</legend>
          {users.map((user) => (
            <label key={user.id} className="choice">
              <input type="checkbox" className="checkbox" name="userIds" value={user.id} />
              {user.name || user.email}
            </label>
          ))}
        </fieldset>
      </div>
      <label className="field">
        <span className="field__label">Outcome</span>
        <input name="outcome" maxLength={2000} placeholder="Agreed to pilot with the EU team" />
      </label>
      <div className="form__row">
        <label className="field">
          <span className="field__label">How it went</span>
          <select name="sentiment" defaultValue="neutral">
            {Object.entries(SENTIMENTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span className="field__label">Notes</span>
        <textarea name="notes" rows={3} maxLength={20000} placeholder="What was said, next steps…" />
      </label>
      <FormActions label="Log interaction" busyLabel="Logging…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
