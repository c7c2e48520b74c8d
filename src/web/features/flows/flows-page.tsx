import { lazy, useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ChartCard } from '../../components/chart-card.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime, todayIsoDate } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { getBridge } from '../metrics/metrics.api.js';
import { FlowEditorButton } from './flow-editor.js';
import { formatMinutes, STUCK_REASON_LABELS } from './flow-format.js';
import { getFunnel, listFlows, listStuck } from './flows.api.js';
import type { Flow } from './flows.types.js';

// echarts is most of the bundle; fetch it only when someone opens this page.
const FunnelChart = lazy(() => import('./funnel-chart.js').then((m) => ({ default: m.FunnelChart })));

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Product flows: each flow's funnel per segment and period, who is stuck where, and (admins) the flow editor. */
export function FlowsPage() {
  useDocumentTitle('Flows');
  const { canAdminister: isAdmin } = useSession();
  const flows = useResource((signal) => listFlows(signal), []);
  const [selectedId, setSelectedId] = useState('');
  const flow = flows.data?.data.find((candidate) => candidate.id === selectedId) ?? flows.data?.data[0];

  return (
    <div className="page" data-testid="flows-page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Flows</h1>
          <p className="page__subtitle">Where users get stuck in the product, as it happens.</p>
        </div>
        {isAdmin ? <FlowEditorButton onSaved={(saved) => { flows.reload(); setSelectedId(saved.id); }} /> : null}
      </header>
      {flows.error ? <ErrorMessage error={flows.error} onRetry={flows.reload} /> : null}
      {!flows.data ? (
        <LoadingBlock label="Loading flows…" />
      ) : !flow ? (
        <EmptyState title="No flows yet">{isAdmin ? 'Define a flow: the ordered events a user goes through, e.g. sign-up → address → payment.' : 'An admin defines the product flows.'}</EmptyState>
      ) : (
        <FlowView
          key={flow.id}
          flow={flow}
          flows={flows.data.data}
          onSelect={setSelectedId}
          isAdmin={isAdmin}
          onChanged={(saved) => { flows.reload(); setSelectedId(saved?.id ?? ''); }}
        />
      )}
    </div>
  );
}

function FlowView({ flow, flows, onSelect, isAdmin, onChanged }: { flow: Flow; flows: Flow[]; onSelect(id: string): void; isAdmin: boolean; onChanged(saved: Flow | null): void }) {
  const [from, setFrom] = useState(daysAgo(89));
  const [to, setTo] = useState(todayIsoDate());
  const [segment, setSegment] = useState('');
  const funnel = useResource((signal) => getFunnel(flow.id, { from, to, segment }, signal), [flow.id, from, to, segment]);
  const stuck = useResource((signal) => listStuck(flow.id, segment, signal), [flow.id, segment, flow.updatedAt]);
  const segments = useResource((signal) => getBridge({ period: 'month', anchor: todayIsoDate().slice(0, 7), segment: '', unit: 'arr' }, signal), []);

  return (
    <>
      <div className="toolbar">
        <label className="toolbar__filter">
          <span className="visually-hidden">Flow</span>
          <select aria-label="Flow" value={flow.id} onChange={(e) => onSelect(e.target.value)}>
            {flows.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
                {candidate.isActive ? '' : ' (paused)'}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar__filter">
          <span className="visually-hidden">Segment</span>
          <select aria-label="Segment" value={segment} onChange={(e) => setSegment(e.target.value)}>
            <option value="">All segments</option>
            {(segments.data?.groups ?? [])
              .filter((group) => group.key !== null)
              .map((group) => (
                <option key={group.key} value={group.key!}>
                  {group.label}
                </option>
              ))}
          </select>
        </label>
        <label className="toolbar__filter">
          <span className="visually-hidden">Entered from</span>
          <input aria-label="Entered from" type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <label className="toolbar__filter">
          <span className="visually-hidden">Entered to</span>
          <input aria-label="Entered to" type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
        {isAdmin ? (
          <span className="toolbar__end">
            <FlowEditorButton flow={flow} onSaved={onChanged} onDeleted={() => onChanged(null)} />
          </span>
        ) : null}
      </div>
      {flow.description ? <p className="muted">{flow.description}</p> : null}
      {funnel.error ? <ErrorMessage error={funnel.error} onRetry={funnel.reload} /> : null}
      <div className="flows__grid">
        <ChartCard title={`Funnel · users who started ${from} to ${to}`}>
          {funnel.data ? <FunnelChart funnel={funnel.data} /> : <div className="chart" />}
        </ChartCard>
        <section className="card">
          <h2 className="card__title">Steps</h2>
          <div className="table-wrap">
            <table className="table" data-testid="funnel-table">
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col" className="num">Users</th>
                  <th scope="col" className="num">From previous</th>
                  <th scope="col" className="num">Median time</th>
                  <th scope="col" className="num">Stuck</th>
                </tr>
              </thead>
              <tbody>
                {(funnel.data?.steps ?? []).map((step) => (
                  <tr key={step.key}>
                    <td>{step.name}</td>
                    <td className="num">{step.users}</td>
                    <td className="num">{step.conversionFromPrevious === null ? '—' : `${Math.round(step.conversionFromPrevious * 100)}%`}</td>
                    <td className="num">{step.medianMinutesFromPrevious === null ? '—' : formatMinutes(step.medianMinutesFromPrevious)}</td>
                    <td className="num">{step.stuck > 0 ? <Badge tone="red">{step.stuck}</Badge> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <section className="card">
        <h2 className="card__title">Stuck now{stuck.data ? ` · ${stuck.data.data.length}${stuck.data.data.length === 200 ? '+' : ''}` : ''}</h2>
        {stuck.error ? <ErrorMessage error={stuck.error} onRetry={stuck.reload} /> : null}
        {stuck.data && stuck.data.data.length === 0 ? <p className="muted">Nobody is stuck in this flow.</p> : null}
        {stuck.data && stuck.data.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="stuck-table">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">User</th>
                  <th scope="col">Stuck at</th>
                  <th scope="col">Why</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {stuck.data.data.map((row) => (
                  <tr key={`${row.userKey}-${row.step}`}>
                    <td>
                      <Link to={`/accounts/${row.accountId}?tab=usage`}>{row.accountName}</Link>
                    </td>
                    <td>{row.userKey}</td>
                    <td>{row.stepName}</td>
                    <td>
                      <Badge tone={row.reason === 'failed' ? 'red' : 'amber'}>{STUCK_REASON_LABELS[row.reason]}</Badge> {row.detail}
                    </td>
                    <td>{formatDateTime(row.since)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
