import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { getScorecards, previewScorecards, saveScorecards } from './health.api.js';
import { BAND_TONE } from './health-section.js';
import type { BandOrUnscored, HealthConfig, HealthMeasure, ScorecardPreview } from './health.types.js';

type Measure = HealthConfig['scorecards'][number]['measures'][number];
type Mapping = Measure['mapping'];

const BAND_LABEL: Record<BandOrUnscored, string> = { green: 'Green', yellow: 'Yellow', red: 'Red', unscored: 'Not scored' };

/** The inputs a new measure can read (account fields need a field name: edit those as code, Settings → Configuration). */
const NEW_MEASURE_INPUTS: Array<{ input: Exclude<HealthMeasure['input'], 'account_field'>; label: string }> = [
  { input: 'active_users', label: 'Active users' },
  { input: 'active_users_trend', label: 'Active users trend' },
  { input: 'seat_utilisation', label: 'Seat utilisation' },
  { input: 'feature_breadth', label: 'Feature breadth' },
  { input: 'days_since_last_use', label: 'Days since last use' },
  { input: 'core_users_lost', label: 'Core users lost' },
  { input: 'open_urgent_tickets', label: 'Open urgent/high tickets' },
  { input: 'ticket_volume_trend', label: 'Ticket volume trend' },
  { input: 'first_response_minutes', label: 'First response time' },
  { input: 'ticket_csat', label: 'Ticket CSAT' },
  { input: 'nps', label: 'NPS answers' },
  { input: 'survey_csat', label: 'Survey CSAT' },
  { input: 'champion_present', label: 'Champion present' },
  { input: 'executive_sponsor_present', label: 'Executive sponsor present' },
  { input: 'days_since_csm_touch', label: 'Days since the last CSM touch' },
  { input: 'days_to_renewal', label: 'Days to renewal' },
  { input: 'recent_contraction', label: 'Recent contraction' },
  { input: 'price_rise_pending', label: 'Price rise pending' },
  { input: 'negative_signals', label: 'Outside warning signs' },
  { input: 'funding_signal', label: 'Funding' },
  { input: 'experience_score', label: 'Running experience score' },
];

/**
 * The scorecard editor (leaders and admins): bands, and each card's measures with weights and
 * thresholds or curves. "Preview" scores today's readings with the draft on the server and
 * shows how the portfolio's bands would shift; "Save" stores a new version and queues a full recompute.
 */
