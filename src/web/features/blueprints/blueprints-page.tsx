import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge } from '../../components/badge.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { listTeams } from '../handoffs/handoffs.api.js';
import { getJourney } from '../journeys/journeys.api.js';
import { BlueprintDiagram } from './blueprint-diagram.js';
import {
  createBlueprint,
  deleteBlueprint,
  exportUrl,
  formatTarget,
  getBlueprint,
  laneLabel,
  listBlueprints,
  listStepMoments,
  putBlueprint,
  stepToBody,
  toBody,
  type Blueprint,
  type BlueprintStep,
  type BlueprintView,
  type StepBody,
} from './blueprints.api.js';
import { StepForm } from './step-form.js';

const OUTCOME_TONES = { positive: 'green', neutral: 'neutral', negative: 'red' } as const;

/** Service blueprints: pick one, see its diagram and the moments of truth at each step; leaders and admins edit. */
export function BlueprintsPage() {
  useDocumentTitle('Service blueprints');
  const { canManage: canEdit } = useSession();
  const navigate = useNavigate();
  const { blueprintId } = useParams();
  const list = useResource((signal) => listBlueprints(signal), []);
  const id = blueprintId ?? list.data?.data[0]?.id;

  return (
    <div className="page page--wide" data-testid="blueprints-page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Service blueprints</h1>
          <p className="page__subtitle">Who does what at each step of a journey stage — in front of the customer and behind the line of visibility.</p>
        </div>
        {canEdit ? <NewBlueprintButton onCreated={(view) => { list.reload(); navigate(`/blueprints/${view.blueprint.id}`); }} /> : null}
      </header>
      {list.error ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        <LoadingBlock label="Loading blueprints…" />
      ) : !id ? (
        <EmptyState title="No blueprints yet">{canEdit ? 'Create one for a journey stage: the customer’s actions, the front-stage contact, back-stage work, support processes and technology.' : 'Leaders and admins draw the service blueprints.'}</EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <label className="toolbar__filter">
              <span className="visually-hidden">Blueprint</span>
              <select aria-label="Blueprint" value={id} onChange={(e) => navigate(`/blueprints/${e.target.value}`)}>
                {list.data.data.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                    {candidate.stageName ? ` — ${candidate.stageName}` : ' — every stage'}
                  </option>
                ))}
              </select>
            </label>
            <span className="blueprint-exports">
              Export:{' '}
              <a href={exportUrl(id, 'svg')} download>
                SVG
              </a>{' '}
              ·{' '}
              <a href={exportUrl(id, 'mermaid')} download>
                Mermaid
              </a>{' '}
              ·{' '}
              <a href={exportUrl(id, 'json')} download>
                JSON
              </a>
            </span>
          </div>
          <BlueprintEditor key={id} id={id} canEdit={canEdit} onChanged={list.reload} onDeleted={() => { list.reload(); navigate('/blueprints'); }} />
        </>
      )}
    </div>
  );
}

type Mode = { kind: 'view' } | { kind: 'add' } | { kind: 'edit'; step: BlueprintStep };

