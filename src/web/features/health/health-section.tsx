import { lazy, useState, type FormEvent } from 'react';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { ChartCard } from '../../components/chart-card.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { getAccountHealth, removeHealthOverride, saveHealthOverride } from './health.api.js';
import type { AccountHealth, HealthBand, HealthMeasure } from './health.types.js';

// echarts is most of the bundle; fetch it only when someone opens this tab.
const HealthHistoryChart = lazy(() => import('./health-history-chart.js').then((module) => ({ default: module.HealthHistoryChart })));

export const BAND_TONE: Record<HealthBand, BadgeTone> = { green: 'green', yellow: 'amber', red: 'red' };
const BAND_LABEL: Record<HealthBand, string> = { green: 'Green', yellow: 'Yellow', red: 'Red' };
const TREND: Record<AccountHealth['trend'], { arrow: string; label: string }> = {
  up: { arrow: '↑', label: 'up on a week ago' },
  down: { arrow: '↓', label: 'down on a week ago' },
  flat: { arrow: '→', label: 'about the same as a week ago' },
  unknown: { arrow: '', label: 'no score a week ago' },
};
const FLAG_LABEL: Record<NonNullable<HealthMeasure['flag']>, string> = {
  no_data: 'No data',
  source_quiet: 'Source quiet',
  outside_window: 'Too old',
  not_filled: 'Not filled',
};

