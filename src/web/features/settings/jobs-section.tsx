import { useState } from 'react';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, formatNumber } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { listJobs, retryJob, type Job } from './settings.api.js';

const STATES: { value: Job['state'] | undefined; label: string }[] = [
  { value: 'failed', label: 'Failed' },
  { value: 'queued', label: 'Queued' },
  { value: 'running', label: 'Running' },
  { value: 'done', label: 'Done' },
  { value: undefined, label: 'All' },
];
const TONE: Record<Job['state'], BadgeTone> = { failed: 'red', queued: 'blue', running: 'amber', done: 'green' };

/** The screen for `boomerang jobs [--failed]` and `jobs retry ID`: what runs in the background, what failed and why. */
export function JobsSection() {
  useDocumentTitle('Jobs');
  const { canAdminister } = useSession();
  const [state, setState] = useState<Job['state'] | undefined>('failed');
  const jobs = useResource((signal) => listJobs(state, signal), [state]);
  const { error: retryError, submit } = useSubmit();
  const counts = jobs.data?.counts;
  return (
    <section className="section--stack" aria-label="Jobs">
      <h2>Jobs</h2>
      <p className="hint">
        Background work: mail, usage roll-ups, clean-ups. A job that keeps failing stops retrying and waits here; retry it once the cause
        is fixed.
      </p>
      <div className="tabs" role="tablist" aria-label="Job state">
        {STATES.map((option) => (
          <button
            key={option.label}
            type="button"
            role="tab"
            className="tabs__tab"
            aria-selected={state === option.value}
            onClick={() => setState(option.value)}
          >
            {option.label}
            {option.value && counts ? <span className="tabs__count">{formatNumber(counts[option.value])}</span> : null}
          </button>
        ))}
      </div>
      {retryError ? <ErrorMessage error={retryError} /> : null}
      {jobs.loading && !jobs.data ? (
        <LoadingBlock label="Loading jobs…" />
      ) : jobs.error ? (
        <ErrorMessage error={jobs.error} onRetry={jobs.reload} />
      ) : !jobs.data?.data.length ? (
        <EmptyState title={state === 'failed' ? 'No failed jobs' : 'No jobs here'}>
          {state === 'failed' ? 'Everything in the background has worked so far.' : 'Pick another state above.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="jobs-table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last change</th>
                <th scope="col">Last error</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.data.map((job) => (
                <tr key={job.id}>
                  <td>
                    <code>{job.type}</code>
                    {job.workspaceId === null ? <div className="hint">System</div> : null}
                  </td>
                  <td>
                    <Badge tone={TONE[job.state]}>{job.state}</Badge>
                  </td>
                  <td className="cell--numeric">
                    {job.attempts} of {job.maxAttempts}
                  </td>
                  <td>{formatDateTime(job.finishedAt ?? job.updatedAt)}</td>
                  <td className="cell--wrap">{job.lastError ?? '—'}</td>
                  <td className="cell--numeric">
                    {job.state === 'failed' && canAdminister ? (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => void submit(async () => (await retryJob(job.id), jobs.reload()))}
                      >
                        Retry<span className="visually-hidden"> {job.type}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
