import { lazy, useState } from 'react';
import { Link } from 'react-router';
import { ChartCard } from '../../components/chart-card.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { Fact } from '../accounts/account-header.js';
import { getBridge, getBridgeDetails, getCohorts, getRetentionTrend, getSurvival, type MetricsSelection } from './metrics.api.js';
import { PlanningSection } from './planning-section.js';
import { ExportButton } from './export-button.js';
import { BRIDGE_STEPS, bridgeCsv, cohortsCsv, retentionCsv, survivalCsv } from './metrics-csv.js';
import type { ArrBridge, BridgeComponent } from './metrics.types.js';

// echarts is most of the bundle; fetch it only when someone opens this page.
const charts = () => import('./metrics-charts.js');
const BridgeWaterfall = lazy(() => charts().then((m) => ({ default: m.BridgeWaterfall })));
const RetentionTrendChart = lazy(() => charts().then((m) => ({ default: m.RetentionTrendChart })));
const CohortHeatmap = lazy(() => charts().then((m) => ({ default: m.CohortHeatmap })));
const SurvivalChart = lazy(() => charts().then((m) => ({ default: m.SurvivalChart })));

const STEP_LABELS: Record<(typeof BRIDGE_STEPS)[number], string> = {
  start: 'ARR at start',
  new: 'New',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  reactivation: 'Reactivation',
  end: 'ARR at end',
};
const PERIODS = [
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'ttm', label: 'Trailing 12 months' },
] as const;

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** The month before this one, `YYYY-MM`: reports end on a whole month. */
function lastCompleteMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

