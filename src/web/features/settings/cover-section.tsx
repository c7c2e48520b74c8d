import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { ConfirmForm } from '../../components/confirm-form.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { UserSelect } from '../users/user-select.js';
import { useUsers } from '../users/users.api.js';
import { endGrant, grantCover, listGrants, type WriteGrant } from './settings.api.js';

/**
 * Cover during leave: a colleague may write every account of an absent CSM's book until a
 * day (the grant stops by itself), without taking the accounts over. Single-account grants
 * made through the API are listed too.
 */
export function CoverSection() {
  useDocumentTitle('Cover during leave');
  const grants = useResource((signal) => listGrants(signal), []);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<WriteGrant | null>(null);
  const now = new Date().toISOString();
  return (
    <section className="section--stack" aria-label="Cover during leave">
      <div className="toolbar">
        <h2>Cover during leave</h2>
        <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
          Arrange cover
        </button>
      </div>
      <p className="hint">While someone is away, a colleague can update their accounts, log notes and close tasks. Ownership stays put.</p>
      {grants.loading && !grants.data ? (
        <LoadingBlock label="Loading cover…" />
      ) : grants.error ? (
        <ErrorMessage error={grants.error} onRetry={grants.reload} />
      ) : !grants.data?.data.length ? (
        <EmptyState title="Nobody is covering for anyone">Arrange cover before someone’s leave starts.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="grants-table">
            <thead>
              <tr>
                <th scope="col">Covered</th>
                <th scope="col">Covered by</th>
                <th scope="col">Until</th>
                <th scope="col">Why</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {grants.data.data.map((grant) => (
                <tr key={grant.id}>
                  <td>{grant.bookOwnerName ? `${grant.bookOwnerName}’s book` : grant.accountName}</td>
                  <td>{grant.granteeName}</td>
                  <td>
                    {grant.expiresAt ? formatDate(grant.expiresAt) : 'Until ended'}{' '}
                    {grant.expiresAt && grant.expiresAt < now ? <Badge tone="neutral">Ended</Badge> : null}
                  </td>
                  <td>{grant.reason ?? '—'}</td>
                  <td className="cell--numeric">
                    <button type="button" className="button button--small button--ghost" onClick={() => setEnding(grant)}>
                      End<span className="visually-hidden"> the cover by {grant.granteeName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title="Arrange cover" open={adding} onClose={() => setAdding(false)}>
        {adding ? (
          <CoverForm
            onCancel={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              grants.reload();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog title="End cover" open={ending !== null} onClose={() => setEnding(null)}>
        {ending ? (
          <ConfirmForm
            confirmLabel="End cover"
            busyLabel="Ending…"
            onCancel={() => setEnding(null)}
            onConfirm={async () => {
              await endGrant(ending.id);
              setEnding(null);
              grants.reload();
            }}
          >
            <p>{ending.granteeName} can no longer change these accounts, from now on.</p>
          </ConfirmForm>
        ) : null}
      </Dialog>
    </section>
  );
}

function CoverForm({ onCancel, onDone }: { onCancel(): void; onDone(): void }) {
  const { users } = useUsers();
  const { submitting, error, submit } = useSubmit();
  const owners = users.filter((user) => user.role === 'csm' || user.role === 'leader');
  const colleagues = users.filter((user) => user.role !== 'viewer');
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const until = String(form.get('until') ?? '');
    const reason = String(form.get('reason') ?? '').trim();
    const body = {
      bookOwnerId: String(form.get('bookOwnerId')),
      granteeId: String(form.get('granteeId')),
      // The last day of leave counts whole.
      ...(until ? { expiresAt: `${until}T23:59:59Z` } : {}),
      ...(reason ? { reason } : {}),
    };
    void submit(async () => (await grantCover(body), onDone()));
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Who is away</span>
        <UserSelect name="bookOwnerId" users={owners} emptyLabel="Choose a person" required autoFocus />
      </label>
      <label className="field">
        <span className="field__label">Who covers their accounts</span>
        <UserSelect name="granteeId" users={colleagues} emptyLabel="Choose a colleague" required />
      </label>
      <label className="field">
        <span className="field__label">Last day of cover</span>
        <input name="until" type="date" required />
      </label>
      <label className="field">
        <span className="field__label">Reason</span>
        <input name="reason" maxLength={500} placeholder="e.g. Parental leave" />
      </label>
      <FormActions label="Arrange cover" busyLabel="Saving…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
