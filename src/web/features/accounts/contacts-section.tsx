import { Badge } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { CONTACT_ROLE_TONES } from './account-options.js';
import { listContacts } from './accounts.api.js';
import type { Contact } from './accounts.types.js';

export function ContactsSection({ accountId }: { accountId: string }) {
  const contacts = useResource((signal) => listContacts(accountId, signal), [accountId]);

  if (contacts.loading) return <LoadingBlock label="Loading contacts…" />;
  if (contacts.error) return <ErrorMessage error={contacts.error} onRetry={contacts.reload} />;
  const rows = contacts.data?.data ?? [];
  if (rows.length === 0)
    return <EmptyState title="No contacts yet">Contacts sync from your CRM or can be added by the API.</EmptyState>;

  return (
    <div className="table-wrap">
      <table className="table" data-testid="contacts-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Title</th>
            <th scope="col">Role</th>
            <th scope="col">Expertise</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((contact) => (
            <ContactRow key={contact.id} contact={contact} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ContactRow({ contact }: { contact: Contact }) {
  const left = contact.status === 'left';
  return (
    <tr className={left ? 'row--departed' : undefined}>
      <td>
        <span className="contact-name">{contact.name}</span>
        {contact.email ? <div className="cell__secondary">{contact.email}</div> : null}
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
    </tr>
  );
}
