import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatNumber, humanize, pluralize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../auth/auth-context.js';
import { useUsers, type User } from '../users/users.api.js';
import { getImportCatalog, previewImport, runImport, type ImportRequest } from './data.api.js';
import {
  IMPORT_KINDS,
  type ColumnMapping,
  type ImportField,
  type ImportKind,
  type ImportMode,
  type ImportPreset,
  type ImportPreview,
  type ImportReport,
  type RowError,
} from './data.types.js';
import { chosenOwnerMap, mergeUnmatchedOwners, type UnmatchedOwner } from './owner-map.js';
import { fileContentType, previewSlice } from './upload-file.js';

type Choice = { kind: ImportKind; file: File; preset: ImportPreset | undefined };

export function ImportSection() {
  const { role, readOnly } = useSession();
  const catalog = useResource((signal) => getImportCatalog(signal), []);
  const [choice, setChoice] = useState<Choice | null>(null);

  if (readOnly) return <p className="hint">{readOnly}</p>;
  if (role !== 'admin' && role !== 'leader') {
    return <p className="hint">Only leaders and admins import files. Ask one of them to load your export.</p>;
  }
  if (catalog.error) return <ErrorMessage error={catalog.error} onRetry={catalog.reload} />;
  if (!catalog.data) return <LoadingBlock label="Loading import fields…" />;
  return (
    <div className="section--stack">
      <ChooseFileForm onChoose={setChoice} />
      {choice ? (
        <MapAndImport key={`${choice.kind}:${choice.preset}:${choice.file.name}:${choice.file.lastModified}`} choice={choice} fields={catalog.data.kinds[choice.kind].fields} />
      ) : null}
    </div>
  );
}

