import type { FormEvent, ReactNode } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { useSubmit } from '../../lib/use-submit.js';
import { UserSelect } from '../users/user-select.js';
import { useUsers } from '../users/users.api.js';
import { useStageOptions } from '../journeys/journeys.api.js';
import { SEGMENTS } from './account-options.js';
import type { Account } from './accounts.types.js';

export type AccountFieldValues = {
  name: string;
  domain: string | null;
  industry: string | null;
  segment: string | null;
  employeeCount: number | null;
  region: string | null;
  acquisitionChannel: string | null;
  lifecycleStage: string | null;
  ownerId: string | null;
};

type AccountFormProps = {
  /** Pre-filled values when editing; a new account starts blank. */
  account?: Account;
  /** Owner and lifecycle stage are set after an account exists (leaders assign books). */
  showOwnership: boolean;
  submitLabel: string;
  submittingLabel: string;
  onSubmit(values: AccountFieldValues): Promise<void>;
  onCancel(): void;
};

/** The fields of an account, for the New account and Edit account dialogs. */
export function AccountForm({ account, showOwnership, submitLabel, submittingLabel, onSubmit, onCancel }: AccountFormProps) {
  const { submitting, error, submit } = useSubmit();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = readAccountFields(new FormData(event.currentTarget));
    void submit(() => onSubmit(values));
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required autoFocus maxLength={200} defaultValue={account?.name} />
      </label>
      <label className="field">
        <span className="field__label">Domain</span>
        <input name="domain" placeholder="acme.com" maxLength={200} defaultValue={account?.domain ?? ''} />
      </label>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Segment</span>
          <select name="segment" defaultValue={account?.segment ?? ''}>
            <option value="">None</option>
            {withCurrent(SEGMENTS, account?.segment).map((segment) => (
              <option key={segment.value} value={segment.value}>
                {segment.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Employees</span>
          <input name="employeeCount" type="number" min={0} step={1} inputMode="numeric" defaultValue={account?.employeeCount ?? ''} />
        </label>
      </div>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Industry</span>
          <input name="industry" maxLength={100} defaultValue={account?.industry ?? ''} />
        </label>
        <label className="field">
          <span className="field__label">Region</span>
          <input name="region" maxLength={100} placeholder="EMEA" defaultValue={account?.region ?? ''} />
        </label>
      </div>
      <div className="form__row">
        <label className="field">
          <span className="field__label">Acquisition channel</span>
          <input name="acquisitionChannel" maxLength={100} placeholder="Partner Referral" defaultValue={account?.acquisitionChannel ?? ''} />
        </label>
      </div>
      {showOwnership ? <OwnershipFields account={account} /> : null}
      <FormActions label={submitLabel} busyLabel={submittingLabel} submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

function OwnershipFields({ account }: { account?: Account }) {
  const { users } = useUsers();
  const owners = users.filter((user) => user.role !== 'viewer');
  const stages = useStageOptions();
  return (
    <div className="form__row">
      <Field label="Owner">
        {/* Keyed on the list so the default applies once members have loaded. */}
        <UserSelect key={owners.length} name="ownerId" users={owners} emptyLabel="Unassigned" defaultValue={account?.ownerId ?? ''} />
      </Field>
      <Field label="Lifecycle stage">
        <select key={stages.length} name="lifecycleStage" defaultValue={account?.lifecycleStage ?? ''}>
          <option value="">None</option>
          {withCurrent(stages, account?.lifecycleStage).map((stage) => (
            <option key={stage.value} value={stage.value}>
              {stage.label}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      {children}
    </label>
  );
}

/** Keeps a stored value that is not one of the standard options selectable (imports write free text). */
function withCurrent(options: readonly { value: string; label: string }[], current: string | null | undefined) {
  if (!current || options.some((option) => option.value === current)) return options;
  return [...options, { value: current, label: current }];
}

/** Blank fields read as null; fields the form does not show are left out. */
function readAccountFields(form: FormData): AccountFieldValues {
  const text = (key: string) => {
    const value = String(form.get(key) ?? '').trim();
    return value || null;
  };
  const employees = text('employeeCount');
  return {
    name: text('name') ?? '',
    domain: text('domain'),
    industry: text('industry'),
    segment: text('segment'),
    employeeCount: employees === null ? null : Number(employees),
    region: text('region'),
    acquisitionChannel: text('acquisitionChannel'),
    lifecycleStage: form.has('lifecycleStage') ? text('lifecycleStage') : null,
    ownerId: form.has('ownerId') ? text('ownerId') : null,
  };
}