/** The account's health: score and band (an override shows as one), why, what moved, history and every measure. */
export function HealthSection({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const health = useResource((signal) => getAccountHealth(accountId, signal), [accountId]);
  if (health.error) return <ErrorMessage error={health.error} onRetry={health.reload} />;
  if (!health.data) return <LoadingBlock label="Loading health…" />;
  const data = health.data;
  return (
    <div className="section section--stack" data-testid="health-section">
      <ScoreSummary health={data} canWrite={canWrite} accountId={accountId} onChanged={health.reload} />
      <div className="usage__charts">
        <section className="card" aria-labelledby="health-reasons-title">
          <h2 id="health-reasons-title" className="card__title">Why</h2>
          {data.reasons.length > 0 ? (
            <ul className="health__list" data-testid="health-reasons">
              {data.reasons.map((reason) => <li key={reason}>{reason}</li>)}
            </ul>
          ) : (
            <p className="usage__note">Nothing pulls this score down.</p>
          )}
          {data.disagreements.length > 0 ? (
            <>
              <h2 className="card__title">Signals that disagree</h2>
              <ul className="health__list" data-testid="health-disagreements">
                {data.disagreements.map((d) => <li key={d.kind}>{d.text}</li>)}
              </ul>
            </>
          ) : null}
          <h2 className="card__title">What moved since last week</h2>
          {data.moves.length > 0 ? (
            <ul className="health__list" data-testid="health-moves">
              {data.moves.map((move) => <li key={move}>{move}</li>)}
            </ul>
          ) : (
            <p className="usage__note">No measure moved the score by half a point or more.</p>
          )}
        </section>
        <ChartCard title="Score history">
          <HealthHistoryChart history={data.history} bands={data.bands} />
        </ChartCard>
      </div>
      <ChurnRisk risk={data.risk} />
      <MeasuresTable measures={data.measures} scorecard={data.scorecard.name} />
    </div>
  );
}

const RISK_TONE = (probability: number): BadgeTone => (probability >= 0.4 ? 'red' : probability >= 0.2 ? 'amber' : 'green');
/** A model is never certain: the ends read "over 99%" and "under 1%" rather than 100% and 0%. */
const riskPercent = (probability: number) => (probability >= 0.995 ? 'over 99%' : probability < 0.005 ? 'under 1%' : `${Math.round(probability * 100)}%`);

/** The churn model's view beside the scorecard's: its probability, the version that made it, and what raises it most. */
function ChurnRisk({ risk }: { risk: AccountHealth['risk'] }) {
  return (
    <section className="card" aria-labelledby="health-risk-title" data-testid="health-risk">
      <h2 id="health-risk-title" className="card__title">
        Churn risk <span className="usage__note">· learned from this workspace’s past renewals</span>
      </h2>
      {risk ? (
        <>
          <p className="health__risk">
            <Badge tone={RISK_TONE(risk.probability)}>{riskPercent(risk.probability)}</Badge> chance of churning or contracting within {risk.horizonDays} days
            <span className="usage__note"> · model version {risk.modelVersion} · as of {formatDate(risk.asOf)}</span>
          </p>
          {risk.reasons.length > 0 ? (
            <ul className="health__list" data-testid="health-risk-reasons">
              {risk.reasons.map((reason) => <li key={reason.feature}>{reason.text}</li>)}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="usage__note">No churn model is trained yet: it needs renewals decided in this workspace’s past, and retrains every week.</p>
      )}
    </section>
  );
}

function ScoreSummary({ health, canWrite, accountId, onChanged }: { health: AccountHealth; canWrite: boolean; accountId: string; onChanged(): void }) {
  const trend = TREND[health.trend];
  return (
    <section className="card health__summary" aria-label="Health score" data-testid="health-summary">
      <div className="health__score">
        <span className="health__number" data-testid="health-score">{health.score ?? '—'}</span>
        {health.band ? <Badge tone={BAND_TONE[health.band]}>{BAND_LABEL[health.band]}</Badge> : <Badge>Not scored</Badge>}
        {health.isOverridden ? <Badge tone="purple">Override</Badge> : null}
        {trend.arrow ? (
          <span className="health__trend" title={trend.label} aria-label={`Trend: ${trend.label}`}>
            {trend.arrow} {health.isOverridden ? `computed ${health.computedScore ?? '—'}, ` : ''}
            {health.scoreWeekAgo !== null ? `from ${health.scoreWeekAgo} a week ago` : ''}
          </span>
        ) : null}
      </div>
      <p className="usage__note">
        {health.scorecard.name} scorecard · as of {health.asOf ? formatDate(health.asOf) : 'now'} · bands: green from {health.bands.green}, yellow from {health.bands.yellow}
      </p>
      {health.override ? (
        <div className="health__override" role="note" data-testid="health-override">
          <strong>
            Overridden to {BAND_LABEL[health.override.band]}
            {health.override.score !== null ? ` (${health.override.score})` : ''} until {formatDate(health.override.expiresAt.slice(0, 10))}
          </strong>{' '}
          by {health.override.createdByName ?? 'someone'}: “{health.override.reason}”. Computed score: {health.computedScore ?? '—'}
          {health.computedBand ? ` (${BAND_LABEL[health.computedBand]})` : ''}.
          {canWrite ? <RemoveOverrideButton accountId={accountId} onRemoved={onChanged} /> : null}
        </div>
      ) : null}
      {canWrite ? <OverrideButton accountId={accountId} onSaved={onChanged} overridden={health.isOverridden} /> : null}
    </section>
  );
}

function MeasuresTable({ measures, scorecard }: { measures: HealthMeasure[]; scorecard: string }) {
  return (
    <section className="card" aria-labelledby="health-measures-title">
      <h2 id="health-measures-title" className="card__title">
        Measures <span className="usage__note">· {scorecard} scorecard · contribution = points × weight share</span>
      </h2>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="health-measures">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Value</th>
              <th scope="col" className="cell--numeric">Points</th>
              <th scope="col" className="cell--numeric">Weight</th>
              <th scope="col" className="cell--numeric">Contribution</th>
              <th scope="col">Freshness</th>
            </tr>
          </thead>
          <tbody>
            {measures.map((measure) => (
              <tr key={measure.key}>
                <td>{measure.label}</td>
                <td>{measure.flag ? '—' : measure.valueText}</td>
                <td className="cell--numeric">{measure.points ?? '—'}</td>
                <td className="cell--numeric">{measure.weight === 0 ? 'shown only' : measure.weight}</td>
                <td className="cell--numeric">{measure.weight === 0 || measure.flag ? '—' : measure.contribution}</td>
                <td>{measure.flag ? <Badge tone="amber">{FLAG_LABEL[measure.flag]}</Badge> : <span className="usage__note">fresh</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RemoveOverrideButton({ accountId, onRemoved }: { accountId: string; onRemoved(): void }) {
  const { submitting, error, submit } = useSubmit();
  return (
    <>
      {' '}
      <button type="button" className="button button--small" disabled={submitting} onClick={() => void submit(async () => { await removeHealthOverride(accountId); onRemoved(); })}>
        Remove override
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </>
  );
}

function OverrideButton({ accountId, onSaved, overridden }: { accountId: string; onSaved(): void; overridden: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {overridden ? 'Replace override' : 'Override score'}
      </button>
      <Dialog title="Override the health score" open={open} onClose={() => setOpen(false)}>
        {open ? <OverrideForm accountId={accountId} onCancel={() => setOpen(false)} onSaved={() => { setOpen(false); onSaved(); }} /> : null}
      </Dialog>
    </div>
  );
}

const addDaysIso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function OverrideForm({ accountId, onCancel, onSaved }: { accountId: string; onCancel(): void; onSaved(): void }) {
  const { submitting, error, submit } = useSubmit();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    void submit(async () => {
      await saveHealthOverride(accountId, {
        band: text('band') as HealthBand,
        score: text('score') ? Number(text('score')) : null,
        reason: text('reason'),
        // The end of the chosen day, UTC.
        expiresAt: `${text('expiresOn')}T23:59:59.000Z`,
      });
      onSaved();
    });
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <p className="usage__note">The override shows as an override, with your reason, until it expires; the computed score stays visible beside it.</p>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Band</span>
          <select name="band" defaultValue="yellow" autoFocus>
            <option value="green">Green</option>
            <option value="yellow">Yellow</option>
            <option value="red">Red</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">Score (optional)</span>
          <input name="score" type="number" min={0} max={100} step={1} />
        </label>
        <label className="field">
          <span className="field__label">Expires on</span>
          <input name="expiresOn" type="date" required min={addDaysIso(0)} max={addDaysIso(365)} defaultValue={addDaysIso(30)} />
        </label>
      </div>
      <label className="field">
        <span className="field__label">Reason</span>
        <textarea name="reason" required minLength={3} maxLength={2000} rows={3} placeholder="New sponsor engaged; renewal call booked for next week" />
      </label>
      <FormActions label="Save override" busyLabel="Saving…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
