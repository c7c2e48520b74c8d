import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, humanize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { listAccountPlaybookRuns } from './playbooks.api.js';
import type { PlaybookRun } from './playbooks.types.js';

const STATE_BADGE: Record<PlaybookRun['state'], string> = {
  running: 'badge--blue',
  waiting: 'badge--amber',
  done: 'badge--green',
  failed: 'badge--red',
  holdout: 'badge--neutral',
};

/** Run history: what fired, when, why, and each step's result. `show` names the other side of the run. */
export function PlaybookRunsTable({ runs, show }: { runs: PlaybookRun[]; show: 'account' | 'playbook' }) {
  if (runs.length === 0) return <EmptyState title="No runs yet">Runs appear here when an account enters.</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">{show === 'account' ? 'Account' : 'Playbook'}</th>
            <th scope="col">Why</th>
            <th scope="col">State</th>
            <th scope="col">Steps</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>{formatDateTime(run.startedAt)}</td>
              <td>{show === 'account' ? <a href={`/accounts/${run.accountId}`}>{run.accountName}</a> : `${run.playbookName} (v${run.version})`}</td>
              <td>{run.reason}</td>
              <td>
                <span className={`badge ${STATE_BADGE[run.state]}`}>{run.isHoldout ? 'Holdout (control)' : humanize(run.state)}</span>
                {run.wakeAt && run.state === 'waiting' ? <div className="muted">until {formatDateTime(run.wakeAt)}</div> : null}
                {run.lastError ? <div className="muted">{run.lastError}</div> : null}
              </td>
              <td>
                <ol className="playbook-run-steps">
                  {run.steps.map((step) => (
                    <li key={step.stepKey}>
                      {humanize(step.stepType)}: {step.outcome}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The account page's Playbooks tab. */
export function AccountPlaybookRuns({ accountId }: { accountId: string }) {
  const runs = useResource((signal) => listAccountPlaybookRuns(accountId, signal), [accountId]);
  if (runs.error) return <ErrorMessage error={runs.error} onRetry={runs.reload} />;
  if (!runs.data) return <LoadingBlock label="Loading playbook runs…" />;
  return <PlaybookRunsTable runs={runs.data.data} show="playbook" />;
}