export function ScorecardEditorPage() {
  useDocumentTitle('Scorecards');
  const { canManage: canEdit } = useSession();
  const stored = useResource((signal) => getScorecards(signal), []);
  const [draft, setDraft] = useState<HealthConfig | null>(null);
  const [cardIndex, setCardIndex] = useState(0);
  const [preview, setPreview] = useState<ScorecardPreview | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const previewing = useSubmit();
  const saving = useSubmit();

  useEffect(() => {
    if (stored.data) setDraft(structuredClone(stored.data.config));
  }, [stored.data]);

  if (stored.error) return <ErrorMessage error={stored.error} onRetry={stored.reload} />;
  if (!stored.data || !draft) return <LoadingBlock label="Loading scorecards…" />;
  const card = draft.scorecards[cardIndex] ?? draft.scorecards[0]!;

  /** Every edit goes through here: the preview no longer matches the draft. */
  const change = (edit: (config: HealthConfig) => void) => {
    const next = structuredClone(draft);
    edit(next);
    setDraft(next);
    setPreview(null);
    setSavedVersion(null);
  };
  const editMeasure = (index: number, edit: (measure: Measure) => void) => change((config) => edit(config.scorecards[cardIndex]!.measures[index]!));

  return (
    <div className="page page--wide" data-testid="scorecard-editor">
      <header className="page__header">
        <div>
          <h1 className="page__title">Scorecards</h1>
          <p className="page__subtitle">
            Version {stored.data.version}
            {stored.data.version === 0 ? ' (built-in default)' : ''} · <Link to="/portfolio">Portfolio health</Link>
          </p>
        </div>
        {canEdit ? (
          <div className="page__actions">
            <button type="button" className="button" disabled={previewing.submitting} onClick={() => previewing.submit(async () => setPreview(await previewScorecards(draft)))}>
              {previewing.submitting ? 'Previewing…' : 'Preview'}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={saving.submitting}
              onClick={() =>
                saving.submit(async () => {
                  const saved = await saveScorecards(draft);
                  setSavedVersion(saved.version);
                  stored.reload();
                })
              }
            >
              {saving.submitting ? 'Saving…' : 'Save'}
            </button>
          </div>
        ) : null}
      </header>
      {!canEdit ? <p className="metrics__note">Only leaders and admins change scorecards; you can read them here.</p> : null}
      {previewing.error ? <ErrorMessage error={previewing.error} /> : null}
      {saving.error ? <ErrorMessage error={saving.error} /> : null}
      {savedVersion !== null ? (
        <p className="metrics__note" role="status" data-testid="scorecards-saved">
          Saved as version {savedVersion}. Every account is being scored again in the background.
        </p>
      ) : null}

      <div className="toolbar">
        <label className="toolbar__filter">
          <span className="field__label">Scorecard</span>
          <select value={cardIndex} onChange={(event) => setCardIndex(Number(event.target.value))}>
            {draft.scorecards.map((c, index) => (
              <option key={c.key} value={index}>
                {c.name}
                {c.segments.length > 0 ? ` (${c.segments.join(', ')})` : c.lifecycleStages.length > 0 ? ` (${c.lifecycleStages.join(', ')})` : ' (default)'}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar__filter">
          <span className="field__label">Green at or above</span>
          <input type="number" min={1} max={100} className="scorecard__number" value={draft.bands.green} disabled={!canEdit} onChange={(event) => change((config) => void (config.bands.green = event.target.valueAsNumber))} />
        </label>
        <label className="toolbar__filter">
          <span className="field__label">Yellow at or above</span>
          <input type="number" min={0} max={99} className="scorecard__number" value={draft.bands.yellow} disabled={!canEdit} onChange={(event) => change((config) => void (config.bands.yellow = event.target.valueAsNumber))} />
        </label>
      </div>

      {preview ? <PreviewPanel preview={preview} /> : null}

      <section className="card" aria-label={`Measures of ${card.name}`}>
        <table className="table table--compact health__wrap" data-testid="scorecard-measures">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Weight</th>
              <th scope="col">Points by value</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {card.measures.map((measure, index) => (
              <tr key={measure.key} data-measure={measure.key}>
                <td>
                  {measure.label}
                  <div className="metrics__note">{measure.input === 'account_field' ? `field ${measure.field}` : measure.input}</div>
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={100}
                    className="scorecard__number"
                    aria-label={`Weight of ${measure.label}`}
                    value={measure.weight}
                    disabled={!canEdit}
                    onChange={(event) => editMeasure(index, (m) => void (m.weight = event.target.valueAsNumber))}
                  />
                </td>
                <td>
                  <MappingEditor label={measure.label} mapping={measure.mapping} disabled={!canEdit} onChange={(mapping) => editMeasure(index, (m) => void (m.mapping = mapping))} />
                </td>
                <td>
                  {canEdit ? (
                    <button type="button" className="button button--ghost button--small" aria-label={`Remove ${measure.label}`} onClick={() => change((config) => void config.scorecards[cardIndex]!.measures.splice(index, 1))}>
                      Remove
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit ? <AddMeasure existing={card.measures.map((m) => m.key)} onAdd={(measure) => change((config) => void config.scorecards[cardIndex]!.measures.push(measure))} /> : null}
      </section>
    </div>
  );
}

/** Thresholds ("up to X → P points", then "above → P") or a curve ([value, points] joined by straight lines). */
function MappingEditor({ label, mapping, disabled, onChange }: { label: string; mapping: Mapping; disabled: boolean; onChange(mapping: Mapping): void }) {
  const number = (value: number, aria: string, set: (n: number) => void) => (
    <input type="number" className="scorecard__number" style={{ width: 72 }} aria-label={aria} value={value} disabled={disabled} onChange={(event) => set(event.target.valueAsNumber)} />
  );
  if (mapping.type === 'thresholds') {
    return (
      <div className="scorecard__mapping">
        {mapping.steps.map((step, index) => (
          <span key={index} className="scorecard__step">
            ≤ {number(step.upTo, `${label} step ${index + 1} up to`, (n) => onChange({ ...mapping, steps: mapping.steps.map((s, i) => (i === index ? { ...s, upTo: n } : s)) }))} →{' '}
            {number(step.points, `${label} step ${index + 1} points`, (n) => onChange({ ...mapping, steps: mapping.steps.map((s, i) => (i === index ? { ...s, points: n } : s)) }))}
          </span>
        ))}
        <span className="scorecard__step">else → {number(mapping.otherwise, `${label} otherwise points`, (n) => onChange({ ...mapping, otherwise: n }))}</span>
      </div>
    );
  }
  return (
    <div className="scorecard__mapping">
      {mapping.points.map(([value, points], index) => (
        <span key={index} className="scorecard__step">
          {number(value, `${label} curve value ${index + 1}`, (n) => onChange({ ...mapping, points: mapping.points.map((p, i) => (i === index ? [n, p[1]] : p)) }))} →{' '}
          {number(points, `${label} curve points ${index + 1}`, (n) => onChange({ ...mapping, points: mapping.points.map((p, i) => (i === index ? [p[0], n] : p)) }))}
        </span>
      ))}
    </div>
  );
}

function AddMeasure({ existing, onAdd }: { existing: string[]; onAdd(measure: Measure): void }) {
  const choices = NEW_MEASURE_INPUTS.filter((choice) => !existing.includes(choice.input));
  const [input, setInput] = useState('');
  return (
    <div className="toolbar">
      <label className="toolbar__filter">
        <span className="visually-hidden">Measure to add</span>
        <select value={input} onChange={(event) => setInput(event.target.value)}>
          <option value="">Add a measure…</option>
          {choices.map((choice) => (
            <option key={choice.input} value={choice.input}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button--small"
        disabled={!input}
        onClick={() => {
          const choice = NEW_MEASURE_INPUTS.find((c) => c.input === input)!;
          // A straight line from 0 points at 0 to 100 points at 100: a start to edit, not a judgement.
          onAdd({ key: choice.input, label: choice.label, input: choice.input, weight: 10, mapping: { type: 'curve', points: [[0, 0], [100, 100]] } });
          setInput('');
        }}
      >
        Add
      </button>
    </div>
  );
}

function PreviewPanel({ preview }: { preview: ScorecardPreview }) {
  return (
    <section className="card" aria-labelledby="preview-title" data-testid="scorecard-preview">
      <h2 id="preview-title" className="card__title">
        Preview: {formatNumber(preview.changedTotal)} of {formatNumber(preview.accounts)} accounts would change band
      </h2>
      <p className="metrics__note">Today’s readings ({preview.asOf}) scored with the scorecards in force and with this draft. Nothing is saved yet.</p>
      <table className="table table--compact" data-testid="preview-bands">
        <thead>
          <tr>
            <th scope="col">Band</th>
            <th scope="col" className="numeric">
              Now
            </th>
            <th scope="col" className="numeric">
              With the draft
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.bands.map((band) => (
            <tr key={band.band} data-band={band.band}>
              <td>{BAND_LABEL[band.band]}</td>
              <td className="numeric">{formatNumber(band.before)}</td>
              <td className="numeric">
                {formatNumber(band.after)}
                {band.after !== band.before ? ` (${band.after > band.before ? '+' : '−'}${Math.abs(band.after - band.before)})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.transitions.length > 0 ? (
        <ul className="health__list" data-testid="preview-transitions">
          {preview.transitions.map((move) => (
            <li key={`${move.from}-${move.to}`}>
              {formatNumber(move.accounts)} {move.accounts === 1 ? 'account' : 'accounts'}: {BAND_LABEL[move.from]} → {BAND_LABEL[move.to]}
            </li>
          ))}
        </ul>
      ) : null}
      {preview.changed.length > 0 ? (
        <table className="table table--compact" data-testid="preview-changed">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Owner</th>
              <th scope="col" className="numeric">
                ARR
              </th>
              <th scope="col">Now → with the draft</th>
            </tr>
          </thead>
          <tbody>
            {preview.changed.map((account) => (
              <tr key={account.accountId}>
                <td>
                  <Link to={`/accounts/${account.accountId}?tab=health`}>{account.name}</Link>
                </td>
                <td>{account.ownerName ?? '—'}</td>
                <td className="numeric">{formatMoney(account.arr)}</td>
                <td>
                  {account.bandBefore ? <Badge tone={BAND_TONE[account.bandBefore]}>{account.scoreBefore}</Badge> : 'Not scored'} →{' '}
                  {account.bandAfter ? <Badge tone={BAND_TONE[account.bandAfter]}>{account.scoreAfter}</Badge> : 'Not scored'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
