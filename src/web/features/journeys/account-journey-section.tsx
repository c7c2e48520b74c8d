import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import {
  formatDays,
  getAccountJourney,
  moveAccountStage,
  putAccountGoals,
  setMilestoneDone,
  STATUS_LABELS,
  STATUS_TONES,
  useStageOptions,
  type AccountJourney,
} from './journeys.api.js';

const EXPECTED_FROM: Record<NonNullable<AccountJourney['expectedFrom']>, string> = {
  segment: 'similar accounts in its segment',
  workspace: 'accounts of this workspace',
  configured: 'the journey’s setting (too few completed stays to learn from)',
};

/** The account's journey: stage and time there against the expected stay, moving on, milestones, goals and the history of stage changes. */
export function AccountJourneySection({ accountId, canWrite, onStageChanged }: { accountId: string; canWrite: boolean; onStageChanged(stage: string | null): void }) {
  const journey = useResource((signal) => getAccountJourney(accountId, signal), [accountId]);
  if (journey.error) return <ErrorMessage error={journey.error} onRetry={journey.reload} />;
  if (!journey.data) return <LoadingBlock label="Loading journey…" />;
  const data = journey.data;
  const replace = (next: AccountJourney) => {
    journey.update(() => next);
    onStageChanged(next.stage);
  };
  return (
    <div className="section section--stack" data-testid="journey-section">
      <section className="card" aria-label="Stage">
        <div className="journey__summary">
          <span className="journey__stage" data-testid="journey-stage">{data.stage ?? 'No stage'}</span>
          {data.status ? <Badge tone={STATUS_TONES[data.status]}>{STATUS_LABELS[data.status]}</Badge> : null}
          {data.stage && !data.stageKey ? <Badge tone="amber">Not a stage of the journey</Badge> : null}
        </div>
        <dl className="facts">
          <div className="facts__item">
            <dt className="field__label">In this stage</dt>
            <dd data-testid="journey-days">{formatDays(data.daysInStage)}</dd>
          </div>
          <div className="facts__item">
            <dt className="field__label">Expected stay</dt>
            <dd title={data.expectedFrom ? `Learnt from ${EXPECTED_FROM[data.expectedFrom]}` : undefined}>{formatDays(data.expectedDays)}</dd>
          </div>
          <div className="facts__item">
            <dt className="field__label">Since</dt>
            <dd>{data.enteredAt ? formatDate(data.enteredAt) : '—'}</dd>
          </div>
          <div className="facts__item">
            <dt className="field__label">Next stage</dt>
            <dd>{data.nextStage ?? '—'}</dd>
          </div>
        </dl>
        {data.expectedFrom ? <p className="muted journey__note">Expected stay from {EXPECTED_FROM[data.expectedFrom]}.</p> : null}
        {canWrite ? <MoveStageForm accountId={accountId} journey={data} onMoved={replace} /> : null}
      </section>
      <div className="journey__columns">
        <Milestones accountId={accountId} journey={data} canWrite={canWrite} onChanged={replace} />
        <GoalsForm accountId={accountId} journey={data} canWrite={canWrite} onSaved={() => journey.reload()} />
      </div>
      <History journey={data} />
    </div>
  );
}

function MoveStageForm({ accountId, journey, onMoved }: { accountId: string; journey: AccountJourney; onMoved(next: AccountJourney): void }) {
  const stages = useStageOptions();
  const { submitting, error, submit } = useSubmit();
  const [stage, setStage] = useState('');
  const [reason, setReason] = useState('');
  const target = stage || journey.nextStage || '';

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      onMoved(await moveAccountStage(accountId, { stage: target, reason: reason.trim() || undefined }));
      setStage('');
      setReason('');
    });
  }
  return (
    <form className="journey__move" onSubmit={handleSubmit} aria-label="Move to another stage">
      <label className="field">
        <span className="field__label">Move to</span>
        <select value={target} onChange={(event) => setStage(event.target.value)} data-testid="journey-move-stage">
          {stages
            .filter((option) => option.value !== journey.stage)
            .map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
        </select>
      </label>
      <label className="field journey__reason">
        <span className="field__label">Reason</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={1000} placeholder="Why it moves (kept in the history)" />
      </label>
      <button type="submit" className="button button--primary" disabled={submitting || !target} data-testid="journey-move">
        {submitting ? 'Moving…' : 'Move'}
      </button>
      {error ? (
        <div className="journey__error">
          <ErrorMessage error={error} />
        </div>
      ) : null}
    </form>
  );
}

