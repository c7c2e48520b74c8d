import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { humanize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { listSegments } from '../segments/segments.api.js';
import { useUsers } from '../users/users.api.js';
import { createPlaybook, dryRunPlaybook, getPlaybook, listPlaybookRuns, savePlaybook, setPlaybookEnabled } from './playbooks.api.js';
import { PlaybookRunsTable } from './playbook-runs.js';
import type { Playbook, PlaybookCondition, PlaybookDefinition, PlaybookDryRun, PlaybookStep, PlaybookTrigger } from './playbooks.types.js';

type AnyRecord = Record<string, unknown>;

const TRIGGER_DEFAULTS: Record<PlaybookTrigger['kind'], PlaybookTrigger> = {
  signal: { kind: 'signal', signalKind: 'vendor_review' },
  health_below: { kind: 'health_below', value: 50 },
  health_band: { kind: 'health_band', band: 'red' },
  usage_drop: { kind: 'usage_drop', percent: 30, days: 14, measure: 'active_users' },
  contact_left: { kind: 'contact_left', roles: ['champion'] },
  contact_arrived: { kind: 'contact_arrived' },
  nps_detractor: { kind: 'nps_detractor', maxScore: 6 },
  urgent_ticket: { kind: 'urgent_ticket' },
  ticket_burst: { kind: 'ticket_burst', count: 5, hours: 48 },
  renewal_in: { kind: 'renewal_in', days: 90 },
  segment_entered: { kind: 'segment_entered', segmentId: '' },
  stage_entered: { kind: 'stage_entered', stage: 'Onboarding' },
  date_field: { kind: 'date_field', field: 'renewalDate', offsetDays: -30 },
};

const STEP_DEFAULTS: Record<PlaybookStep['type'], PlaybookStep> = {
  create_task: { type: 'create_task', title: 'Follow up with {{account.name}}', owner: { kind: 'account_owner' }, dueInDays: 2, priority: 'medium' },
  send_email: { type: 'send_email', to: { kind: 'contact_roles', roles: ['champion'] }, subject: 'Hello from us', text: 'Hi {{contact.firstName}},\n\n', bulk: false },
  call_webhook: { type: 'call_webhook', url: 'https://hooks.example.com/', format: 'slack', text: '{{account.name}}: {{trigger.reason}}' },
  set_field: { type: 'set_field', field: 'lifecycleStage', value: 'At risk' },
  wait: { type: 'wait', days: 3 },
  escalate: { type: 'escalate', afterDaysOverdue: 2, priority: 'high' },
  branch: { type: 'branch', if: [{ field: 'healthBand', op: 'eq', value: 'red' }], then: [], else: [] },
  wait_until: { type: 'wait_until', until: [{ field: 'healthBand', op: 'neq', value: 'red' }], timeoutDays: 14, checkEveryHours: 6, onTimeout: [] },
};

const ENUMS: Record<string, readonly string[]> = {
  signalKind: ['news', 'funding', 'leadership_change', 'vendor_review', 'layoff', 'acquisition', 'other'],
  band: ['green', 'yellow', 'red'],
  measure: ['active_users', 'events'],
  priority: ['low', 'medium', 'high', 'urgent'],
  format: ['json', 'slack'],
  field: ['lifecycleStage', 'segment', 'region', 'industry'],
  op: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in', 'is_set', 'is_not_set'],
};
const CONDITION_FIELDS = ['arr', 'healthScore', 'healthBand', 'lifecycleStage', 'segment', 'region', 'industry', 'ownerId', 'daysToRenewal', 'employeeCount'];
const LONG_TEXT = new Set(['text', 'expertText', 'description']);

const NEW_DEFINITION: PlaybookDefinition = {
  name: '',
  trigger: TRIGGER_DEFAULTS.signal,
  conditions: [],
  reentry: { kind: 'once' },
  holdoutPercent: 0,
  steps: [STEP_DEFAULTS.create_task],
};

/**
 * A segment by name (the API takes its id). `anyLabel` offers "none named" as the first choice;
 * without it a segment must be picked. Each segment says its pool, for the task owner's choice.
 */
function SegmentField({ value, onChange, caption, anyLabel }: { value: unknown; onChange(value: string | undefined): void; caption: string; anyLabel?: string }) {
  const segments = useResource((signal) => listSegments(signal), []);
  return (
    <label className="field">
      <span className="field__label">{caption}</span>
      <select aria-label={caption} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value || undefined)}>
        {anyLabel ? <option value="">{anyLabel}</option> : <option value="" disabled>Choose a segment…</option>}
        {(segments.data?.data ?? []).map((segment) => (
          <option key={segment.id} value={segment.id}>
            {segment.name}
            {anyLabel ? (segment.pool ? ` (pool: ${segment.pool.name})` : ' (no pool)') : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One parameter of a trigger or step, as the widget its name calls for. */
function ParamField({ name, value, onChange, label }: { name: string; value: unknown; onChange(value: unknown): void; label?: string }) {
  const caption = label ?? humanize(name.replace(/([A-Z])/g, ' $1').toLowerCase());
  if (name === 'segmentId') return <SegmentField caption={label ?? 'Segment'} value={value} onChange={(id) => onChange(id ?? '')} />;
  if (Array.isArray(value)) {
    return (
      <label className="field">
        <span className="field__label">{caption} (comma-separated)</span>
        <input aria-label={caption} value={value.join(', ')} onChange={(event) => onChange(event.target.value.split(',').map((part) => part.trim()).filter(Boolean))} />
      </label>
    );
  }
  if (typeof value === 'boolean') {
    return (
      <label className="field field--checkbox">
        <input type="checkbox" aria-label={caption} checked={value} onChange={(event) => onChange(event.target.checked)} /> {caption}
      </label>
    );
  }
  if (ENUMS[name] && (typeof value === 'string' || value === undefined)) {
    return (
      <label className="field">
        <span className="field__label">{caption}</span>
        <select aria-label={caption} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)}>
          {ENUMS[name]!.map((option) => (
            <option key={option} value={option}>
              {humanize(option)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (typeof value === 'number') {
    return (
      <label className="field">
        <span className="field__label">{caption}</span>
        <input type="number" aria-label={caption} value={value} step="any" onChange={(event) => onChange(event.target.value === '' ? 0 : Number(event.target.value))} />
      </label>
    );
  }
  return (
    <label className="field playbook-editor__wide">
      <span className="field__label">{caption}</span>
      {LONG_TEXT.has(name) ? (
        <textarea aria-label={caption} rows={3} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input aria-label={caption} value={String(value ?? '')} onChange={(event) => onChange(event.target.value === '' && name.startsWith('expert') ? undefined : event.target.value)} />
      )}
    </label>
  );
}

function TaskOwnerField({ value, onChange }: { value: AnyRecord; onChange(value: AnyRecord): void }) {
  const { users } = useUsers();
  return (
    <>
      <label className="field">
        <span className="field__label">Owner</span>
        <select aria-label="Owner" value={String(value.kind)} onChange={(event) => onChange(event.target.value === 'user' ? { kind: 'user', userId: users[0]?.id ?? '' } : { kind: event.target.value })}>
          <option value="account_owner">Account owner</option>
          <option value="segment_pool">Segment pool (falls back to owner)</option>
          <option value="user">A named user</option>
        </select>
      </label>
      {value.kind === 'segment_pool' ? (
        <SegmentField
          caption="Pool of"
          anyLabel="The account’s first segment with a pool"
          value={value.segmentId}
          onChange={(segmentId) => onChange(segmentId ? { kind: 'segment_pool', segmentId } : { kind: 'segment_pool' })}
        />
      ) : null}
      {value.kind === 'user' ? (
        <label className="field">
          <span className="field__label">User</span>
          <select aria-label="User" value={String(value.userId)} onChange={(event) => onChange({ kind: 'user', userId: event.target.value })}>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}

function RecipientField({ value, onChange }: { value: AnyRecord; onChange(value: AnyRecord): void }) {
  return (
    <>
      <label className="field">
        <span className="field__label">To</span>
        <select aria-label="To" value={String(value.kind)} onChange={(event) => onChange(event.target.value === 'contact_roles' ? { kind: 'contact_roles', roles: ['champion'] } : { kind: event.target.value })}>
          <option value="contact_roles">Contacts with a role</option>
          <option value="trigger_contact">The contact the trigger was about</option>
          <option value="all_contacts">All active contacts</option>
        </select>
      </label>
      {value.kind === 'contact_roles' ? <ParamField name="roles" label="Roles" value={value.roles} onChange={(roles) => onChange({ ...value, roles })} /> : null}
    </>
  );
}

function StepFields({ step, onChange }: { step: PlaybookStep; onChange(step: PlaybookStep): void }) {
  if (step.type === 'branch' || step.type === 'wait_until') return <JsonStepField step={step} onChange={onChange} />;
  const entries = Object.entries({ ...STEP_DEFAULTS[step.type], ...step }).filter(([key]) => key !== 'type');
  if (step.type === 'send_email') {
    for (const key of ['expertSubject', 'expertText']) if (!entries.some(([name]) => name === key)) entries.push([key, '']);
  }
  const set = (key: string, value: unknown) => onChange({ ...step, [key]: value } as PlaybookStep);
  return (
    <div className="playbook-editor__fields">
      {entries.map(([key, value]) =>
        key === 'owner' ? (
          <TaskOwnerField key={key} value={value as AnyRecord} onChange={(owner) => set('owner', owner)} />
        ) : key === 'to' ? (
          <RecipientField key={key} value={value as AnyRecord} onChange={(to) => set('to', to)} />
        ) : (
          <ParamField key={key} name={key} value={value} onChange={(next) => set(key, next)} />
        ),
      )}
    </div>
  );
}

/** Branches and wait-untils hold their own step lists: edited as JSON (checked by the server on save). */
function JsonStepField({ step, onChange }: { step: PlaybookStep; onChange(step: PlaybookStep): void }) {
  const [text, setText] = useState(JSON.stringify(step, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <label className="field playbook-editor__wide">
      <span className="field__label">Step as JSON (conditions and nested steps)</span>
      <textarea
        rows={8}
        className="playbook-editor__json"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          try {
            onChange(JSON.parse(event.target.value) as PlaybookStep);
            setProblem(null);
          } catch {
            setProblem('Not valid JSON yet');
          }
        }}
      />
      {problem ? <span className="field__error">{problem}</span> : null}
    </label>
  );
}

function ConditionsEditor({ conditions, onChange }: { conditions: PlaybookCondition[]; onChange(conditions: PlaybookCondition[]): void }) {
  const update = (index: number, change: Partial<PlaybookCondition>) => onChange(conditions.map((c, at) => (at === index ? ({ ...c, ...change } as PlaybookCondition) : c)));
  return (
    <fieldset className="card playbook-editor__section">
      <legend>Conditions (all must hold)</legend>
      {conditions.map((condition, index) => (
        <div className="playbook-editor__fields" key={index}>
          <label className="field">
            <span className="field__label">Field</span>
            <select aria-label="Field" value={condition.field} onChange={(event) => update(index, { field: event.target.value })}>
              {CONDITION_FIELDS.map((field) => (
                <option key={field} value={field}>
                  {humanize(field)}
                </option>
              ))}
            </select>
          </label>
          <ParamField name="op" label="Is" value={condition.op} onChange={(op) => update(index, { op: op as PlaybookCondition['op'] })} />
          <label className="field">
            <span className="field__label">Value</span>
            <input
              aria-label="Value"
              value={Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value ?? '')}
              onChange={(event) => {
                const raw = event.target.value;
                const value = ['in', 'not_in'].includes(condition.op) ? raw.split(',').map((part) => part.trim()) : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
                update(index, { value });
              }}
            />
          </label>
          <button type="button" className="button button--small" onClick={() => onChange(conditions.filter((_, at) => at !== index))}>
            Remove condition
          </button>
        </div>
      ))}
      <button type="button" className="button button--small" onClick={() => onChange([...conditions, { field: 'segment', op: 'eq', value: '' }])}>
        Add condition
      </button>
    </fieldset>
  );
}

function StepsEditor({ steps, onChange }: { steps: PlaybookStep[]; onChange(steps: PlaybookStep[]): void }) {
  const [adding, setAdding] = useState<PlaybookStep['type']>('create_task');
  const move = (index: number, by: number) => {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    next.splice(index + by, 0, step!);
    onChange(next);
  };
  return (
    <fieldset className="card playbook-editor__section">
      <legend>Steps</legend>
      <ol className="playbook-editor__steps">
        {steps.map((step, index) => (
          <li key={`${index}:${step.type}`} className="playbook-editor__step" aria-label={`Step ${index + 1}: ${humanize(step.type)}`}>
            <div className="playbook-editor__step-head">
              <strong>
                {index + 1}. {humanize(step.type)}
              </strong>
              <span>
                <button type="button" className="button button--small" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move step ${index + 1} up`}>
                  ↑
                </button>
                <button type="button" className="button button--small" disabled={index === steps.length - 1} onClick={() => move(index, 1)} aria-label={`Move step ${index + 1} down`}>
                  ↓
                </button>
                <button type="button" className="button button--small" onClick={() => onChange(steps.filter((_, at) => at !== index))} aria-label={`Remove step ${index + 1}`}>
                  Remove
                </button>
              </span>
            </div>
            <StepFields step={step} onChange={(next) => onChange(steps.map((s, at) => (at === index ? next : s)))} />
          </li>
        ))}
      </ol>
      <div className="playbook-editor__fields">
        <label className="field">
          <span className="field__label">New step</span>
          <select aria-label="New step" value={adding} onChange={(event) => setAdding(event.target.value as PlaybookStep['type'])}>
            {Object.keys(STEP_DEFAULTS).map((type) => (
              <option key={type} value={type}>
                {humanize(type)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--small" onClick={() => onChange([...steps, STEP_DEFAULTS[adding]])}>
          Add step
        </button>
      </div>
    </fieldset>
  );
}

/** The on/off switch, in the list and on the playbook's page. */
export function EnableToggle({ playbook, disabled, onChanged }: { playbook: Playbook; disabled?: boolean; onChanged(playbook: Playbook): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <span>
      <label className="field--checkbox">
        <input
          type="checkbox"
          checked={playbook.enabled}
          disabled={disabled || busy}
          aria-label={`${playbook.name} enabled`}
          onChange={async (event) => {
            setBusy(true);
            setError(null);
            try {
              onChanged(await setPlaybookEnabled(playbook.id, event.target.checked));
            } catch (toggleError) {
              setError(toggleError);
            } finally {
              setBusy(false);
            }
          }}
        />{' '}
        {playbook.enabled ? 'On' : 'Off'}
      </label>
      {error ? <ErrorMessage error={error} /> : null}
    </span>
  );
}

function DryRunResult({ result }: { result: PlaybookDryRun }) {
  return (
    <section className="card playbook-editor__section" aria-label="Dry run result" aria-live="polite">
      <h2 className="section__title">
        Dry run ({result.asOf}): {result.wouldEnter.length} would enter{result.holdoutPercent > 0 ? `, about ${result.holdoutPercent} % of them held out` : ''}
      </h2>
      {result.note ? <p className="muted">{result.note}</p> : null}
      <ul>
        {result.wouldEnter.map((row) => (
          <li key={row.accountId}>
            <Link to={`/accounts/${row.accountId}`}>{row.accountName}</Link> — {row.reason}
          </li>
        ))}
      </ul>
      {result.excluded.length > 0 ? (
        <>
          <h3>Kept out</h3>
          <ul>
            {result.excluded.map((row) => (
              <li key={row.accountId}>
                {row.accountName} — {row.why}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Create (`/playbooks/new`) or edit a playbook: trigger, conditions, steps; save, dry run, enable, run history. */
export function PlaybookEditorPage() {
  const { playbookId } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const canEdit = session.canManage;
  const isNew = playbookId === undefined || playbookId === 'new';
  const loaded = useResource((signal) => (isNew ? Promise.resolve(null) : getPlaybook(playbookId!, signal)), [playbookId]);
  const runs = useResource((signal) => (isNew ? Promise.resolve({ data: [] }) : listPlaybookRuns(playbookId!, signal)), [playbookId]);
  const [definition, setDefinition] = useState<PlaybookDefinition>(NEW_DEFINITION);
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<PlaybookDryRun | null>(null);
  useDocumentTitle(isNew ? 'New playbook' : (playbook?.name ?? 'Playbook'));

  useEffect(() => {
    if (loaded.data) {
      setPlaybook(loaded.data);
      setDefinition(loaded.data.definition);
    }
  }, [loaded.data]);

  if (loaded.error) return <div className="page"><ErrorMessage error={loaded.error} onRetry={loaded.reload} /></div>;
  if (!isNew && !playbook) return <LoadingBlock label="Loading playbook…" />;

  const set = (change: Partial<PlaybookDefinition>) => setDefinition((current) => ({ ...current, ...change }));

  async function handleSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      const result = playbook ? await savePlaybook(playbook.id, definition) : await createPlaybook(definition);
      setPlaybook(result);
      setSaved(`Saved as version ${result.version}.`);
      if (!playbook) navigate(`/playbooks/${result.id}`, { replace: true });
    } catch (saveError) {
      setError(saveError);
    } finally {
      setSaving(false);
    }
  }

  async function handleDryRun() {
    if (!playbook) return;
    setError(null);
    try {
      setDryRun(await dryRunPlaybook(playbook.id));
    } catch (dryRunError) {
      setError(dryRunError);
    }
  }

  const trigger = definition.trigger as AnyRecord;
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <p className="muted">
            <Link to="/playbooks">Playbooks</Link>
          </p>
          <h1 className="page__title">{isNew ? 'New playbook' : playbook?.name}</h1>
          {playbook ? (
            <p className="page__subtitle">
              Version {playbook.version} · {playbook.stats.entered} entered · {playbook.stats.heldOut} held out · <Link to={`/playbooks/${playbook.id}/uplift`}>Does it work?</Link>
            </p>
          ) : null}
        </div>
        {playbook ? <EnableToggle playbook={playbook} disabled={!canEdit} onChanged={setPlaybook} /> : null}
      </header>
      <form className="playbook-editor" onSubmit={handleSave} aria-label="Playbook">
        {error ? <ErrorMessage error={error} /> : null}
        <fieldset className="card playbook-editor__section" disabled={!canEdit}>
          <legend>Playbook</legend>
          <div className="playbook-editor__fields">
            <ParamField name="name" value={definition.name} onChange={(name) => set({ name: String(name) })} />
            <ParamField name="holdoutPercent" label="Holdout % (control, no steps)" value={definition.holdoutPercent} onChange={(holdoutPercent) => set({ holdoutPercent: Number(holdoutPercent) })} />
            <label className="field">
              <span className="field__label">Re-entry</span>
              <select
 aria-label="Re-entry"                value={definition.reentry.kind}
                onChange={(event) => set({ reentry: event.target.value === 'once' ? { kind: 'once' } : { kind: 'every', days: 30 } })}
              >
                <option value="once">Once per account</option>
                <option value="every">Once per N days</option>
              </select>
            </label>
            {definition.reentry.kind === 'every' ? (
              <ParamField name="days" label="Re-entry days" value={definition.reentry.days} onChange={(days) => set({ reentry: { kind: 'every', days: Number(days) } })} />
            ) : null}
          </div>
        </fieldset>
        <fieldset className="card playbook-editor__section" disabled={!canEdit}>
          <legend>Trigger</legend>
          <div className="playbook-editor__fields">
            <label className="field">
              <span className="field__label">When</span>
              <select aria-label="When" value={definition.trigger.kind} onChange={(event) => set({ trigger: TRIGGER_DEFAULTS[event.target.value as PlaybookTrigger['kind']] })}>
                {Object.keys(TRIGGER_DEFAULTS).map((kind) => (
                  <option key={kind} value={kind}>
                    {humanize(kind)}
                  </option>
                ))}
              </select>
            </label>
            {Object.entries(trigger)
              .filter(([key]) => key !== 'kind')
              .map(([key, value]) => (
                <ParamField key={key} name={key} value={value} onChange={(next) => set({ trigger: { ...trigger, [key]: next } as PlaybookTrigger })} />
              ))}
          </div>
        </fieldset>
        <fieldset disabled={!canEdit} className="playbook-editor__plain">
          <ConditionsEditor conditions={definition.conditions} onChange={(conditions) => set({ conditions })} />
          <StepsEditor steps={definition.steps} onChange={(steps) => set({ steps })} />
        </fieldset>
        {canEdit ? (
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button" disabled={!playbook} onClick={handleDryRun}>
              Dry run
            </button>
            <span role="status">{saved}</span>
          </div>
        ) : null}
      </form>
      {dryRun ? <DryRunResult result={dryRun} /> : null}
      {playbook ? (
        <section className="playbook-editor__section">
          <h2 className="section__title">Run history</h2>
          {runs.data ? <PlaybookRunsTable runs={runs.data.data} show="account" /> : <LoadingBlock label="Loading runs…" />}
        </section>
      ) : null}
    </div>
  );
}
