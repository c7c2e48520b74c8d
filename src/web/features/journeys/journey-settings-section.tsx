import { useEffect, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { getJourney, putJourney, type JourneyStage } from './journeys.api.js';

const GATE: JourneyStage['requiredFacts'] = ['customerGoals', 'successCriteria'];

/** A stage key from its name: "Security review" → "security-review", unique among `taken`. */
function keyFor(name: string, taken: Set<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'stage';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}

/** Settings › Journey stages (admins): rename, reorder, add and remove stages, their gates, auto-advance and milestones. */
export function JourneySettingsSection() {
  const journey = useResource((signal) => getJourney(signal), []);
  const [stages, setStages] = useState<JourneyStage[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { submitting, error, submit } = useSubmit();
  useEffect(() => {
    if (journey.data) setStages(journey.data.stages);
  }, [journey.data]);

  if (journey.error) return <ErrorMessage error={journey.error} onRetry={journey.reload} />;
  if (!journey.data) return <LoadingBlock label="Loading the journey…" />;
  const removed = journey.data.stages.filter((old) => !stages.some((s) => s.key === old.key));
  const targets = stages.filter((s) => s.requiredFacts.length === 0);

  const change = (index: number, patch: Partial<JourneyStage>) => {
    setSaved(false);
    setStages((current) => current.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  };
  const move = (index: number, by: -1 | 1) => {
    setSaved(false);
    setStages((current) => {
      const next = [...current];
      const [stage] = next.splice(index, 1);
      next.splice(index + by, 0, stage!);
      return next;
    });
  };

  function addStage(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    const key = keyFor(name, new Set(stages.map((s) => s.key)));
    setStages((current) => [...current, { key, name, isExit: false, expectedDays: null, autoAdvance: false, entryCriteria: [], exitCriteria: [], requiredFacts: [], aliases: [], milestones: [] }]);
    setSaved(false);
    form.reset();
  }

  function save() {
    void submit(async () => {
      const stageMapping = Object.fromEntries(removed.flatMap((s) => (mapping[s.name] ? [[s.name, mapping[s.name]!]] : [])));
      const result = await putJourney({ stages, stageMapping });
      journey.update(() => result);
      setMapping({});
      setSaved(true);
    });
  }

  return (
    <section className="section section--stack" aria-labelledby="journey-settings-title" data-testid="journey-settings">
      <header className="page__header">
        <div>
          <h2 id="journey-settings-title" className="page__title">Journey stages</h2>
          <p className="page__subtitle">
            The lifecycle every account moves through. A gate stops accounts entering a stage without the customer’s goals and success criteria;
            auto-advance moves accounts on when the stage’s exit criteria and the next stage’s entry criteria hold.
          </p>
        </div>
      </header>
      <div className="card">
        {stages.map((stage, index) => (
          <div key={stage.key} className="journey-editor__stage" data-testid="journey-stage-row">
            <div>
              <button type="button" className="icon-button" aria-label={`Move ${stage.name} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button type="button" className="icon-button" aria-label={`Move ${stage.name} down`} disabled={index === stages.length - 1} onClick={() => move(index, 1)}>
                ↓
              </button>
            </div>
            <label className="field">
              <span className="field__label">Stage {index + 1}</span>
              <input value={stage.name} maxLength={100} onChange={(event) => change(index, { name: event.target.value })} aria-label={`Name of stage ${index + 1}`} />
            </label>
            <label className="field">
              <span className="field__label">Expected days</span>
              <input
                type="number"
                min={1}
                max={3650}
                value={stage.expectedDays ?? ''}
                disabled={stage.isExit}
                onChange={(event) => change(index, { expectedDays: event.target.value ? Number(event.target.value) : null })}
              />
            </label>
            <div className="field">
              <label className="choice">
                <input type="checkbox" className="checkbox" checked={stage.requiredFacts.length > 0} onChange={(event) => change(index, { requiredFacts: event.target.checked ? GATE : [] })} />
                Gate: goals &amp; success criteria
              </label>
              <label className="choice">
                <input type="checkbox" className="checkbox" checked={stage.autoAdvance} onChange={(event) => change(index, { autoAdvance: event.target.checked })} />
                Auto-advance
              </label>
              <label className="choice">
                <input type="checkbox" className="checkbox" checked={stage.isExit} onChange={(event) => change(index, { isExit: event.target.checked })} />
                Exit (e.g. churned)
              </label>
            </div>
            <button type="button" className="button button--small button--danger" onClick={() => (setSaved(false), setStages((current) => current.filter((_, i) => i !== index)))}>
              Remove
            </button>
            <MilestonesEditor stage={stage} onChange={(milestones) => change(index, { milestones })} />
          </div>
        ))}
        <form className="toolbar journey-editor__add" onSubmit={addStage}>
          <label className="field">
            <span className="field__label">New stage</span>
            <input name="name" maxLength={100} placeholder="e.g. Security review" />
          </label>
          <button type="submit" className="button">
            Add stage
          </button>
        </form>
      </div>
      {removed.length > 0 ? (
        <div className="card" data-testid="journey-mapping">
          <h3 className="card__title">Where do accounts of removed stages go?</h3>
          {removed.map((stage) => (
            <label key={stage.key} className="field">
              <span className="field__label">Accounts in {stage.name} move to</span>
              <select value={mapping[stage.name] ?? ''} onChange={(event) => setMapping((current) => ({ ...current, [stage.name]: event.target.value }))}>
                <option value="">Choose a stage (needed only if it holds accounts)</option>
                {targets.map((t) => (
                  <option key={t.key} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form__actions">
        {saved ? <span className="muted">Saved</span> : null}
        <button type="button" className="button" onClick={() => (setStages(journey.data!.stages), setMapping({}))}>
          Undo changes
        </button>
        <button type="button" className="button button--primary" disabled={submitting} onClick={save} data-testid="journey-save">
          {submitting ? 'Saving…' : 'Save journey'}
        </button>
      </div>
    </section>
  );
}

function MilestonesEditor({ stage, onChange }: { stage: JourneyStage; onChange(milestones: JourneyStage['milestones']): void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState('14');
  const add = () => {
    if (!name.trim()) return;
    const key = keyFor(name, new Set(stage.milestones.map((m) => m.key)));
    onChange([...stage.milestones, { key, name: name.trim(), dueDays: Number(days) || 0, completeWhen: [], marksValue: false }]);
    setName('');
  };
  return (
    <div className="journey-editor__milestones">
      <span className="field__label">Milestones</span>{' '}
      {stage.milestones.map((m) => (
        <span key={m.key} className="badge badge--neutral">
          {m.name} · {m.dueDays} d{m.completeWhen.length ? ' · by rule' : ''}{' '}
          {/* The value moment: where Metrics › Time to value stops the clock by default. */}
          <button
            type="button"
            className="link-button"
            aria-pressed={m.marksValue}
            title="Time to value: the customer has reached value when this milestone is done"
            onClick={() => onChange(stage.milestones.map((x) => (x.key === m.key ? { ...x, marksValue: !x.marksValue } : x)))}
          >
            {m.marksValue ? '★ value' : '☆ value'}
          </button>{' '}
          <button type="button" className="link-button" aria-label={`Remove milestone ${m.name}`} onClick={() => onChange(stage.milestones.filter((x) => x.key !== m.key))}>
            ×
          </button>
        </span>
      ))}{' '}
      <input value={name} onChange={(event) => setName(event.target.value)} placeholder="New milestone" aria-label={`New milestone in ${stage.name}`} maxLength={200} />{' '}
      <input type="number" min={0} max={3650} value={days} onChange={(event) => setDays(event.target.value)} aria-label="Due after days" style={{ width: 70 }} />{' '}
      <button type="button" className="button button--small" onClick={add}>
        Add
      </button>
    </div>
  );
}
