import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { useSubmit } from '../../lib/use-submit.js';
import { LANES, type BlueprintStep, type Lane, type StepBody } from './blueprints.api.js';

type Team = { slug: string; name: string };

/**
 * Adds or edits one step: lane, position in time, title, owner team, target time and the kinds
 * of moment of truth that happen at it. A plain form, so it is used with the keyboard alone.
 */
export function StepForm({
  step,
  defaultColumn,
  teams,
  onSave,
  onCancel,
}: {
  step?: BlueprintStep;
  defaultColumn: number;
  teams: Team[];
  onSave(step: StepBody): Promise<void>;
  onCancel(): void;
}) {
  const { submitting, error, submit } = useSubmit();
  const [hasTarget, setHasTarget] = useState(Boolean(step?.target));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body: StepBody = {
      ...(step ? { id: step.id } : {}),
      lane: text('lane') as Lane,
      column: Number(text('column')) - 1,
      title: text('title'),
      detail: text('detail'),
      ownerTeam: text('ownerTeam') || null,
      target: hasTarget ? { amount: Number(text('targetAmount')), unit: text('targetUnit') as 'minutes' | 'hours' | 'days' } : null,
      momentKinds: text('momentKinds').split(/[\s,]+/).filter(Boolean),
    };
    void submit(() => onSave(body));
  }

  return (
    <form className="form blueprint-step-form" onSubmit={handleSubmit} aria-label={step ? `Edit step ${step.title}` : 'New step'}>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form__row">
        <label className="field">
          <span className="field__label">Lane</span>
          <select name="lane" defaultValue={step?.lane ?? 'customer'}>
            {LANES.map(({ lane, label }) => (
              <option key={lane} value={lane}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Moment in time (column)</span>
          <input name="column" type="number" min={1} max={50} required defaultValue={(step?.column ?? defaultColumn) + 1} />
        </label>
      </div>
      <label className="field">
        <span className="field__label">Title</span>
        <input name="title" required maxLength={120} defaultValue={step?.title ?? ''} placeholder="Opens a ticket" autoFocus />
      </label>
      <label className="field">
        <span className="field__label">Detail</span>
        <textarea name="detail" rows={2} maxLength={1000} defaultValue={step?.detail ?? ''} />
      </label>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Owner team</span>
          <select name="ownerTeam" defaultValue={step?.ownerTeam ?? ''}>
            <option value="">No owner</option>
            {teams.map((team) => (
              <option key={team.slug} value={team.slug}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <input type="checkbox" checked={hasTarget} onChange={(e) => setHasTarget(e.target.checked)} />
          <span>Target time</span>
        </label>
        {hasTarget ? (
          <>
            <label className="field">
              <span className="field__label">Amount</span>
              <input name="targetAmount" type="number" min={1} max={10000} required defaultValue={step?.target?.amount ?? 1} />
            </label>
            <label className="field">
              <span className="field__label">Unit</span>
              <select name="targetUnit" defaultValue={step?.target?.unit ?? 'days'}>
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
                <option value="days">days</option>
              </select>
            </label>
          </>
        ) : null}
      </div>
      <label className="field">
        <span className="field__label">Moments of truth at this step (kinds, comma-separated)</span>
        <input name="momentKinds" defaultValue={step?.momentKinds.join(', ') ?? ''} placeholder="ticket_opened, survey" />
      </label>
      <div className="form__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Saving…' : step ? 'Save step' : 'Add step'}
        </button>
      </div>
    </form>
  );
}
