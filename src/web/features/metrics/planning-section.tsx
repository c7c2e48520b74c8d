import { lazy, useState } from 'react';
import { Link } from 'react-router';
import { ChartCard } from '../../components/chart-card.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { Fact } from '../accounts/account-header.js';
import { ExportButton } from './export-button.js';
import { getBacktest, getCapacity, getClv, getForecast, getTimeToValue, type CsCapacity, type ForecastBacktest, type RenewalForecast, type SubscriptionClv, type TimeToValue } from './planning.api.js';
import { backtestCsv, capacityCsv, clvCsv, forecastCsv, timeToValueCsv } from './planning-csv.js';

const charts = () => import('./planning-charts.js');
const ForecastChart = lazy(() => charts().then((m) => ({ default: m.ForecastChart })));
const CalibrationChart = lazy(() => charts().then((m) => ({ default: m.CalibrationChart })));
const CapacityChart = lazy(() => charts().then((m) => ({ default: m.CapacityChart })));
const TimeToValueHistogram = lazy(() => charts().then((m) => ({ default: m.TimeToValueHistogram })));

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** Renewal forecast and its backtest, CLV, capacity and time to value, under the revenue figures. */
export function PlanningSection({ anchor, segment }: { anchor: string; segment: string }) {
  const forecast = useResource((signal) => getForecast(segment, signal), [segment]);
  const backtest = useResource((signal) => getBacktest(segment, signal), [segment]);
  const capacity = useResource((signal) => getCapacity(segment, signal), [segment]);
  return (
    <>
      <h2 className="metrics__section-title">Renewals ahead</h2>
      <div className="metrics__grid">
        <ChartCard title="Renewal forecast, next four quarters" action={forecast.data ? <ExportButton name={`renewal-forecast-${forecast.data.asOf}`} csv={() => forecastCsv(forecast.data!)} /> : null}>
          {forecast.error ? <ErrorMessage error={forecast.error} onRetry={forecast.reload} /> : forecast.data ? <ForecastFigures data={forecast.data} /> : <div className="chart" />}
        </ChartCard>
        <ChartCard title="Backtest: last year’s forecast against what happened" action={backtest.data ? <ExportButton name={`forecast-backtest-${backtest.data.asOf}`} csv={() => backtestCsv(backtest.data!)} /> : null}>
          {backtest.error ? <ErrorMessage error={backtest.error} onRetry={backtest.reload} /> : backtest.data ? <BacktestFigures data={backtest.data} /> : <div className="chart" />}
        </ChartCard>
      </div>
      <div className="metrics__grid">
        <ClvCard anchor={anchor} segment={segment} />
        <TimeToValueCard anchor={anchor} segment={segment} />
      </div>
      <div className="metrics__grid">
        <ChartCard title="CS team capacity" action={capacity.data ? <ExportButton name={`capacity-${capacity.data.asOf}`} csv={() => capacityCsv(capacity.data!)} /> : null}>
          {capacity.error ? <ErrorMessage error={capacity.error} onRetry={capacity.reload} /> : capacity.data ? <CapacityFigures data={capacity.data} /> : <div className="chart" />}
        </ChartCard>
      </div>
    </>
  );
}

