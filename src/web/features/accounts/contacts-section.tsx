import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { CONTACT_ROLE_TONES } from './account-options.js';
import { createContact, listContacts, updateContact } from './accounts.api.js';
import type { Contact, ContactRole, NewContact } from './accounts.types.js';

const CONTACT_ROLES: readonly ContactRole[] = ['champion', 'economic_buyer', 'decision_maker', 'admin', 'end_user'];

export function ContactsSection({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const contacts = useResource((signal) => listContacts(accountId, signal), [accountId]);
  const [error, setError] = useState<unknown>(null);

  function replace(saved: Contact) {
    contacts.update((current) => ({ data: (current?.data ?? []).map((contact) => (contact.id === saved.id ? saved : contact)) }));
  }
  async function toggleStatus(contact: Contact) {
    setError(null);
    try {
      replace(await updateContact(contact.id, { status: contact.status === 'left' ? 'active' : 'left' }));
    } catch (updateError) {
      setError(updateError);
    }
  }

  if (contacts.loading) return <LoadingBlock label="Loading contacts…" />;
  if (contacts.error) return <ErrorMessage error={contacts.error} onRetry={contacts.reload} />;
  const rows = contacts.data?.data ?? [];

  return (
    <div className="section">
      {canWrite ? (
        <div className="section__toolbar">
          <AddContactButton
            accountId={accountId}
            onCreated={(contact) => contacts.update((current) => ({ data: [...(current?.data ?? []), contact] }))}
          />
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {rows.length === 0 ? (
        <EmptyState title="No contacts yet">Contacts sync from your CRM and product identify calls, or add them here.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="contacts-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Role</th>
                <th scope="col">Expertise</th>
                <th scope="col">Status</th>
                {canWrite ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((contact) => (
                <ContactRow key={contact.id} contact={contact} onToggleStatus={canWrite ? () => void toggleStatus(contact) : undefined} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ContactRow({ contact, onToggleStatus }: { contact: Contact; onToggleStatus?: () => void }) {
  const left = contact.status === 'left';
  return (
    <tr className={left ? 'row--departed' : undefined}>
      <td>
        <span className="contact-name">{contact.name}</span>
        {contact.email ? <div className="cell__secondary">{contact.email}</div> : null}
        {contact.phone ? <div className="cell__secondary">{contact.phone}</div> : null}
      </td>
      <td>{contact.title ?? <span className="cell--muted">—</span>}</td>
      <td>
        {contact.role ? (
          <Badge tone={CONTACT_ROLE_TONES[contact.role] ?? 'neutral'}>{humanize(contact.role)}</Badge>
        ) : (
          <span className="cell--muted">—</span>
        )}
      </td>
      <td>{humanize(contact.expertise)}</td>
      <td>{left ? <Badge tone="neutral">Left</Badge> : <Badge tone="green">Active</Badge>}</td>
      {onToggleStatus ? (
        <td>
          {/* A departed champion is a churn signal, so marking it is one click. */}
          <button type="button" className="link-button" onClick={onToggleStatus}>
            {left ? 'Mark active' : 'Mark as left'}
          </button>
        </td>
      ) : null}
    </tr>
  );
}

function AddContactButton({ accountId, onCreated }: { accountId: string; onCreated(contact: Contact): void }) {
  const [open, setOpen] = useState(false);
  const { submitting, error, submit } = useSubmit();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const contact = readNewContact(new FormData(event.currentTarget));
    void submit(async () => {
      onCreated(await createContact(accountId, contact));
      setOpen(false);
    });
  }

  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Add contact
      </button>
      <Dialog title="Add contact" open={open} onClose={() => setOpen(false)}>
        <form className="form" onSubmit={handleSubmit}>
          {error ? <ErrorMessage error={error} /> : null}
          <label className="field">
            <span className="field__label">Name</span>
            <input name="name" required autoFocus maxLength={200} />
          </label>
          <div className="form__row">
            <label className="field">
              <span className="field__label">Email</span>
              <input name="email" type="email" maxLength={254} />
            </label>
            <label className="field">
              <span className="field__label">Phone</span>
              <input name="phone" type="tel" maxLength={50} />
            </label>
          </div>
          <label className="field">
            <span className="field__label">Title</span>
            <input name="title" maxLength={200} placeholder="VP Operations" />
          </label>
          <div className="form__row">
            <label className="field">
              <span className="field__label">Role on the account</span>
              <select name="role" defaultValue="">
                <option value="">None</option>
                {CONTACT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {humanize(role)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">Expertise</span>
              <select name="expertise" defaultValue="novice">
                <option value="novice">Novice</option>
                <option value="expert">Expert</option>
              </select>
            </label>
          </div>
          <FormActions label="Add contact" busyLabel="Adding…" submitting={submitting} onCancel={() => setOpen(false)} />
        </form>
      </Dialog>
    </>
  );
}

function readNewContact(form: FormData): NewContact {
  const text = (key: string) => String(form.get(key) ?? '').trim() || undefined;
  return {
    name: text('name') ?? '',
    email: text('email'),
    title: text('title'),
    phone: text('phone'),
    role: text('role') as ContactRole | undefined,
    expertise: text('expertise') as NewContact['expertise'],
  };
}
