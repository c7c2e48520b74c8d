import { useState, type FormEvent } from 'react';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadMoreButton } from '../../components/load-more-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, humanize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { findAuditLog, type AuditEntry, type AuditQuery } from './settings.api.js';

const ACTOR_KINDS = [
  { value: '', label: 'Anyone' },
  { value: 'user', label: 'People' },
  { value: 'token', label: 'Service tokens' },
  { value: 'automation', label: 'Automation' },
  { value: 'operator', label: 'Operator (CLI, first start)' },
] as const;

type Filters = Pick<Partial<AuditQuery>, 'actorKind' | 'entityType' | 'from' | 'to'>;

function actorText(entry: AuditEntry): string {
  if (entry.actorKind === 'automation') return `Automation: ${entry.actorAutomation ?? 'unknown'}`;
  if (entry.actorKind === 'token') return 'Service token';
  if (entry.actorKind === 'operator') return 'Operator';
  return entry.actorName ?? 'A former member';
}

/** Who changed what, newest first, filtered by who acted, what changed and when; 50 at a time. */
export function AuditSection() {
  useDocumentTitle('Audit log');
  const [filters, setFilters] = useState<Filters>({});
  const list = usePagedList<AuditEntry>(
    (cursor, signal) => findAuditLog({ ...filters, cursor: cursor ? Number(cursor) : undefined, limit: 50 }, signal),
    [filters.actorKind, filters.entityType, filters.from, filters.to],
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setFilters({ actorKind: text('actorKind') as Filters['actorKind'], entityType: text('entityType'), from: text('from'), to: text('to') });
  }

  return (
    <section className="section--stack" aria-label="Audit log">
      <h2>Audit log</h2>
      <form className="toolbar audit-filters" onSubmit={handleSubmit} aria-label="Filter the audit log">
        <label className="field field--inline">
          <span className="field__label">Who</span>
          <select name="actorKind" defaultValue="">
            {ACTOR_KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span className="field__label">What</span>
          <input name="entityType" placeholder="account, user, token…" maxLength={50} />
        </label>
        <label className="field field--inline">
          <span className="field__label">From</span>
          <input name="from" type="date" />
        </label>
        <label className="field field--inline">
          <span className="field__label">To</span>
          <input name="to" type="date" />
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      {list.loading && list.items.length === 0 ? (
        <LoadingBlock label="Loading the audit log…" />
      ) : list.error ? (
        <ErrorMessage error={list.error} />
      ) : list.items.length === 0 ? (
        <EmptyState title="No changes match">Widen the filters.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Did</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.occurredAt)}</td>
                  <td>{actorText(entry)}</td>
                  <td>{humanize(entry.action)}</td>
                  <td>
                    {humanize(entry.entityType)} <code className="hint">{entry.entityId.slice(0, 8)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMoreButton hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </section>
  );
}
