import { lazy, Suspense, useState } from 'react';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatNumber, formatRelativeTime, pluralize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { getSourceStats, listSourcesHealth, listUnmatchedEvents } from './data.api.js';
import type { SourceHealthStatus, SourceWithHealth } from './data.types.js';
import { RejectedMessages } from './rejected-messages.js';

// echarts is most of the bundle; fetch it only when the chart is shown.
const SourceVolumeChart = lazy(() =>
  import('./source-volume-chart.js').then((module) => ({ default: module.SourceVolumeChart })),
);

const STATUS: Record<SourceHealthStatus, { label: string; tone: BadgeTone }> = {
  healthy: { label: 'Healthy', tone: 'green' },
  quiet: { label: 'Went quiet', tone: 'amber' },
  dropped: { label: 'Volume dropped', tone: 'red' },
  rejecting: { label: 'Requests refused', tone: 'red' },
  no_data: { label: 'Waiting for first events', tone: 'neutral' },
  revoked: { label: 'Revoked', tone: 'neutral' },
};

export function DataHealthSection() {
  const sources = useResource((signal) => listSourcesHealth(signal), []);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const list = sources.data?.data ?? [];
  // By default the chart shows a live source that has sent something: an empty chart says little.
  const selected =
    list.find((source) => source.id === chosenId) ?? list.find((source) => !source.revokedAt && source.lastReceivedAt) ?? list[0];

  return (
    <div className="section--stack">
      <section className="card" aria-labelledby="freshness-title">
        <div className="snippet__header">
          <h2 className="card__title" id="freshness-title">
            Freshness
          </h2>
          <button type="button" className="button button--small" onClick={sources.reload} disabled={sources.loading}>
            Refresh
          </button>
        </div>
        {sources.loading && !sources.data ? (
          <LoadingBlock label="Loading sources…" />
        ) : sources.error ? (
          <ErrorMessage error={sources.error} onRetry={sources.reload} />
        ) : list.length === 0 ? (
          <EmptyState title="No sources yet">Create a source on the Sources tab, then send events with its write key.</EmptyState>
        ) : (
          <FreshnessTable sources={list} />
        )}
      </section>
      {selected ? (
        <SourceVolume
          key={selected.id}
          source={selected}
          sources={list}
          onChoose={setChosenId}
          refreshKey={sources.data}
        />
      ) : null}
      <UnmatchedEventsCard refreshKey={sources.data} />
    </div>
  );
}