export function MetricsPage() {
  useDocumentTitle('Revenue metrics');
  const [selection, setSelection] = useState<MetricsSelection>({ period: 'quarter', anchor: lastCompleteMonth(), segment: '', unit: 'arr' });
  const [component, setComponent] = useState<BridgeComponent | null>(null);
  const change = (patch: Partial<MetricsSelection>) => {
    setSelection((current) => ({ ...current, ...patch }));
    setComponent(null);
  };
  const key = [selection.period, selection.anchor, selection.segment, selection.unit];
  const bridge = useResource((signal) => getBridge(selection, signal), key);
  // The segment picker lists every segment, whichever one is selected.
  const segments = useResource((signal) => getBridge({ ...selection, segment: '' }, signal), [selection.period, selection.anchor]);
  const trend = useResource((signal) => getRetentionTrend(selection, signal), key);
  // Cohorts and survival by start month / segment, or by acquisition channel (the account's field).
  const [cohortBy, setCohortBy] = useState<'month' | 'channel'>('month');
  const [survivalBy, setSurvivalBy] = useState<'segment' | 'channel'>('segment');
  const cohorts = useResource((signal) => getCohorts(selection, cohortBy, signal), [...key, cohortBy]);
  const survival = useResource((signal) => getSurvival(selection, survivalBy, signal), [...key, survivalBy]);

  return (
    <div className="page" data-testid="metrics-page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Revenue metrics</h1>
          <p className="page__subtitle" aria-live="polite">
            {bridge.data ? `${bridge.data.period.label} · ${bridge.data.period.from} to ${bridge.data.period.to}` : '\u00a0'}
          </p>
        </div>
      </header>
      <div className="toolbar">
        <label className="toolbar__filter">
          <span className="visually-hidden">Period</span>
          <select aria-label="Period" value={selection.period} onChange={(e) => change({ period: e.target.value as MetricsSelection['period'] })}>
            {PERIODS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar__filter">
          <span className="visually-hidden">Month</span>
          <input aria-label="Month" type="month" value={selection.anchor} onChange={(e) => e.target.value && change({ anchor: e.target.value })} />
        </label>
        <label className="toolbar__filter">
          <span className="visually-hidden">Segment</span>
          <select aria-label="Segment" value={selection.segment} onChange={(e) => change({ segment: e.target.value })}>
            <option value="">All segments</option>
            {(segments.data?.groups ?? [])
              .filter((g) => g.key !== null)
              .map((g) => (
                <option key={g.key} value={g.key!}>
                  {g.label}
                </option>
              ))}
          </select>
        </label>
        <label className="toolbar__filter toolbar__end">
          <span className="visually-hidden">Unit</span>
          <select aria-label="Unit" value={selection.unit} onChange={(e) => change({ unit: e.target.value as MetricsSelection['unit'] })}>
            <option value="arr">ARR</option>
            <option value="mrr">MRR</option>
          </select>
        </label>
      </div>

      {bridge.error ? <ErrorMessage error={bridge.error} onRetry={bridge.reload} /> : null}
      {!bridge.data ? (
        <LoadingBlock label="Loading the bridge…" />
      ) : (
        <>
          <RetentionFacts data={bridge.data} />
          <div className="metrics__grid">
            <ChartCard title={`${bridge.data.unit.toUpperCase()} bridge`} action={<ExportButton name={`bridge-${bridge.data.period.from}-${bridge.data.period.to}`} csv={() => bridgeCsv(bridge.data!)} />}>
              <BridgeWaterfall data={bridge.data} />
              <BridgeTable data={bridge.data} selected={component} onSelect={setComponent} />
            </ChartCard>
            {component ? <BridgeDetails selection={selection} component={component} onClose={() => setComponent(null)} /> : null}
          </div>
        </>
      )}

      <div className="metrics__grid">
        <ChartCard title="NRR and GRR, trailing 12 months" action={trend.data ? <ExportButton name="retention-trend" csv={() => retentionCsv(trend.data!)} /> : null}>
          {trend.error ? <ErrorMessage error={trend.error} onRetry={trend.reload} /> : trend.data ? <RetentionTrendChart data={trend.data} /> : <div className="chart" />}
        </ChartCard>
        <ChartCard title={cohortBy === 'month' ? 'Revenue retention by start month' : 'Revenue retention by acquisition channel'} action={cohorts.data ? <ExportButton name="cohorts" csv={() => cohortsCsv(cohorts.data!)} /> : null}>
          <div className="toolbar">
            <label className="toolbar__filter">
              Cohorts by{' '}
              <select aria-label="Cohorts by" value={cohortBy} onChange={(e) => setCohortBy(e.target.value as 'month' | 'channel')} data-testid="metrics-cohorts-by">
                <option value="month">Start month</option>
                <option value="channel">Acquisition channel</option>
              </select>
            </label>
          </div>
          {cohorts.error ? (
            <ErrorMessage error={cohorts.error} onRetry={cohorts.reload} />
          ) : !cohorts.data ? (
            <div className="chart" />
          ) : cohorts.data.rows.length ? (
            <CohortHeatmap data={cohorts.data} />
          ) : (
            <EmptyState title="No customers started in these 24 months" />
          )}
        </ChartCard>
        <ChartCard
          title={`Customer survival by ${survivalBy === 'segment' ? 'segment' : 'acquisition channel'} (Kaplan–Meier, 95 % band)`}
          action={survival.data ? <ExportButton name="survival" csv={() => survivalCsv(survival.data!)} /> : null}
        >
          <div className="toolbar">
            <label className="toolbar__filter">
              Curves by{' '}
              <select aria-label="Survival curves by" value={survivalBy} onChange={(e) => setSurvivalBy(e.target.value as 'segment' | 'channel')} data-testid="metrics-survival-by">
                <option value="segment">Segment</option>
                <option value="channel">Acquisition channel</option>
              </select>
            </label>
          </div>
          {survival.error ? <ErrorMessage error={survival.error} onRetry={survival.reload} /> : survival.data ? <SurvivalChart data={survival.data} /> : <div className="chart" />}
          {survival.data ? (
            <p className="metrics__note">
              Median lifetime:{' '}
              {survival.data.curves.map((c) => `${c.group} ${c.medianDays === null ? 'not reached' : `${Math.round(c.medianDays / 30.4375)} months`}`).join(' · ')}
              {survival.data.logRank
                ? `. Log-rank ${survival.data.logRank.groupA} vs ${survival.data.logRank.groupB}: χ² = ${survival.data.logRank.chiSquare.toFixed(2)} (1 d.f.), p = ${survival.data.logRank.pValue < 0.001 ? survival.data.logRank.pValue.toExponential(1) : survival.data.logRank.pValue.toFixed(3)}.`
                : '.'}
            </p>
          ) : null}
        </ChartCard>
      </div>
      <PlanningSection anchor={selection.anchor} segment={selection.segment} />
    </div>
  );
}

function RetentionFacts({ data }: { data: ArrBridge }) {
  const r = data.total.retention;
  return (
    <>
      <dl className="facts" data-testid="metrics-retention">
        <Fact label="Net revenue retention" emphasis>
          {percent(r.nrr)}
        </Fact>
        <Fact label="Gross revenue retention" emphasis>
          {percent(r.grr)}
        </Fact>
        <Fact label="Logo churn">
          {percent(r.logoChurn)} ({formatNumber(r.churnedLogos)} of {formatNumber(r.cohortAccounts)})
        </Fact>
        <Fact label="Expansion rate">{percent(r.expansionRate)}</Fact>
      </dl>
      <p className="metrics__note">
        {data.formulas.nrr}. {data.formulas.grr}.
      </p>
    </>
  );
}

function BridgeTable({ data, selected, onSelect }: { data: ArrBridge; selected: BridgeComponent | null; onSelect: (c: BridgeComponent) => void }) {
  return (
    <table className="table metrics__bridge-table" data-testid="metrics-bridge-table">
      <tbody>
        {BRIDGE_STEPS.map((step) => (
          <tr key={step} className={selected === step ? 'is-selected' : undefined}>
            <th scope="row">
              <button type="button" className="link-button" onClick={() => onSelect(step)}>
                {STEP_LABELS[step]}
              </button>
            </th>
            <td className="numeric" data-testid={`bridge-${step}`} data-cents={Math.round(data.total.bridge[step] * 100)}>
              {formatMoney(data.total.bridge[step])}
            </td>
            <td className="numeric">{step === 'start' || step === 'end' ? '' : formatNumber(data.total.movementCounts[step])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The ledger rows (or accounts) behind one figure, in ARR; their total is the figure. */
function BridgeDetails({ selection, component, onClose }: { selection: MetricsSelection; component: BridgeComponent; onClose: () => void }) {
  const details = useResource((signal) => getBridgeDetails(selection, component, signal), [selection.period, selection.anchor, selection.segment, component]);
  return (
    <section className="card" data-testid="metrics-details">
      <div className="card__header">
        <h2 className="card__title">
          {STEP_LABELS[component as keyof typeof STEP_LABELS] ?? component}: {details.data ? formatMoney(details.data.total) : '…'} ARR
        </h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </div>
      {details.error ? <ErrorMessage error={details.error} onRetry={details.reload} /> : null}
      {!details.data ? (
        <LoadingBlock label="Loading…" />
      ) : (
        <div className="table-wrap table-wrap--scroll metrics__details">
          <table className="table">
            <tbody>
              {details.data.movements.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/accounts/${m.accountId}`}>{m.accountName}</Link>
                  </td>
                  <td>{m.occurredOn}</td>
                  <td className="numeric">{formatMoney(m.amount)}</td>
                </tr>
              ))}
              {details.data.accounts.map((a) => (
                <tr key={a.accountId}>
                  <td>
                    <Link to={`/accounts/${a.accountId}`}>{a.accountName}</Link>
                  </td>
                  <td className="numeric">{formatMoney(a.startArr)}</td>
                  <td className="numeric">{formatMoney(a.endArr)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
