import { useState } from 'react';
import { ConfirmForm } from '../../components/confirm-form.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useNavigate } from 'react-router';
import { useAuth, useSession } from '../auth/auth-context.js';
import { changeRole, removeMember } from '../settings/settings.api.js';
import { fetchUsers, type User } from './users.api.js';

const ROLES = ['admin', 'leader', 'csm', 'viewer'] as const;

/**
 * Members and their roles; an admin changes a role in place, removes someone (the server keeps
 * one admin) or views the product as them, read-only, landing on their Today.
 */
export function MembersTable() {
  const session = useSession();
  const { viewAs } = useAuth();
  const navigate = useNavigate();
  const isAdmin = session.role === 'admin' && !session.viewedBy;
  const members = useResource(async (signal) => {
    const { data } = await fetchUsers(signal);
    return [...data].sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
  }, []);
  const { error: changeError, submit } = useSubmit();
  const [removing, setRemoving] = useState<User | null>(null);

  if (members.loading && !members.data) return <LoadingBlock label="Loading members…" />;
  if (members.error) return <ErrorMessage error={members.error} onRetry={members.reload} />;
  return (
    <>
      {changeError ? <ErrorMessage error={changeError} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="members-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {isAdmin ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {(members.data ?? []).map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>
                  {isAdmin ? (
                    <select
                      className="inline-select"
                      aria-label={`Role of ${user.name || user.email}`}
                      value={user.role}
                      onChange={(event) => {
                        const role = event.target.value as User['role'];
                        void submit(async () => {
                          const changed = await changeRole(user.id, role);
                          members.update((list) => list?.map((item) => (item.id === changed.id ? changed : item)));
                        });
                      }}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {humanize(role)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    humanize(user.role)
                  )}
                </td>
                {isAdmin ? (
                  <td className="cell--numeric">
                    {user.id === session.user.id ? (
                      <span className="hint">You</span>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="button button--small button--ghost"
                          onClick={() =>
                            void submit(async () => {
                              await viewAs(user.id);
                              await navigate('/today');
                            })
                          }
                        >
                          View as<span className="visually-hidden"> {user.name || user.email}</span>
                        </button>{' '}
                        <button type="button" className="button button--small button--ghost" onClick={() => setRemoving(user)}>
                          Remove<span className="visually-hidden"> {user.name || user.email}</span>
                        </button>
                      </>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog title="Remove from the workspace" open={removing !== null} onClose={() => setRemoving(null)}>
        {removing ? (
          <ConfirmForm
            confirmLabel="Remove"
            busyLabel="Removing…"
            onCancel={() => setRemoving(null)}
            onConfirm={async () => {
              await removeMember(removing.id);
              setRemoving(null);
              members.reload();
            }}
          >
            <p>
              {removing.name || removing.email} loses access to this workspace at once, and their API tokens stop working. Their login
              and their other workspaces stay.
            </p>
          </ConfirmForm>
        ) : null}
      </Dialog>
    </>
  );
}