function FreshnessTable({ sources }: { sources: SourceWithHealth[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="freshness-table">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Last event</th>
            <th scope="col" className="cell--numeric">
              Yesterday
            </th>
            <th scope="col" className="cell--numeric">
              Usual day
            </th>
            <th scope="col">Health</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.id}>
              <td>{source.name}</td>
              <td>
                {source.lastReceivedAt ? (
                  <time dateTime={source.lastReceivedAt} title={source.lastReceivedAt}>
                    {formatRelativeTime(source.lastReceivedAt)}
                  </time>
                ) : (
                  <span className="cell--muted">never</span>
                )}
              </td>
              <td className="cell--numeric">{formatNumber(source.health.lastDay.received)}</td>
              <td className="cell--numeric">{formatNumber(source.health.trailingMedian)}</td>
              <td>
                <Badge tone={STATUS[source.health.status].tone}>{STATUS[source.health.status].label}</Badge>
                <div className="cell__secondary">{source.health.detail}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type SourceVolumeProps = {
  source: SourceWithHealth;
  sources: SourceWithHealth[];
  onChoose(id: string): void;
  /** Changes when the list is refreshed, so the counts reload with it. */
  refreshKey: unknown;
};

function SourceVolume({ source, sources, onChoose, refreshKey }: SourceVolumeProps) {
  const { role } = useSession();
  const stats = useResource((signal) => getSourceStats(source.id, signal), [source.id, refreshKey]);
  return (
    <section className="card" aria-labelledby="volume-title">
      <div className="snippet__header">
        <h2 className="card__title" id="volume-title">
          Volume
        </h2>
        <label className="toolbar__filter">
          <span className="visually-hidden">Source</span>
          <select value={source.id} onChange={(event) => onChoose(event.target.value)} aria-label="Source">
            {sources.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {stats.error ? (
        <ErrorMessage error={stats.error} onRetry={stats.reload} />
      ) : !stats.data ? (
        <LoadingBlock label="Loading counts…" />
      ) : (
        <>
          <p className="hint">Since the source was created; the chart shows the last 30 days.</p>
          <dl className="inline-facts" data-testid="source-totals">
            {(['received', 'accepted', 'duplicates', 'rejected', 'unmatched'] as const).map((key) => (
              <div key={key}>
                <dt>{key.charAt(0).toUpperCase() + key.slice(1)}</dt>
                <dd data-testid={`total-${key}`}>{formatNumber(stats.data![key])}</dd>
              </div>
            ))}
          </dl>
          <Suspense fallback={<div className="chart" />}>
            <SourceVolumeChart daily={stats.data.daily} />
          </Suspense>
          {stats.data.rejected > 0 ? (
            role === 'admin' ? (
              <RejectedMessages sourceId={source.id} refreshKey={refreshKey} />
            ) : (
              <p className="hint">An admin sees why each rejected message was refused.</p>
            )
          ) : null}
        </>
      )}
    </section>
  );
}

function UnmatchedEventsCard({ refreshKey }: { refreshKey: unknown }) {
  const unmatched = useResource((signal) => listUnmatchedEvents(signal), [refreshKey]);
  const data = unmatched.data;
  return (
    <section className="card" aria-labelledby="unmatched-title">
      <h2 className="card__title" id="unmatched-title">
        Waiting for an account{data ? ` · ${pluralize(data.totalEvents, 'event')}` : ''}
      </h2>
      <p className="hint">
        Events of users and groups no account matches yet. They attach by themselves once a group call, an identify call, or a
        new account (external id or domain) makes the match.
      </p>
      {unmatched.error ? (
        <ErrorMessage error={unmatched.error} onRetry={unmatched.reload} />
      ) : !data ? (
        <LoadingBlock label="Loading unmatched events…" />
      ) : data.totalEvents === 0 ? (
        <EmptyState title="Nothing waiting">Every stored event belongs to an account.</EmptyState>
      ) : (
        <div className="unmatched-tables">
          <div className="table-wrap">
            <table className="table table--compact" data-testid="unmatched-groups">
              <caption className="visually-hidden">Unmatched groups</caption>
              <thead>
                <tr>
                  <th scope="col">Group id</th>
                  <th scope="col">Name / domain</th>
                  <th scope="col" className="cell--numeric">
                    Events
                  </th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {data.groups.length === 0 ? (
                  <tr>
                    <td colSpan={4} className="cell--muted">
                      No unknown groups.
                    </td>
                  </tr>
                ) : (
                  data.groups.map((group) => (
                    <tr key={group.groupId}>
                      <td>
                        <code className="cell__id" title={group.groupId}>
                          {group.groupId}
                        </code>
                      </td>
                      <td>
                        {group.name ?? '—'}
                        {group.domain ? <div className="cell__secondary">{group.domain}</div> : null}
                      </td>
                      <td className="cell--numeric">{formatNumber(group.events)}</td>
                      <td>{formatRelativeTime(group.lastSeenAt)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table className="table table--compact" data-testid="unmatched-users">
              <caption className="visually-hidden">Unmatched users</caption>
              <thead>
                <tr>
                  <th scope="col">User id</th>
                  <th scope="col">Group id</th>
                  <th scope="col" className="cell--numeric">
                    Events
                  </th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((user) => (
                  <tr key={user.userId}>
                    <td>
                      <code className="cell__id" title={user.userId}>
                        {user.userId}
                      </code>
                      {user.email ? <div className="cell__secondary">{user.email}</div> : null}
                    </td>
                    <td>
                      {user.groupId ? (
                        <code className="cell__id" title={user.groupId}>
                          {user.groupId}
                        </code>
                      ) : (
                        <span className="cell--muted">—</span>
                      )}
                    </td>
                    <td className="cell--numeric">{formatNumber(user.events)}</td>
                    <td>{formatRelativeTime(user.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
