import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { humanize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { EnableToggle } from './playbook-editor-page.js';
import { listPlaybooks } from './playbooks.api.js';

/** The Playbooks list: what each reacts to, whether it is on, how many accounts entered or were held out. */
export function PlaybooksPage() {
  useDocumentTitle('Playbooks');
  const session = useSession();
  const canEdit = session.canManage;
  const playbooks = useResource((signal) => listPlaybooks(signal), []);
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Playbooks</h1>
          <p className="page__subtitle">A trigger, conditions and steps: tasks, emails, webhooks, waits.</p>
        </div>
        {canEdit ? (
          <Link className="button button--primary" to="/playbooks/new">
            New playbook
          </Link>
        ) : null}
      </header>
      {playbooks.error ? (
        <ErrorMessage error={playbooks.error} onRetry={playbooks.reload} />
      ) : !playbooks.data ? (
        <LoadingBlock label="Loading playbooks…" />
      ) : playbooks.data.data.length === 0 ? (
        <EmptyState title="No playbooks yet">Create one to turn signals into tasks and messages.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Trigger</th>
                <th scope="col">Steps</th>
                <th scope="col">Entered</th>
                <th scope="col">Held out</th>
                <th scope="col">Does it work?</th>
                <th scope="col">On</th>
              </tr>
            </thead>
            <tbody>
              {playbooks.data.data.map((playbook) => (
                <tr key={playbook.id}>
                  <td>
                    <Link to={`/playbooks/${playbook.id}`}>{playbook.name}</Link>
                  </td>
                  <td>{humanize(playbook.definition.trigger.kind)}</td>
                  <td>{playbook.definition.steps.length}</td>
                  <td>{playbook.stats.entered}</td>
                  <td>{playbook.stats.heldOut}</td>
                  <td>
                    <Link to={`/playbooks/${playbook.id}/uplift`} aria-label={`Uplift of ${playbook.name}`}>
                      Uplift
                    </Link>
                  </td>
                  <td>
                    <EnableToggle playbook={playbook} disabled={!canEdit} onChanged={() => playbooks.reload()} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