function BlueprintEditor({ id, canEdit, onChanged, onDeleted }: { id: string; canEdit: boolean; onChanged(): void; onDeleted(): void }) {
  const loaded = useResource((signal) => getBlueprint(id, signal), [id]);
  const teams = useResource((signal) => listTeams(signal), []);
  const [saved, setSaved] = useState<BlueprintView | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const { submitting, error, submit } = useSubmit();
  const panel = useRef<HTMLElement>(null);
  const view = saved ?? loaded.data;
  // Below the diagram on narrower screens: bring the chosen step's panel into sight.
  useEffect(() => {
    if (selectedId || mode.kind !== 'view') panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId, mode.kind]);

  if (loaded.error) return <ErrorMessage error={loaded.error} onRetry={loaded.reload} />;
  if (!view) return <LoadingBlock label="Loading the blueprint…" />;
  const { blueprint } = view;
  const selected = blueprint.steps.find((step) => step.id === selectedId) ?? null;
  const nextColumn = blueprint.steps.length ? Math.max(...blueprint.steps.map((step) => step.column)) + 1 : 0;
  const teamList = (teams.data?.data ?? []).map((team) => ({ slug: team.slug, name: team.name }));

  async function save(steps: StepBody[], select?: (view: BlueprintView) => string | null) {
    const next = await putBlueprint(id, toBody(blueprint, steps));
    setSaved(next);
    setMode({ kind: 'view' });
    if (select) setSelectedId(select(next));
    onChanged();
  }
  const others = (without: string | null) => blueprint.steps.filter((step) => step.id !== without).map(stepToBody);
  const saveStep = (step: StepBody) =>
    save([...others(step.id ?? null), step], (next) => step.id ?? next.blueprint.steps.find((s) => s.lane === step.lane && s.column === step.column)?.id ?? null);
  const move = (step: BlueprintStep, by: number) => void submit(() => saveStep({ ...stepToBody(step), column: step.column + by }));

  return (
    <div className="blueprint-layout">
      <section className="card blueprint-card">
        <div className="blueprint-card__header">
          <div>
            <h2 className="card__title">
              {blueprint.name} {blueprint.stageName ? <Badge tone="blue">{blueprint.stageName}</Badge> : <Badge>Every stage</Badge>}
            </h2>
            {blueprint.description ? <p className="muted">{blueprint.description}</p> : null}
          </div>
          {canEdit ? (
            <div className="blueprint-card__actions">
              <button type="button" className="button button--primary" onClick={() => { setSelectedId(null); setMode({ kind: 'add' }); }}>
                Add step
              </button>
              <BlueprintDetailsButton blueprint={blueprint} onSaved={(next) => { setSaved(next); onChanged(); }} onDeleted={onDeleted} />
            </div>
          ) : null}
        </div>
        {blueprint.steps.length === 0 ? <p className="muted">No steps yet.{canEdit ? ' Add the first: what the customer does.' : ''}</p> : null}
        <BlueprintDiagram view={view} selectedId={selectedId} onSelect={(stepId) => { setSelectedId(stepId); setMode({ kind: 'view' }); }} />
        <p className="muted blueprint-card__hint">Tab to a step and press Enter to open it; arrow keys move between steps. A red outline marks a step where negative moments of truth happened.</p>
      </section>
      <aside className="card blueprint-panel" aria-label="Step" ref={panel}>
        {error ? <ErrorMessage error={error} /> : null}
        {mode.kind === 'add' ? (
          <>
            <h2 className="card__title">New step</h2>
            <StepForm defaultColumn={nextColumn} teams={teamList} onCancel={() => setMode({ kind: 'view' })} onSave={saveStep} />
          </>
        ) : mode.kind === 'edit' ? (
          <>
            <h2 className="card__title">Edit step</h2>
            <StepForm step={mode.step} defaultColumn={mode.step.column} teams={teamList} onCancel={() => setMode({ kind: 'view' })} onSave={saveStep} />
          </>
        ) : selected ? (
          <StepDetails
            blueprintId={id}
            step={selected}
            counts={view.moments.find((m) => m.stepId === selected.id)}
            canEdit={canEdit}
            busy={submitting}
            onEdit={() => setMode({ kind: 'edit', step: selected })}
            onMove={(by) => move(selected, by)}
            onDelete={() => void submit(() => save(others(selected.id), () => null))}
          />
        ) : (
          <p className="muted">Select a step in the diagram to see its owner, target time and the moments of truth that happened at it.</p>
        )}
      </aside>
    </div>
  );
}

