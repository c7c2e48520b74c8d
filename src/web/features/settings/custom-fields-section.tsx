import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { LoadingBlock } from '../../components/spinner.js';
import { humanize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { defineCustomField, listCustomFields, type CustomField } from './settings.api.js';

const TYPES = ['text', 'number', 'boolean', 'date', 'select'] as const;

/** Extra account fields (tier, partner, region code…), typed and checked on every account write. */
export function CustomFieldsSection() {
  useDocumentTitle('Custom fields');
  const fields = useResource((signal) => listCustomFields(signal), []);
  const [adding, setAdding] = useState(false);
  return (
    <section className="section--stack" aria-label="Custom fields">
      <div className="toolbar">
        <h2>Custom fields</h2>
        <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
          Define a field
        </button>
      </div>
      {fields.loading && !fields.data ? (
        <LoadingBlock label="Loading fields…" />
      ) : fields.error ? (
        <ErrorMessage error={fields.error} onRetry={fields.reload} />
      ) : !fields.data?.data.length ? (
        <EmptyState title="No custom fields">Define one to keep a fact on every account that the standard fields do not hold.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="custom-fields-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Key</th>
                <th scope="col">Type</th>
                <th scope="col">Choices</th>
              </tr>
            </thead>
            <tbody>
              {fields.data.data.map((field) => (
                <tr key={field.key}>
                  <td>{field.label}</td>
                  <td>
                    <code>{field.key}</code>
                  </td>
                  <td>{humanize(field.type)}</td>
                  <td>{field.options.length ? field.options.join(', ') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title="Define a custom field" open={adding} onClose={() => setAdding(false)}>
        {adding ? (
          <FieldForm
            onCancel={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              fields.reload();
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

function FieldForm({ onCancel, onDone }: { onCancel(): void; onDone(): void }) {
  const { submitting, error, submit } = useSubmit();
  const [type, setType] = useState<CustomField['type']>('text');
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const options = String(form.get('options') ?? '')
      .split(',')
      .map((option) => option.trim())
      .filter(Boolean);
    const body = {
      key: String(form.get('key') ?? '').trim(),
      label: String(form.get('label') ?? '').trim(),
      type,
      ...(type === 'select' ? { options } : {}),
    };
    void submit(async () => (await defineCustomField(body), onDone()));
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Label</span>
        <input name="label" required autoFocus maxLength={100} placeholder="e.g. Support tier" />
      </label>
      <label className="field">
        <span className="field__label">Key</span>
        <input name="key" required maxLength={63} pattern="[a-z][a-z0-9_]*" placeholder="support_tier" />
        <span className="hint">Lower-case letters, digits and _; the name in the API and in imports.</span>
      </label>
      <label className="field">
        <span className="field__label">Type</span>
        <select name="type" value={type} onChange={(event) => setType(event.target.value as CustomField['type'])}>
          {TYPES.map((option) => (
            <option key={option} value={option}>
              {humanize(option)}
            </option>
          ))}
        </select>
      </label>
      {type === 'select' ? (
        <label className="field">
          <span className="field__label">Choices</span>
          <input name="options" required placeholder="Gold, Silver, Bronze" />
        </label>
      ) : null}
      <FormActions label="Define field" busyLabel="Saving…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}
