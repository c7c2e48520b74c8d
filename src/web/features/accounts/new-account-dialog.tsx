import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/error-message.js';
import { useSubmit } from '../../lib/use-submit.js';
import { SEGMENTS } from './account-options.js';
import { createAccount } from './accounts.api.js';
import type { NewAccount } from './accounts.types.js';

export function NewAccountButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
        New account
      </button>
      <Dialog title="New account" open={open} onClose={() => setOpen(false)}>
        <NewAccountForm onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function NewAccountForm({ onCancel }: { onCancel(): void }) {
  const navigate = useNavigate();
  const { submitting, error, submit } = useSubmit();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = readNewAccount(new FormData(event.currentTarget));
    void submit(async () => {
      const account = await createAccount(input);
      navigate(`/accounts/${account.id}`);
    });
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required autoFocus maxLength={200} />
      </label>
      <label className="field">
        <span className="field__label">Domain</span>
        <input name="domain" placeholder="acme.com" maxLength={200} />
      </label>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Segment</span>
          <select name="segment" defaultValue="">
            <option value="">None</option>
            {SEGMENTS.map((segment) => (
              <option key={segment.value} value={segment.value}>
                {segment.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Employees</span>
          <input name="employeeCount" type="number" min={0} step={1} inputMode="numeric" />
        </label>
      </div>
      <label className="field">
        <span className="field__label">Industry</span>
        <input name="industry" maxLength={200} />
      </label>
      <div className="form__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create account'}
        </button>
      </div>
    </form>
  );
}

/** Blank optional fields are left out rather than sent as empty strings. */
function readNewAccount(form: FormData): NewAccount {
  const text = (key: string) => {
    const value = String(form.get(key) ?? '').trim();
    return value || undefined;
  };
  const employees = text('employeeCount');
  return {
    name: text('name') ?? '',
    domain: text('domain'),
    industry: text('industry'),
    segment: text('segment'),
    employeeCount: employees === undefined ? undefined : Number(employees),
  };
}