function Milestones({ accountId, journey, canWrite, onChanged }: { accountId: string; journey: AccountJourney; canWrite: boolean; onChanged(next: AccountJourney): void }) {
  const { error, submit } = useSubmit();
  const { readOnly } = useSession();
  return (
    <section className="card" aria-labelledby="journey-milestones-title">
      <h2 id="journey-milestones-title" className="card__title">Milestones in {journey.stage ?? 'this stage'}</h2>
      {journey.milestones.length === 0 ? <p className="muted">This stage has no milestones.</p> : null}
      <ul className="journey__milestones" data-testid="journey-milestones">
        {journey.milestones.map((m) => (
          <li key={m.id}>
            <label className="journey__milestone">
              <input
                type="checkbox"
                className="checkbox"
                checked={m.completedAt !== null}
                disabled={!canWrite}
                title={readOnly ?? undefined}
                onChange={(event) => void submit(async () => onChanged(await setMilestoneDone(accountId, m.id, event.target.checked)))}
              />
              <span>{m.name}</span>
            </label>
            <span className="muted">
              {m.completedAt ? `done ${formatDate(m.completedAt)}${m.completedHow === 'rule' ? ' (by rule)' : ''}` : `due ${formatDate(m.dueAt)}`}
            </span>
            {m.isOverdue ? <Badge tone="red">Overdue</Badge> : null}
          </li>
        ))}
      </ul>
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

function GoalsForm({ accountId, journey, canWrite, onSaved }: { accountId: string; journey: AccountJourney; canWrite: boolean; onSaved(): void }) {
  const { submitting, error, submit } = useSubmit();
  const { readOnly } = useSession();
  const [saved, setSaved] = useState(false);
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void submit(async () => {
      await putAccountGoals(accountId, { goals: String(form.get('goals') ?? ''), successCriteria: String(form.get('successCriteria') ?? '') });
      setSaved(true);
      onSaved();
    });
  }
  const { goals } = journey;
  return (
    <section className="card" aria-labelledby="journey-goals-title">
      <h2 id="journey-goals-title" className="card__title">Goals &amp; success criteria</h2>
      {journey.missingForNextStage.length > 0 && journey.nextStage ? (
        <p className="hint">Needed before {journey.nextStage}.</p>
      ) : null}
      <form className="form" onSubmit={handleSubmit} onChange={() => setSaved(false)}>
        <label className="field">
          <span className="field__label">Customer goals</span>
          <textarea name="goals" rows={3} defaultValue={goals.goals} disabled={!canWrite} title={readOnly ?? undefined} maxLength={5000} />
        </label>
        <label className="field">
          <span className="field__label">Success criteria</span>
          <textarea name="successCriteria" rows={3} defaultValue={goals.successCriteria} disabled={!canWrite} title={readOnly ?? undefined} maxLength={5000} />
        </label>
        {canWrite ? (
          <div className="form__actions">
            {saved ? <span className="muted">Saved</span> : null}
            <button type="submit" className="button" disabled={submitting}>
              {submitting ? 'Saving…' : 'Save goals'}
            </button>
          </div>
        ) : null}
        {goals.updatedAt ? (
          <p className="muted">
            Last changed {formatDate(goals.updatedAt)}
            {goals.updatedByName ? ` by ${goals.updatedByName}` : ''}
          </p>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </form>
    </section>
  );
}

const SOURCE_LABELS: Record<AccountJourney['history'][number]['source'], string> = {
  api: 'account edit',
  journey: 'journey',
  import: 'import',
  automation: 'automation',
  demo: 'demo history',
  migration: 'before the journey was recorded',
};

function History({ journey }: { journey: AccountJourney }) {
  return (
    <section className="card" aria-labelledby="journey-history-title">
      <h2 id="journey-history-title" className="card__title">Stage history</h2>
      {journey.history.length === 0 ? <p className="muted">No stage changes recorded.</p> : null}
      <ol className="timeline" data-testid="journey-history">
        {journey.history.map((h) => (
          <li key={h.id} className="timeline__item">
            <div className="timeline__content">
              <p className="timeline__title">
                {h.fromStage ?? 'No stage'} → {h.toStage ?? 'No stage'}
              </p>
              {h.reason ? <p className="timeline__body">{h.reason}</p> : null}
              <p className="timeline__meta">
                {formatDateTime(h.changedAt)} · {h.actorName ?? h.actorAutomation ?? (h.actorKind === 'operator' ? 'system' : h.actorKind)} · {SOURCE_LABELS[h.source]}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