function StepDetails({
  blueprintId,
  step,
  counts,
  canEdit,
  busy,
  onEdit,
  onMove,
  onDelete,
}: {
  blueprintId: string;
  step: BlueprintStep;
  counts: BlueprintView['moments'][number] | undefined;
  canEdit: boolean;
  busy: boolean;
  onEdit(): void;
  onMove(by: number): void;
  onDelete(): void;
}) {
  const moments = useResource((signal) => listStepMoments(blueprintId, step.id, signal), [blueprintId, step.id, step.momentKinds.join()]);
  return (
    <div data-testid="blueprint-step-details">
      <h2 className="card__title">{step.title}</h2>
      <dl className="blueprint-facts">
        <dt>Lane</dt>
        <dd>{laneLabel(step.lane)}</dd>
        <dt>Moment in time</dt>
        <dd>{step.column + 1}</dd>
        <dt>Owner team</dt>
        <dd>{step.ownerTeam?.replace(/_/g, ' ') ?? '—'}</dd>
        <dt>Target time</dt>
        <dd>{formatTarget(step.target) ?? '—'}</dd>
        <dt>Moment kinds</dt>
        <dd>{step.momentKinds.length ? step.momentKinds.join(', ') : '—'}</dd>
      </dl>
      {step.detail ? <p>{step.detail}</p> : null}
      {canEdit ? (
        <div className="blueprint-panel__actions">
          <button type="button" className="button" onClick={onEdit}>
            Edit step
          </button>
          <button type="button" className="button" disabled={busy || step.column === 0} onClick={() => onMove(-1)} aria-label="Move the step earlier">
            ← Earlier
          </button>
          <button type="button" className="button" disabled={busy || step.column >= 49} onClick={() => onMove(1)} aria-label="Move the step later">
            Later →
          </button>
          <button type="button" className="button button--danger" disabled={busy} onClick={onDelete}>
            Delete step
          </button>
        </div>
      ) : null}
      <h3 className="blueprint-panel__subtitle">
        Moments of truth here {counts?.total ? <span className="muted">({counts.total}: {counts.positive} positive, {counts.neutral} neutral, {counts.negative} negative)</span> : null}
      </h3>
      {moments.error ? <ErrorMessage error={moments.error} onRetry={moments.reload} /> : null}
      {moments.data?.data.length === 0 ? <p className="muted">{step.momentKinds.length ? 'None recorded yet.' : 'List the kinds of moment that happen at this step to link them.'}</p> : null}
      <ul className="blueprint-moments">
        {moments.data?.data.map((moment) => (
          <li key={moment.momentId}>
            <Badge tone={OUTCOME_TONES[moment.outcome]}>{moment.outcome}</Badge> <Link to={`/accounts/${moment.accountId}`}>{moment.accountName}</Link>: {moment.title}{' '}
            <span className="muted">{formatDateTime(moment.occurredAt)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function BlueprintFields({ blueprint }: { blueprint?: Blueprint }) {
  const journey = useResource((signal) => getJourney(signal), []);
  return (
    <>
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required maxLength={120} defaultValue={blueprint?.name ?? ''} placeholder="Onboarding" autoFocus />
      </label>
      <label className="field">
        <span className="field__label">Journey stage</span>
        <select name="stageKey" defaultValue={blueprint?.stageKey ?? ''} key={journey.data ? 'loaded' : 'loading'}>
          <option value="">Every stage (a process such as a support case)</option>
          {journey.data?.stages.map((stage) => (
            <option key={stage.key} value={stage.key}>
              {stage.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Description</span>
        <textarea name="description" rows={2} maxLength={2000} defaultValue={blueprint?.description ?? ''} />
      </label>
    </>
  );
}

const fieldsOf = (form: FormData) => ({
  name: String(form.get('name') ?? '').trim(),
  stageKey: String(form.get('stageKey') ?? '') || null,
  description: String(form.get('description') ?? '').trim(),
});

function NewBlueprintButton({ onCreated }: { onCreated(view: BlueprintView): void }) {
  const [open, setOpen] = useState(false);
  const { submitting, error, submit } = useSubmit();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { ...fieldsOf(new FormData(event.currentTarget)), steps: [] };
    void submit(async () => {
      const view = await createBlueprint(body);
      setOpen(false);
      onCreated(view);
    });
  }
  return (
    <>
      <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
        New blueprint
      </button>
      <Dialog title="New service blueprint" open={open} onClose={() => setOpen(false)}>
        {open ? (
          <form className="form" onSubmit={handleSubmit}>
            {error ? <ErrorMessage error={error} /> : null}
            <BlueprintFields />
            <FormActions label="Create blueprint" busyLabel="Creating…" submitting={submitting} onCancel={() => setOpen(false)} />
          </form>
        ) : null}
      </Dialog>
    </>
  );
}

function BlueprintDetailsButton({ blueprint, onSaved, onDeleted }: { blueprint: Blueprint; onSaved(view: BlueprintView): void; onDeleted(): void }) {
  const [open, setOpen] = useState(false);
  const { submitting, error, submit } = useSubmit();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { ...fieldsOf(new FormData(event.currentTarget)), steps: blueprint.steps.map(stepToBody) };
    void submit(async () => {
      const view = await putBlueprint(blueprint.id, body);
      setOpen(false);
      onSaved(view);
    });
  }
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Edit details
      </button>
      <Dialog title={`Edit “${blueprint.name}”`} open={open} onClose={() => setOpen(false)}>
        {open ? (
          <form className="form" onSubmit={handleSubmit}>
            {error ? <ErrorMessage error={error} /> : null}
            <BlueprintFields blueprint={blueprint} />
            <div className="form__actions">
              <button type="button" className="button button--danger" disabled={submitting} onClick={() => void submit(async () => { await deleteBlueprint(blueprint.id); setOpen(false); onDeleted(); })}>
                Delete blueprint
              </button>
              <button type="button" className="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" className="button button--primary" disabled={submitting}>
                {submitting ? 'Saving…' : 'Save'}
              </button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </>
  );
}
