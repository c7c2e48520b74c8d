import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useStageOptions } from '../journeys/journeys.api.js';
import {
  checkRuleDraft,
  COMPLETION_EVENTS,
  draftOf,
  ESCALATION_TARGETS,
  INTERACTION_KINDS,
  MAX_ESCALATION_STEPS,
  MAX_TRIGGERS,
  newCompletion,
  newEscalation,
  newTrigger,
  TRIGGER_EVENTS,
  type DraftErrors,
  type RuleDraft,
} from './handoff-rule-draft.js';
import { createHandoffRule, deleteHandoffRule, updateHandoffRule } from './handoffs.api.js';
import type { HandoffRule, Team } from './handoffs.types.js';

/**
 * A hand-off rule as a form: the sending and receiving teams, the events that start it and
 * complete it, the clock and the escalation path, each a row of fields with add and remove
 * buttons. What is wrong is said next to the field on submit (and the first such field gets
 * the focus), then cleared as each field is fixed; the server's refusal, if any, shows above.
 */
export function HandoffRuleForm({ rule, teams, onCancel, onDone }: { rule: HandoffRule | null; teams: Team[]; onCancel(): void; onDone(): void }) {
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(rule, teams.map((team) => team.id)));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const { submitting, error, submit } = useSubmit();
  const stages = useStageOptions();
  const formRef = useRef<HTMLFormElement>(null);
  const change = (patch: Partial<RuleDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const replaceAt = <T,>(list: T[], index: number, patch: Partial<T>) => list.map((item, at) => (at === index ? { ...item, ...patch } : item));

  // Messages first appear on submit; from then on each one goes as soon as its field is fixed.
  useEffect(() => {
    if (submitted) setErrors(checkRuleDraft(draft).errors);
  }, [draft, submitted]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkRuleDraft(draft);
    setSubmitted(true);
    setErrors(checked.errors);
    if (!checked.body) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const body = checked.body;
    void submit(async () => {
      if (rule) await updateHandoffRule(rule.id, body);
      else await createHandoffRule(body);
      onDone();
    });
  }

  const problems = Object.keys(errors).length;
  return (
    <form className="form handoff-rule-form" onSubmit={handleSubmit} noValidate ref={formRef}>
      {error ? <ErrorMessage error={error} /> : null}
      {problems ? (
        <p className="field__error" role="alert">
          {problems === 1 ? 'One field needs' : `${problems} fields need`} attention before the rule can be saved.
        </p>
      ) : null}
      <Field label="Name" error={errors.name}>
        {(props) => <input {...props} autoFocus maxLength={120} value={draft.name} onChange={(e) => change({ name: e.target.value })} placeholder="Urgent ticket → CSM call" />}
      </Field>
      <div className="form__row">
        <Field label="Sender team" error={errors.senderTeamId}>
          {(props) => <TeamOptions {...props} teams={teams} value={draft.senderTeamId} onChange={(senderTeamId) => change({ senderTeamId })} />}
        </Field>
        <Field label="Receiver team" error={errors.receiverTeamId}>
          {(props) => <TeamOptions {...props} teams={teams} value={draft.receiverTeamId} onChange={(receiverTeamId) => change({ receiverTeamId })} />}
        </Field>
      </div>

      <fieldset className="handoff-rule-form__group">
        <legend>Starts when (any of)</legend>
        {errors.triggers ? <span className="field__error">{errors.triggers}</span> : null}
        {draft.triggers.map((trigger, index) => {
          const stage = TRIGGER_EVENTS.find((event) => event.value === trigger.event)!.stage;
          return (
            <div className="handoff-rule-form__row" key={index}>
              <Field label={`Trigger ${index + 1}`}>
                {(props) => (
                  <select {...props} value={trigger.event} onChange={(e) => change({ triggers: replaceAt(draft.triggers, index, { event: e.target.value as typeof trigger.event }) })}>
                    {TRIGGER_EVENTS.map((event) => (
                      <option key={event.value} value={event.value}>
                        {event.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {stage !== 'none' ? (
                <Field label={stage === 'required' ? `Stage of trigger ${index + 1}` : `Stage of trigger ${index + 1} (optional)`} error={errors[`triggers.${index}.stage`]}>
                  {(props) => (
                    <select {...props} value={trigger.stage} onChange={(e) => change({ triggers: replaceAt(draft.triggers, index, { stage: e.target.value }) })}>
                      <option value="">{stage === 'required' ? 'Choose a stage…' : 'Any stage'}</option>
                      {stages.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              ) : (
                <span />
              )}
              <RemoveButton label={`Remove trigger ${index + 1}`} onClick={() => change({ triggers: draft.triggers.filter((_, at) => at !== index) })} />
            </div>
          );
        })}
        {draft.triggers.length < MAX_TRIGGERS ? (
          <button type="button" className="button button--small" onClick={() => change({ triggers: [...draft.triggers, newTrigger()] })}>
            Add a trigger
          </button>
        ) : null}
      </fieldset>

      <fieldset className="handoff-rule-form__group">
        <legend>Completed when (any of; none: only by hand on the board)</legend>
        {draft.completion.map((completion, index) => (
          <div className="handoff-rule-form__row" key={index}>
            <Field label={`Completion ${index + 1}`}>
              {(props) => (
                <select {...props} value={completion.event} onChange={(e) => change({ completion: replaceAt(draft.completion, index, { event: e.target.value as typeof completion.event }) })}>
                  {COMPLETION_EVENTS.map((event) => (
                    <option key={event.value} value={event.value}>
                      {event.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {completion.event === 'interaction.logged' ? (
              <Choices
                legend={`Interactions of completion ${index + 1}`}
                options={INTERACTION_KINDS.map((kind) => ({ value: kind, label: kind }))}
                chosen={completion.kinds}
                error={errors[`completion.${index}.kinds`]}
                onChange={(kinds) => change({ completion: replaceAt(draft.completion, index, { kinds: kinds as typeof completion.kinds }) })}
              />
            ) : completion.event === 'account.updated' ? (
              <Choices
                legend={`Stages of completion ${index + 1}`}
                options={stages}
                chosen={completion.stages}
                error={errors[`completion.${index}.stages`]}
                onChange={(chosen) => change({ completion: replaceAt(draft.completion, index, { stages: chosen }) })}
              />
            ) : completion.event === 'task.completed' ? (
              <Field label={`Task title contains (completion ${index + 1}, optional)`}>
                {(props) => <input {...props} maxLength={100} value={completion.titleContains} onChange={(e) => change({ completion: replaceAt(draft.completion, index, { titleContains: e.target.value }) })} />}
              </Field>
            ) : (
              <span />
            )}
            <RemoveButton label={`Remove completion ${index + 1}`} onClick={() => change({ completion: draft.completion.filter((_, at) => at !== index) })} />
          </div>
        ))}
        {draft.completion.length < MAX_TRIGGERS ? (
          <button type="button" className="button button--small" onClick={() => change({ completion: [...draft.completion, newCompletion()] })}>
            Add a completion
          </button>
        ) : null}
      </fieldset>

      <fieldset className="handoff-rule-form__group">
        <legend>Clock</legend>
        <div className="handoff-rule-form__row">
          <Field label="Due within" error={errors.amount}>
            {(props) => <input {...props} type="number" inputMode="numeric" min={1} max={1000} value={draft.amount} onChange={(e) => change({ amount: e.target.value })} />}
          </Field>
          <Field label="Unit">
            {(props) => (
              <select {...props} value={draft.unit} onChange={(e) => change({ unit: e.target.value as RuleDraft['unit'] })}>
                <option value="hours">hours</option>
                <option value="days">days</option>
              </select>
            )}
          </Field>
          <span />
        </div>
        <label className="handoff-rule-form__check">
          <input type="checkbox" className="checkbox" checked={draft.businessHours} onChange={(e) => change({ businessHours: e.target.checked })} /> Business hours only (Mon–Fri 09:00–17:00 UTC; a day is 8 hours)
        </label>
      </fieldset>

      <fieldset className="handoff-rule-form__group">
        <legend>Escalation path, in order</legend>
        {draft.escalation.map((step, index) => (
          <div className="handoff-rule-form__row" key={index}>
            <Field label={`Level ${index + 1}: hours after due`} error={errors[`escalation.${index}.afterHours`]}>
              {(props) => <input {...props} type="number" inputMode="numeric" min={0} max={2160} value={step.afterHours} onChange={(e) => change({ escalation: replaceAt(draft.escalation, index, { afterHours: e.target.value }) })} />}
            </Field>
            <Field label={`Level ${index + 1}: escalate to`}>
              {(props) => (
                <select {...props} value={step.to} onChange={(e) => change({ escalation: replaceAt(draft.escalation, index, { to: e.target.value as typeof step.to }) })}>
                  {ESCALATION_TARGETS.map((target) => (
                    <option key={target.value} value={target.value}>
                      {target.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <label className="handoff-rule-form__check">
              <input type="checkbox" className="checkbox" checked={step.createTask} onChange={(e) => change({ escalation: replaceAt(draft.escalation, index, { createTask: e.target.checked }) })} /> Task
            </label>
            <RemoveButton label={`Remove level ${index + 1}`} onClick={() => change({ escalation: draft.escalation.filter((_, at) => at !== index) })} />
          </div>
        ))}
        {draft.escalation.length < MAX_ESCALATION_STEPS ? (
          <button type="button" className="button button--small" onClick={() => change({ escalation: [...draft.escalation, newEscalation(24 * draft.escalation.length)] })}>
            Add a level
          </button>
        ) : null}
      </fieldset>

      <label className="handoff-rule-form__check">
        <input type="checkbox" className="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} /> Enabled
      </label>
      {rule ? (
        <button type="button" className="link-button" disabled={submitting} onClick={() => void submit(async () => (await deleteHandoffRule(rule.id), onDone()))}>
          Delete this rule (its hand-offs stay)
        </button>
      ) : null}
      <FormActions label={rule ? 'Save rule' : 'Add rule'} busyLabel="Saving…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

type ControlProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };

/** A labelled control with its message: the control gets the id, `aria-invalid` and the message as its description. */
function Field({ label, error, children }: { label: string; error?: string | undefined; children(props: ControlProps): ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${id}-error` : undefined })}
      {error ? (
        <span className="field__error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

function TeamOptions({ teams, value, onChange, ...props }: ControlProps & { teams: Team[]; value: string; onChange(id: string): void }) {
  return (
    <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      {teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
    </select>
  );
}

/** Checkboxes for a small set (interaction kinds, stages); the first box carries `aria-invalid` for the focus on error. */
function Choices({ legend, options, chosen, error, onChange }: { legend: string; options: { value: string; label: string }[]; chosen: string[]; error?: string | undefined; onChange(chosen: string[]): void }) {
  return (
    <fieldset className="handoff-rule-form__choices">
      <legend className="field__label">{legend}</legend>
      <div className="handoff-rule-form__choice-list">
        {options.map((option, index) => (
          <label className="handoff-rule-form__check" key={option.value}>
            <input
              type="checkbox"
              className="checkbox"
              aria-invalid={index === 0 && Boolean(error)}
              checked={chosen.includes(option.value)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, option.value] : chosen.filter((value) => value !== option.value))}
            />{' '}
            {option.label}
          </label>
        ))}
      </div>
      {error ? <span className="field__error">{error}</span> : null}
    </fieldset>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button type="button" className="button button--small handoff-rule-form__remove" aria-label={label} title={label} onClick={onClick}>
      Remove
    </button>
  );
}