function ForecastFigures({ data }: { data: RenewalForecast }) {
  if (data.contracts.length === 0) return <EmptyState title="No contracts renew in the next twelve months" />;
  return (
    <>
      <dl className="facts" data-testid="metrics-forecast-facts">
        <Fact label="Up for renewal">{formatMoney(data.total.arr)} ({formatNumber(data.total.contracts)} contracts)</Fact>
        <Fact label="Expected ARR" emphasis>
          {formatMoney(data.total.expectedArr)}
        </Fact>
        <Fact label="Expected renewals">{formatNumber(Math.round(data.total.expectedRenewals))}</Fact>
      </dl>
      <ForecastChart data={data} />
      <div className="table-wrap table-wrap--scroll metrics__details">
        <table className="table metrics__bridge-table" data-testid="metrics-forecast-by-csm">
          <thead>
            <tr>
              <th scope="col">CSM</th>
              <th scope="col">Contracts</th>
              <th scope="col">Up for renewal</th>
              <th scope="col">Expected</th>
            </tr>
          </thead>
          <tbody>
            {data.byCsm.map((c) => (
              <tr key={c.key}>
                <th scope="row">{c.label}</th>
                <td className="numeric">{formatNumber(c.contracts)}</td>
                <td className="numeric">{formatMoney(c.arr)}</td>
                <td className="numeric">{formatMoney(c.expectedArr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="metrics__note">
        P(renew) from <span data-testid="metrics-forecast-sources">{describeSources(data.sources.map((s) => [s.source, s.contracts]))}</span>. {data.formula}
        {data.unestimated ? ` ${data.unestimated} contracts have no history to forecast from.` : ''}
      </p>
    </>
  );
}

const sourceLabel = (source: string) => (source === 'segment history' ? 'each segment’s renewal history' : source);

/** "churn model v3 (120 contracts), each segment’s renewal history (40 contracts)". */
function describeSources(counts: Array<[string, number]>): string {
  return counts.map(([source, n]) => `${sourceLabel(source)} (${formatNumber(n)} ${n === 1 ? 'contract' : 'contracts'})`).join(', ');
}

function BacktestFigures({ data }: { data: ForecastBacktest }) {
  if (data.renewals === 0) return <EmptyState title="No renewals to score yet" />;
  return (
    <>
      <dl className="facts" data-testid="metrics-backtest-facts">
        <Fact label="Brier score" emphasis>
          <span data-testid="metrics-brier">{data.brier?.toFixed(3) ?? '—'}</span>
        </Fact>
        <Fact label="Base-rate Brier">{data.baselineBrier?.toFixed(3) ?? '—'}</Fact>
        <Fact label="Renewals scored">{formatNumber(data.renewals)}</Fact>
        <Fact label="P(renew) from">
          <span data-testid="metrics-backtest-sources">
            {data.sources.map((s) => `${sourceLabel(s.source)}: ${formatNumber(s.renewals)}, Brier ${s.brier?.toFixed(3) ?? '—'}`).join('; ')}
          </span>
        </Fact>
      </dl>
      <CalibrationChart data={data} />
      <p className="metrics__note">
        As of {data.asOf}, from {formatNumber(data.historyRenewals)} earlier renewals; base rate p = {percent(data.baseRate)}. Expected ARR {formatMoney(data.byMonth.reduce((s, m) => s + m.expectedArr, 0))}, actual{' '}
        {formatMoney(data.byMonth.reduce((s, m) => s + m.actualArr, 0))}. {data.method}
      </p>
    </>
  );
}

function ClvCard({ anchor, segment }: { anchor: string; segment: string }) {
  const [margin, setMargin] = useState(80);
  const [discount, setDiscount] = useState(10);
  const clv = useResource((signal) => getClv({ anchor, segment, margin: margin / 100, discountRate: discount / 100 }, signal), [anchor, segment, margin, discount]);
  const percentInput = (label: string, value: number, set: (v: number) => void) => (
    <label className="toolbar__filter">
      {label}{' '}
      <input aria-label={label} type="number" min={0} max={100} step={1} value={value} onChange={(e) => e.target.value !== '' && set(Math.min(100, Math.max(0, Number(e.target.value))))} style={{ width: 64 }} /> %
    </label>
  );
  return (
    <ChartCard title="Subscription CLV by segment" action={clv.data ? <ExportButton name="subscription-clv" csv={() => clvCsv(clv.data!)} /> : null}>
      <div className="toolbar">
        {percentInput('Gross margin', margin, setMargin)}
        {percentInput('Discount rate', discount, setDiscount)}
      </div>
      {clv.error ? <ErrorMessage error={clv.error} onRetry={clv.reload} /> : clv.data ? <ClvTable data={clv.data} /> : null}
    </ChartCard>
  );
}

function ClvTable({ data }: { data: SubscriptionClv }) {
  return (
    <>
      <table className="table metrics__bridge-table" data-testid="metrics-clv-table">
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col">Customers</th>
            <th scope="col">ARPA</th>
            <th scope="col">Logo churn</th>
            <th scope="col">CLV</th>
          </tr>
        </thead>
        <tbody>
          {data.segments.map((s) => (
            <tr key={s.segment}>
              <th scope="row">{s.segment}</th>
              <td className="numeric">{formatNumber(s.accounts)}</td>
              <td className="numeric">{formatMoney(s.arpa)}</td>
              <td className="numeric">{percent(s.churnRate)}</td>
              <td className="numeric">{s.clv !== null ? formatMoney(s.clv) : s.churnRate === null ? '—' : 'unbounded'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="metrics__note">
        {data.period.label}. {data.formula}
      </p>
    </>
  );
}

const TTV_GROUPINGS: { value: TimeToValue['by']; label: string }[] = [
  { value: 'segment', label: 'Segment' },
  { value: 'startQuarter', label: 'Start quarter' },
  { value: 'channel', label: 'Acquisition channel' },
];

/** Time to value: to the journey's value milestone (or another milestone, or first usage), grouped, with its distribution. */
function TimeToValueCard({ anchor, segment }: { anchor: string; segment: string }) {
  const [value, setValue] = useState('');
  const [by, setBy] = useState<TimeToValue['by']>('segment');
  const ttv = useResource((signal) => getTimeToValue({ anchor, segment, value, by }, signal), [anchor, segment, value, by]);
  const title = ttv.data?.milestone ? `Time to value: ${ttv.data.milestone.name}` : ttv.data ? 'Time to first value (first usage)' : 'Time to value';
  return (
    <ChartCard title={title} action={ttv.data ? <ExportButton name={`time-to-value-${ttv.data.asOf}`} csv={() => timeToValueCsv(ttv.data!)} /> : null}>
      <div className="toolbar">
        <label className="toolbar__filter">
          Value is{' '}
          <select aria-label="Value is" value={value} onChange={(e) => setValue(e.target.value)} data-testid="metrics-ttv-value">
            <option value="">The journey’s value milestone</option>
            <option value="firstUsage">First day with usage</option>
            {(ttv.data?.milestones ?? []).map((m) => (
              <option key={m.key} value={m.key}>
                {m.stage} › {m.name}
                {m.marksValue ? ' ★' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar__filter">
          By{' '}
          <select aria-label="Time to value by" value={by} onChange={(e) => setBy(e.target.value as TimeToValue['by'])} data-testid="metrics-ttv-by">
            {TTV_GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {ttv.error ? <ErrorMessage error={ttv.error} onRetry={ttv.reload} /> : ttv.data ? <TimeToValueFigures data={ttv.data} /> : <div className="chart" />}
    </ChartCard>
  );
}

function TimeToValueFigures({ data }: { data: TimeToValue }) {
  const days = (value: number | null) => (value === null ? '—' : formatNumber(value));
  const grouping = TTV_GROUPINGS.find((g) => g.value === data.by)!.label;
  if (!data.groups.length) return <EmptyState title="No customers started by then" />;
  return (
    <>
      <TimeToValueHistogram data={data} />
      <div className="table-wrap table-wrap--scroll">
        <table className="table metrics__bridge-table" data-testid="metrics-ttv-table">
          <thead>
            <tr>
              <th scope="col">{grouping}</th>
              <th scope="col">Reached</th>
              <th scope="col">Median (d)</th>
              <th scope="col">≤ 30 d</th>
              <th scope="col">≤ 90 d</th>
            </tr>
          </thead>
          <tbody>
            {data.groups.map((s) => (
              <tr key={s.group}>
                <th scope="row">{s.group}</th>
                <td className="numeric">
                  {formatNumber(s.reached)} of {formatNumber(s.customers)}
                </td>
                <td className="numeric">{days(s.medianDays)}</td>
                <td className="numeric">{percent(s.within30)}</td>
                <td className="numeric">{percent(s.within90)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="metrics__note">
        {data.method} “—”: fewer than half have reached it yet. Mark a journey milestone as the value moment in Settings › Journey.
      </p>
    </>
  );
}

function CapacityFigures({ data }: { data: CsCapacity }) {
  return (
    <>
      <dl className="facts" data-testid="metrics-capacity-facts">
        <Fact label="CSMs">{formatNumber(data.csms.length)}</Fact>
        <Fact label="Over a full book" emphasis>
          {formatNumber(data.csms.filter((c) => c.load > 1).length)}
        </Fact>
        <Fact label="Customers with no owner">
          {formatNumber(data.unowned.accounts)} ({formatMoney(data.unowned.arr)})
        </Fact>
      </dl>
      {data.csms.length ? <CapacityChart data={data} /> : <EmptyState title="No CSM owns a customer" />}
      <p className="metrics__note">
        {data.definition} Targets: high-touch {data.targets['high-touch'] ?? '—'}, low-touch {data.targets['low-touch'] ?? '—'}, tech-touch none.{' '}
        {data.segmentModels.map((s) => `${s.segment}: ${s.model}`).join(', ')}.
      </p>
      {data.rebalancing ? (
        data.rebalancing.moves.length ? (
          <div className="table-wrap table-wrap--scroll metrics__details">
            <table className="table" data-testid="metrics-rebalancing">
              <caption className="metrics__note">Suggested moves ({data.rebalancing.moves.length}). {data.rebalancing.method}</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Segment</th>
                  <th scope="col">ARR</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                </tr>
              </thead>
              <tbody>
                {data.rebalancing.moves.map((m) => (
                  <tr key={m.accountId}>
                    <td>
                      <Link to={`/accounts/${m.accountId}`}>{m.accountName}</Link>
                    </td>
                    <td>{m.segment}</td>
                    <td className="numeric">{formatMoney(m.arr)}</td>
                    <td>{m.fromOwnerName}</td>
                    <td>{m.toOwnerName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="metrics__note" data-testid="metrics-rebalancing">No moves suggested: nobody is over a full book, or no colleague in the same segment has room.</p>
        )
      ) : null}
    </>
  );
}
