import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { ShownOnceDialogButton } from '../../components/shown-once-dialog-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, humanize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useAuth, useSession } from '../auth/auth-context.js';
import { CopyButton } from '../data/copy-button.js';
import { MembersTable } from './members-table.js';
import {
  acceptMyInvitation,
  createInvitation,
  declineMyInvitation,
  listInvitations,
  listMyInvitations,
  revokeInvitation,
  type CreatedInvitation,
  type Invitation,
} from './users.api.js';

const ROLES = ['admin', 'leader', 'csm', 'viewer'] as const;

/** Members of the workspace; admins invite by email (nobody sets another person's password). */
export function UsersPage() {
  useDocumentTitle('Users');
  const { canAdminister } = useSession();
  const isAdmin = canAdminister;
  return (
    <div className="page section--stack">
      <header className="page__header">
        <h1>Users</h1>
      </header>
      <MyInvitations />
      <section className="section--stack" aria-label="Members">
        <h2>Members</h2>
        <MembersTable />
      </section>
      {isAdmin ? <Invitations /> : <p className="hint">Only admins invite people to the workspace.</p>}
    </div>
  );
}

function Invitations() {
  const invitations = useResource((signal) => listInvitations(signal), []);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  return (
    <section className="section--stack" aria-label="Invitations">
      <div className="toolbar">
        <h2>Invitations</h2>
        <ShownOnceDialogButton<CreatedInvitation>
          label="Invite someone"
          title="Invite someone"
          createdTitle={(created) => `${created.email} is invited`}
          form={(props) => <InviteForm {...props} />}
          shownOnce={({ created, onDone }) => <InvitationSent invitation={created} onDone={onDone} />}
          onCreated={invitations.reload}
        />
      </div>
      {invitations.loading && !invitations.data ? (
        <LoadingBlock label="Loading invitations…" />
      ) : invitations.error ? (
        <ErrorMessage error={invitations.error} onRetry={invitations.reload} />
      ) : !invitations.data?.data.length ? (
        <EmptyState title="No open invitations">Invite someone by email; they choose their own password from the link.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="invitations-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Sent</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.data.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.name}</td>
                  <td>{invitation.email}</td>
                  <td>{humanize(invitation.role)}</td>
                  <td>
                    {formatDate(invitation.createdAt)} {invitation.delivery === 'email' ? 'by email' : 'as a link'}
                    {invitation.mailState ? <div className="hint">{MAIL_STATE_TEXT[invitation.mailState]}</div> : null}
                  </td>
                  <td>{invitation.status === 'expired' ? 'Expired' : `Pending until ${formatDate(invitation.expiresAt)}`}</td>
                  <td className="cell--numeric">
                    <button type="button" className="button button--small button--ghost" onClick={() => setRevoking(invitation)}>
                      Revoke<span className="visually-hidden"> the invitation of {invitation.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        title="Revoke invitation"
        subject={revoking}
        confirmLabel="Revoke"
        busyLabel="Revoking…"
        onClose={() => setRevoking(null)}
        onConfirm={async (invitation) => {
          await revokeInvitation(invitation.id);
          invitations.reload();
        }}
      >
        {(invitation) => <p>The link sent to {invitation.email} stops working at once.</p>}
      </ConfirmDialog>
    </section>
  );
}

function InviteForm({ onCancel, onCreated }: { onCancel(): void; onCreated(created: CreatedInvitation): void }) {
  const { submitting, error, submit } = useSubmit();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      email: String(form.get('email') ?? '').trim(),
      name: String(form.get('name') ?? '').trim(),
      role: String(form.get('role')) as Invitation['role'],
    };
    void submit(async () => onCreated(await createInvitation(body)));
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Email</span>
        <input name="email" type="email" required autoFocus maxLength={320} />
      </label>
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required maxLength={200} />
      </label>
      <label className="field">
        <span className="field__label">Role</span>
        <select name="role" defaultValue="csm">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {humanize(role)}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">They choose their own password from the link, or accept with the login they already have.</p>
      <FormActions label="Send invitation" busyLabel="Inviting…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

/** Without SMTP_URL the link is shown this once, for the admin to pass on; with it, it went by email. */
function InvitationSent({ invitation, onDone }: { invitation: CreatedInvitation; onDone(): void }) {
  return (
    <div className="form">
      {invitation.link ? (
        <>
          <p className="hint">
            No outgoing mail is set up (SMTP_URL), so pass this link on to {invitation.email} yourself. It is shown only this once,
            works once, and expires on {formatDate(invitation.expiresAt)}.
          </p>
          <div className="field">
            <span className="field__label">Invitation link</span>
            <code data-testid="invitation-link" className="snippet">
              {invitation.link}
            </code>
            <CopyButton text={invitation.link} label="Copy the invitation link" autoFocus />
          </div>
        </>
      ) : (
        <p className="hint">
          An email with a one-time link went to {invitation.email}. It expires on {formatDate(invitation.expiresAt)}.
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

/** Invitations to the signed-in person from other workspaces, when their email is confirmed. */
function MyInvitations() {
  const mine = useResource((signal) => listMyInvitations(signal), []);
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const { submitting, error, submit } = useSubmit();
  if (!mine.data?.data.length) return null;
  return (
    <section className="section--stack" aria-label="Your invitations">
      <h2>Your invitations</h2>
      {error ? <ErrorMessage error={error} /> : null}
      <ul className="list">
        {mine.data.data.map((invitation) => (
          <li key={invitation.id} className="toolbar">
            <span>
              <strong>{invitation.workspaceName}</strong> invites you as {humanize(invitation.role)}
            </span>
            <span>
              <button
                type="button"
                className="button button--primary button--small"
                disabled={submitting}
                onClick={() =>
                  void submit(async () => {
                    adopt(await acceptMyInvitation({ id: invitation.id }));
                    navigate('/accounts');
                  })
                }
              >
                Accept
              </button>{' '}
              <button
                type="button"
                className="button button--ghost button--small"
                disabled={submitting}
                onClick={() => void submit(async () => (await declineMyInvitation(invitation.id), mine.reload()))}
              >
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How the `mail.invitation` job stands; a failed one is retried from the jobs screen. */
const MAIL_STATE_TEXT = {
  queued: 'Mail queued',
  sent: 'Mail sent',
  failed: 'Mail failed: see failed jobs',
} as const;
