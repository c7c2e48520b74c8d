import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { useSubmit } from '../../lib/use-submit.js';
import { createFlow, deleteFlow, updateFlow } from './flows.api.js';
import type { Flow, FlowStep } from './flows.types.js';

/** One step as the form edits it: every field text, so an empty box means "not set". */
type StepDraft = { key: string; name: string; event: string; whereProperty: string; failureEvent: string; failureProperty: string; maxFailures: string; maxRepeats: string; idleMinutes: string };

const EMPTY_STEP: StepDraft = { key: '', name: '', event: '', whereProperty: '', failureEvent: '', failureProperty: '', maxFailures: '', maxRepeats: '', idleMinutes: '' };

function toDraft(step: FlowStep): StepDraft {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    key: step.key,
    name: step.name,
    event: step.event,
    whereProperty: step.where?.property ?? '',
    failureEvent: step.failure?.event ?? '',
    failureProperty: step.failure?.where?.property ?? '',
    maxFailures: text(step.maxFailures),
    maxRepeats: text(step.maxRepeats),
    idleMinutes: text(step.idleMinutes),
  };
}

/** The form's steps as the API takes them; the server validates the rest and names what is wrong. */
function toStep(draft: StepDraft): FlowStep {
  const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
  const key = draft.key.trim() || draft.name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 63);
  const failure =
    draft.failureEvent.trim() || draft.failureProperty.trim()
      ? { ...(draft.failureEvent.trim() ? { event: draft.failureEvent.trim() } : {}), ...(draft.failureProperty.trim() ? { where: { property: draft.failureProperty.trim() } } : {}) }
      : undefined;
  return {
    key,
    name: draft.name.trim(),
    event: draft.event.trim(),
    ...(draft.whereProperty.trim() ? { where: { property: draft.whereProperty.trim() } } : {}),
    ...(failure ? { failure } : {}),
    ...(number(draft.maxFailures) !== undefined ? { maxFailures: number(draft.maxFailures) } : {}),
    ...(number(draft.maxRepeats) !== undefined ? { maxRepeats: number(draft.maxRepeats) } : {}),
    ...(number(draft.idleMinutes) !== undefined ? { idleMinutes: number(draft.idleMinutes) } : {}),
  };
}

