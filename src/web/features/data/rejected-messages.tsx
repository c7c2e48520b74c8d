import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, formatRelativeTime, pluralize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { listSourceRejections } from './data.api.js';
import type { SourceRejection } from './data.types.js';

const KIND_LABEL: Record<SourceRejection['kind'], string> = {
  invalid: 'Invalid',
  too_large: 'Too large',
  unreadable: 'Unreadable body',
};

/** Why each refused message of a source was refused (admins; issue 15 item 9), newest first, with older pages on demand. */
export function RejectedMessages({ sourceId, refreshKey }: { sourceId: string; refreshKey: unknown }) {
  const first = useResource((signal) => listSourceRejections(sourceId, { signal }), [sourceId, refreshKey]);
  const [older, setOlder] = useState<{ rows: SourceRejection[]; next: string | null } | null>(null);
  const { submitting, error, submit } = useSubmit();
  if (first.error) return <ErrorMessage error={first.error} onRetry={first.reload} />;
  if (!first.data) return <LoadingBlock label="Loading rejected messages…" />;
  const rows = [...first.data.data, ...(older?.rows ?? [])];
  const next = older ? older.next : first.data.nextBefore;

  return (
    <div className="section--stack" data-testid="rejected-messages">
      <h3 className="card__subtitle">Why messages were rejected</h3>
      <p className="hint">
        A refused batch is refused whole: each row is a message at fault, and says how many were refused with it. The newest{' '}
        {first.data.keptPerSource} are kept.
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Message</th>
              <th scope="col">User</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <time dateTime={row.receivedAt} title={formatDateTime(row.receivedAt)}>
                    {formatRelativeTime(row.receivedAt)}
                  </time>
                  <div className="cell__secondary">{row.endpoint ? `/v1/${row.endpoint}` : '/v1'}</div>
                </td>
                <td>
                  <MessageLabel row={row} />
                </td>
                <td>{row.userKey ? <code className="cell__id">{row.userKey}</code> : <span className="cell--muted">—</span>}</td>
                <td>
                  <strong>{KIND_LABEL[row.kind]}:</strong> {row.reason}
                  {row.requestMessages > 1 ? (
                    <div className="cell__secondary">
                      Refused with its batch of {pluralize(row.requestMessages, 'message')}.
                    </div>
                  ) : null}
                  {row.excerpt ? (
                    <details className="rejection__excerpt">
                      <summary>Message as sent</summary>
                      <pre>{row.excerpt}</pre>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <div>
          <button
            type="button"
            className="button button--small"
            disabled={submitting}
            onClick={() =>
              void submit(async () => {
                const page = await listSourceRejections(sourceId, { before: next });
                setOlder({ rows: [...(older?.rows ?? []), ...page.data], next: page.nextBefore });
              })
            }
          >
            {submitting ? 'Loading…' : 'Older'}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function MessageLabel({ row }: { row: SourceRejection }) {
  if (row.messageIndex === null) return <span className="cell--muted">The request itself</span>;
  const what = row.event ? `${row.messageType ?? 'message'} “${row.event}”` : (row.messageType ?? 'message');
  return (
    <>
      {row.endpoint === 'batch' ? `Message ${row.messageIndex} · ` : ''}
      {what}
      {row.messageId ? <div className="cell__secondary">messageId {row.messageId}</div> : null}
    </>
  );
}