function ChooseFileForm({ onChoose }: { onChoose(choice: Choice): void }) {
  const [error, setError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError('Choose a CSV or JSON-lines file.');
      return;
    }
    if (!fileContentType(file.name)) {
      setError('The file must end in .csv, .jsonl or .ndjson.');
      return;
    }
    setError(null);
    const preset = String(form.get('preset') ?? '');
    onChoose({ kind: form.get('kind') as ImportKind, file, preset: preset ? (preset as ImportPreset) : undefined });
  }

  return (
    <form className="card form" onSubmit={handleSubmit} aria-labelledby="import-choose-title">
      <h2 className="card__title" id="import-choose-title">
        1. Choose a file
      </h2>
      {error ? (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="form__row">
        <label className="field">
          <span className="field__label">What the file holds</span>
          <select name="kind" defaultValue="accounts">
            {IMPORT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {humanize(kind)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Exported from</span>
          <select name="preset" defaultValue="">
            <option value="">Other (map columns by hand)</option>
            <option value="salesforce">Salesforce</option>
            <option value="hubspot">HubSpot</option>
          </select>
        </label>
      </div>
      <label className="field">
        <span className="field__label">File (CSV with a header row, or JSON lines)</span>
        <input name="file" type="file" accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson" required />
      </label>
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          Preview
        </button>
      </div>
    </form>
  );
}

function MapAndImport({ choice, fields }: { choice: Choice; fields: ImportField[] }) {
  // Undefined until the person changes a column: the preview's own mapping (preset or field names) applies.
  const [mapping, setMapping] = useState<ColumnMapping | undefined>(undefined);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [mode, setMode] = useState<ImportMode>('all-or-nothing');
  const [overwriteManual, setOverwriteManual] = useState(false);
  const [running, setRunning] = useState<'dry-run' | 'import' | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  // Owners who are not members, from the preview and every dry run, and the member chosen for each.
  const [owners, setOwners] = useState<UnmatchedOwner[]>([]);
  const [ownerChoices, setOwnerChoices] = useState<Record<string, string>>({});

  const request = (file: Blob): ImportRequest => ({
    kind: choice.kind,
    file,
    contentType: fileContentType(choice.file.name)!,
    preset: choice.preset,
    mapping,
  });

  // Only the head of the file goes to the preview, so a 100 MB export previews as fast as a small one.
  useEffect(() => {
    let isCurrent = true;
    setPreviewError(null);
    previewSlice(choice.file)
      .then((head) => previewImport(request(head)))
      .then(
        (result) => {
          if (!isCurrent) return;
          setPreview(result);
          setOwners((known) => mergeUnmatchedOwners(known, result.unmatchedOwners));
        },
        (error: unknown) => isCurrent && setPreviewError(error),
      );
    return () => {
      isCurrent = false;
    };
    // `request` reads choice and mapping, the real inputs.
  }, [choice, mapping]);

  async function run(dryRun: boolean) {
    setRunning(dryRun ? 'dry-run' : 'import');
    setRunError(null);
    setReport(null);
    try {
      const result = await runImport({ ...request(choice.file), ownerMap: chosenOwnerMap(ownerChoices), mode, dryRun, overwriteManual });
      setReport(result);
      setOwners((known) => mergeUnmatchedOwners(known, result.unmatchedOwners));
    } catch (error) {
      setRunError(error);
    } finally {
      setRunning(null);
    }
  }

  if (previewError && !preview) return <ErrorMessage error={previewError} />;
  if (!preview) return <LoadingBlock label="Reading the first rows…" />;
  const shownMapping = mapping ?? preview.mapping;
  const mappedFields = fields.filter((field) => preview.mapping[field.field]);

  return (
    <>
      <section className="card" aria-labelledby="import-map-title">
        <h2 className="card__title" id="import-map-title">
          2. Map columns
        </h2>
        <p className="hint">
          {pluralize(preview.columns.length, 'column')} in <strong>{choice.file.name}</strong>
          {preview.unmapped.length ? ` · not imported: ${preview.unmapped.join(', ')}` : ''}
        </p>
        {previewError ? <ErrorMessage error={previewError} /> : null}
        <div className="table-wrap">
          <table className="table table--compact" data-testid="mapping-table">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Read from column</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => (
                <tr key={field.field}>
                  <td>
                    <code>{field.field}</code>{' '}
                    {field.required && !(field.waivedBy && shownMapping[field.waivedBy]) ? <Badge tone="blue">required</Badge> : null}
                    <div className="cell__secondary">{field.description}</div>
                  </td>
                  <td>
                    <select
                      aria-label={`Column for ${field.field}`}
                      value={shownMapping[field.field] ?? ''}
                      onChange={(event) => setMapping({ ...shownMapping, [field.field]: event.target.value })}
                    >
                      <option value="">— not imported —</option>
                      {preview.columns.map((column) => (
                        <option key={column} value={column}>
                          {column}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="import-preview-title">
        <h2 className="card__title" id="import-preview-title">
          3. First rows as imported
        </h2>
        {preview.missing.length ? (
          <div className="alert alert--error" role="alert">
            Map a column to {preview.missing.join(', ')}: {preview.missing.length === 1 ? 'it is' : 'they are'} required.
          </div>
        ) : null}
        <div className="table-wrap table-wrap--scroll">
          <table className="table table--compact" data-testid="preview-table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                {mappedFields.map((field) => (
                  <th key={field.field} scope="col">
                    {field.field}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.row} className={row.errors.length ? 'row--error' : undefined}>
                  <td>{row.row}</td>
                  {mappedFields.map((field) => (
                    <td key={field.field}>{cellText(row.values[field.field])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <RowErrors errors={preview.rows.flatMap((row) => row.errors)} label="Problems in these rows" />
      </section>

      {owners.length ? (
        <OwnerMapSection owners={owners} choices={ownerChoices} onChoose={(owner, userId) => setOwnerChoices({ ...ownerChoices, [owner]: userId })} />
      ) : null}

      <section className="card form" aria-labelledby="import-run-title">
        <h2 className="card__title" id="import-run-title">
          {owners.length ? '5.' : '4.'} Import
        </h2>
        <fieldset className="field">
          <legend className="field__label">When some rows are bad</legend>
          <label className="choice">
            <input type="radio" className="checkbox" name="mode" checked={mode === 'all-or-nothing'} onChange={() => setMode('all-or-nothing')} />
            Import nothing (all or nothing)
          </label>
          <label className="choice">
            <input type="radio" className="checkbox" name="mode" checked={mode === 'good-rows'} onChange={() => setMode('good-rows')} />
            Import the good rows, report the bad ones
          </label>
        </fieldset>
        {choice.kind === 'accounts' ? (
          <label className="choice">
            <input type="checkbox" className="checkbox" checked={overwriteManual} onChange={(event) => setOverwriteManual(event.target.checked)} />
            Overwrite values people set in Boomerang (region, owner, stage…) with the file’s
            <span className="cell__secondary"> — otherwise they are kept, and the result lists each one</span>
          </label>
        ) : null}
        <div className="form__actions">
          <button type="button" className="button" onClick={() => run(true)} disabled={running !== null || preview.missing.length > 0}>
            {running === 'dry-run' ? 'Checking…' : 'Dry run'}
          </button>
          <button type="button" className="button button--primary" onClick={() => run(false)} disabled={running !== null || preview.missing.length > 0}>
            {running === 'import' ? 'Importing…' : `Import ${humanize(choice.kind).toLowerCase()}`}
          </button>
        </div>
        {runError ? <ErrorMessage error={runError} /> : null}
        {report ? <ImportResult report={report} /> : null}
      </section>
    </>
  );
}

/** Owners the file names who are not members: each gets a member, or imports unowned. */
function OwnerMapSection({ owners, choices, onChoose }: { owners: UnmatchedOwner[]; choices: Record<string, string>; onChoose(owner: string, userId: string): void }) {
  const { users, error } = useUsers();
  return (
    <section className="card" aria-labelledby="import-owners-title">
      <h2 className="card__title" id="import-owners-title">
        4. Owners who are not members
      </h2>
      <p className="hint">These owners match no member by email or name. Pick the member who takes their accounts, or leave them unowned.</p>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="table-wrap">
        <table className="table table--compact" data-testid="owner-map-table">
          <thead>
            <tr>
              <th scope="col">Owner in the file</th>
              <th scope="col">Rows</th>
              <th scope="col">Member</th>
            </tr>
          </thead>
          <tbody>
            {owners.map(({ owner, rows }) => (
              <tr key={owner}>
                <td>{owner}</td>
                <td>{formatNumber(rows)}</td>
                <td>
                  <select aria-label={`Member for ${owner}`} value={choices[owner] ?? ''} onChange={(event) => onChoose(owner, event.target.value)}>
                    <option value="">— leave unowned —</option>
                    {users.map((user: User) => (
                      <option key={user.id} value={user.id}>
                        {user.name || user.email}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const outcome = report.dryRun
    ? 'Dry run: nothing was written.'
    : report.committed
      ? 'Imported.'
      : 'Nothing was imported: some rows are bad and the mode is all or nothing.';
  return (
    <div className="section--stack" role="status" data-testid="import-result">
      <p>
        <strong>{outcome}</strong> {pluralize(report.rows, 'row')} read.
      </p>
      <dl className="inline-facts">
        {(['created', 'updated', 'unchanged', 'failed'] as const).map((key) => (
          <div key={key}>
            <dt>{report.dryRun ? `Would be ${key}` : humanize(key)}</dt>
            <dd data-testid={`result-${key}`}>{formatNumber(report[key])}</dd>
          </div>
        ))}
      </dl>
      <RowErrors errors={report.errors} label="Row errors" more={report.moreErrors} />
      <RowErrors errors={report.warnings} label="Imported with a warning" more={report.moreWarnings} noun="more warning" testId="row-warnings" />
      <RowErrors
        errors={report.personValues}
        label={report.personValues.some((value) => value.outcome === 'kept') ? 'Values people set, kept (tick “Overwrite values people set” to write the file’s)' : 'Values people set, replaced by the file’s'}
        more={report.morePersonValues}
        noun="more value"
        testId="person-values"
      />
      {report.committed && report.kind === 'accounts' ? <Link to="/accounts">See the accounts</Link> : null}
    </div>
  );
}

function RowErrors({
  errors,
  label,
  more = 0,
  noun = 'more error',
  testId = 'row-errors',
}: {
  errors: RowError[];
  label: string;
  more?: number;
  noun?: string;
  testId?: string;
}) {
  if (errors.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid={testId}>
        <caption className="table-caption">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Column</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error, index) => (
            <tr key={`${error.row}:${error.column}:${index}`}>
              <td>{error.row}</td>
              <td>{error.column ?? <span className="cell--muted">whole row</span>}</td>
              <td>{error.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p className="hint">…and {pluralize(more, noun)}.</p> : null}
    </div>
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