/** Admins: "New flow", or "Edit flow" for an existing one (with delete). */
export function FlowEditorButton({ flow, onSaved, onDeleted }: { flow?: Flow; onSaved(flow: Flow): void; onDeleted?(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={flow ? 'button' : 'button button--primary'} onClick={() => setOpen(true)}>
        {flow ? 'Edit flow' : 'New flow'}
      </button>
      <Dialog title={flow ? `Edit “${flow.name}”` : 'New flow'} open={open} onClose={() => setOpen(false)}>
        {open ? (
          <FlowForm
            flow={flow}
            onCancel={() => setOpen(false)}
            onSaved={(saved) => {
              setOpen(false);
              onSaved(saved);
            }}
            onDeleted={() => {
              setOpen(false);
              onDeleted?.();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

const FIELDS: { field: keyof StepDraft; label: string; placeholder: string; type?: 'number' }[] = [
  { field: 'name', label: 'Name', placeholder: 'Address entered' },
  { field: 'event', label: 'Event', placeholder: 'address_entered' },
  { field: 'whereProperty', label: 'Only with property', placeholder: '(any)' },
  { field: 'failureEvent', label: 'Failure event', placeholder: '(same event)' },
  { field: 'failureProperty', label: 'Failure property', placeholder: 'error' },
  { field: 'maxFailures', label: 'Failures allowed', placeholder: '1', type: 'number' },
  { field: 'maxRepeats', label: 'Repeats allowed', placeholder: '—', type: 'number' },
  { field: 'idleMinutes', label: 'Minutes to reach', placeholder: '—', type: 'number' },
];

function FlowForm({ flow, onCancel, onSaved, onDeleted }: { flow?: Flow; onCancel(): void; onSaved(flow: Flow): void; onDeleted(): void }) {
  const { submitting, error, submit } = useSubmit();
  const [steps, setSteps] = useState<StepDraft[]>(flow ? flow.steps.map(toDraft) : [{ ...EMPTY_STEP }, { ...EMPTY_STEP }]);
  const change = (index: number, field: keyof StepDraft, value: string) =>
    setSteps((current) => current.map((step, at) => (at === index ? { ...step, [field]: value } : step)));
  const move = (index: number, by: number) =>
    setSteps((current) => {
      const next = [...current];
      const [step] = next.splice(index, 1);
      next.splice(index + by, 0, step!);
      return next;
    });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get('name') ?? '').trim(),
      description: String(form.get('description') ?? '').trim() || null,
      isActive: form.get('isActive') === 'on',
      steps: steps.map(toStep),
    };
    void submit(async () => onSaved(flow ? await updateFlow(flow.id, body) : await createFlow(body)));
  }

  return (
    <form className="form flow-editor" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form__row">
        <label className="field">
          <span className="field__label">Name</span>
          <input name="name" required maxLength={100} defaultValue={flow?.name ?? ''} placeholder="Checkout" autoFocus />
        </label>
        <label className="field field--inline">
          <input name="isActive" type="checkbox" defaultChecked={flow?.isActive ?? true} />
          <span>Active</span>
        </label>
      </div>
      <label className="field">
        <span className="field__label">Description</span>
        <input name="description" maxLength={2000} defaultValue={flow?.description ?? ''} />
      </label>
      <fieldset className="flow-editor__steps">
        <legend>Steps, in order</legend>
        {steps.map((step, index) => (
          <div className="flow-editor__step" key={index} data-testid="flow-step">
            <span className="flow-editor__number">{index + 1}</span>
            {FIELDS.map(({ field, label, placeholder, type }, position) => [
              position === 4 ? <StepMoves key="moves" index={index} count={steps.length} move={move} remove={() => setSteps((current) => current.filter((_, at) => at !== index))} /> : null,
              <label className="field" key={field}>
                <span className="field__label">{label}</span>
                <input
                  aria-label={`Step ${index + 1} ${label.toLowerCase()}`}
                  type={type ?? 'text'}
                  min={type ? 1 : undefined}
                  required={field === 'name' || field === 'event'}
                  value={step[field]}
                  placeholder={placeholder}
                  onChange={(e) => change(index, field, e.target.value)}
                />
              </label>,
            ])}
          </div>
        ))}
        <button type="button" className="button" disabled={steps.length >= 20} onClick={() => setSteps((current) => [...current, { ...EMPTY_STEP }])}>
          Add a step
        </button>
      </fieldset>
      <p className="muted">
        A failure is the failure event, or the step’s event carrying the failure property (e.g. <code>error</code>). “Minutes to reach” counts from the previous step;
        “Repeats allowed” is how often a user may do this step before it counts as stuck at the next.
      </p>
      <div className="flow-editor__footer">
        {flow ? (
          <button
            type="button"
            className="button button--danger"
            onClick={() => {
              if (window.confirm(`Delete the flow “${flow.name}” and its progress?`)) void submit(async () => { await deleteFlow(flow.id); onDeleted(); });
            }}
          >
            Delete flow
          </button>
        ) : <span />}
        <FormActions label={flow ? 'Save flow' : 'Create flow'} busyLabel="Saving…" submitting={submitting} onCancel={onCancel} />
      </div>
    </form>
  );
}

function StepMoves({ index, count, move, remove }: { index: number; count: number; move(index: number, by: number): void; remove(): void }) {
  return (
    <span className="flow-editor__moves">
      <button type="button" className="button button--small" aria-label={`Move step ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
        ↑
      </button>
      <button type="button" className="button button--small" aria-label={`Move step ${index + 1} down`} disabled={index === count - 1} onClick={() => move(index, 1)}>
        ↓
      </button>
      <button type="button" className="button button--small" aria-label={`Remove step ${index + 1}`} disabled={count <= 2} onClick={remove}>
        ×
      </button>
    </span>
  );
}
