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
import { getExperience, listMoments, recordMoment, type Moment } from './experience.api.js';

// echarts is most of the bundle; fetch it only when someone opens this tab.
const ExperienceChart = lazy(() => import('./experience-chart.js').then((module) => ({ default: module.ExperienceChart })));

export const OUTCOME_TONE: Record<Moment['outcome'], BadgeTone> = { positive: 'green', neutral: 'neutral', negative: 'red' };
const KINDS = { onboarding_step: 'Onboarding step', invoice: 'Invoice', outage: 'Outage', plan_review: 'Plan review', meeting: 'Meeting', call: 'Call', email: 'Email', training: 'Training', other: 'Other' };
const TEAMS = { customer_success: 'Customer success', onboarding: 'Onboarding', support: 'Support', sales: 'Sales', finance: 'Finance', product: 'Product', marketing: 'Marketing', other: 'Other' };

/** The account's journey as its customer lived it: the running experience score with every moment of truth on it. */
export function ExperienceSection({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const experience = useResource((signal) => getExperience(accountId, signal), [accountId]);
  const moments = useResource((signal) => listMoments(accountId, signal), [accountId]);
  const error = experience.error ?? moments.error;
  if (error) return <ErrorMessage error={error} onRetry={() => { experience.reload(); moments.reload(); }} />;
  if (!experience.data || !moments.data) return <LoadingBlock label="Loading the journey…" />;
  const data = experience.data;
  const reload = () => { experience.reload(); moments.reload(); };
  return (
    <div className="section section--stack" data-testid="experience-section">
      <section className="card health__summary" aria-label="Experience score">
        <div className="health__score">
          <span className="health__number" data-testid="experience-score">{data.score}</span>
          <Badge tone={data.score >= 60 ? 'green' : data.score >= 40 ? 'neutral' : 'red'}>{data.score >= 60 ? 'Good experience' : data.score >= 40 ? 'Mixed' : 'Bad experience'}</Badge>
          {canWrite ? <RecordMomentButton accountId={accountId} onRecorded={reload} /> : null}
        </div>
        <p className="usage__note">
          Running score from {data.moments} moments · 50 = no net experience · a bad moment weighs {data.params.negativeWeight}× a good one, halves every {data.params.halfLifeDays} days, and
          makes the next {data.params.knockOnWindowDays} days count ×{data.params.knockOnMultiplier}
        </p>
      </section>
      <div className="usage__charts">
        <ChartCard title="Running experience score (365 days)">
          <ExperienceChart history={data.history} moments={moments.data.data} />
        </ChartCard>
        <section className="card" aria-labelledby="experience-top-title">
          <h2 id="experience-top-title" className="card__title">What moves it most today</h2>
          {data.topMoments.length === 0 ? <p className="usage__note">No moment moves the score.</p> : null}
          <ul className="health__list" data-testid="experience-top">
            {data.topMoments.map(({ moment, effect, knockOn }) => (
              <li key={moment.id}>
                <Badge tone={OUTCOME_TONE[moment.outcome]}>{effect > 0 ? '+' : ''}{effect.toFixed(1)}</Badge> {moment.title}{' '}
                <span className="usage__note">· {formatDate(moment.occurredAt.slice(0, 10))}{knockOn ? ' · knock-on' : ''}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <MomentsTable moments={moments.data.data} />
    </div>
  );
}

function MomentsTable({ moments }: { moments: Moment[] }) {
  return (
    <section className="card" aria-labelledby="moments-title">
      <h2 id="moments-title" className="card__title">Moments of truth <span className="usage__note">· newest first</span></h2>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="moments-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Moment</th>
              <th scope="col">Outcome</th>
              <th scope="col">Stage</th>
              <th scope="col">Team · channel</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {moments.slice(0, 200).map((moment) => (
              <tr key={moment.id} className={`moment moment--${moment.outcome}`}>
                <td>{formatDate(moment.occurredAt.slice(0, 10))}</td>
                <td>{moment.title}</td>
                <td><Badge tone={OUTCOME_TONE[moment.outcome]}>{moment.outcome} {'●'.repeat(moment.intensity)}</Badge></td>
                <td>{moment.stage ?? '—'}</td>
                <td>{moment.team.replace('_', ' ')} · {moment.channel}</td>
                <td className="usage__note">{moment.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RecordMomentButton({ accountId, onRecorded }: { accountId: string; onRecorded(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--primary" onClick={() => setOpen(true)}>Record a moment</button>
      <Dialog title="Record a moment of truth" open={open} onClose={() => setOpen(false)}>
        {open ? <RecordMomentForm accountId={accountId} onCancel={() => setOpen(false)} onRecorded={() => { setOpen(false); onRecorded(); }} /> : null}
      </Dialog>
    </>
  );
}

function RecordMomentForm({ accountId, onCancel, onRecorded }: { accountId: string; onCancel(): void; onRecorded(): void }) {
  const { submitting, error, submit } = useSubmit();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    void submit(async () => {
      await recordMoment(accountId, {
        kind: text('kind'),
        title: text('title'),
        outcome: text('outcome') as Moment['outcome'],
        intensity: Number(text('intensity')),
        team: text('team'),
        channel: text('channel') || undefined,
        reason: text('reason') || undefined,
        occurredAt: text('occurredAt') ? new Date(text('occurredAt')).toISOString() : undefined,
      });
      onRecorded();
    });
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form__row">
        <label className="field">
          <span className="field__label">Touchpoint</span>
          <select name="kind" defaultValue="onboarding_step" autoFocus>
            {Object.entries(KINDS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Team</span>
          <select name="team" defaultValue="customer_success">
            {Object.entries(TEAMS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
      </div>
      <label className="field">
        <span className="field__label">What happened</span>
        <input name="title" required maxLength={200} placeholder="Kickoff call held" />
      </label>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Outcome</span>
          <select name="outcome" defaultValue="positive">
            <option value="positive">Positive</option>
            <option value="neutral">Neutral</option>
            <option value="negative">Negative</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">Intensity</span>
          <select name="intensity" defaultValue="1">
            <option value="1">1 · minor</option>
            <option value="2">2 · clear</option>
            <option value="3">3 · strong</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">Channel</span>
          <input name="channel" maxLength={40} placeholder="meeting, email, invoice…" />
        </label>
      </div>
      <label className="field">
        <span className="field__label">When (default now)</span>
        <input name="occurredAt" type="datetime-local" />
      </label>
      <label className="field">
        <span className="field__label">Why this outcome</span>
        <input name="reason" maxLength={500} placeholder="Customer IT could not connect the data source" />
      </label>
      <FormActions label="Record moment" busyLabel="Recording…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
