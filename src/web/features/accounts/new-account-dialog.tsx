import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../components/dialog.js';
import { AccountForm, type AccountFieldValues } from './account-form.js';
import { createAccount } from './accounts.api.js';
import type { NewAccount } from './accounts.types.js';

export function NewAccountButton() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();

  async function create(values: AccountFieldValues) {
    const account = await createAccount(toNewAccount(values));
    navigate(`/accounts/${account.id}`);
  }

  return (
    <>
      <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
        New account
      </button>
      <Dialog title="New account" open={open} onClose={() => setOpen(false)}>
        <AccountForm showOwnership={false} submitLabel="Create account" submittingLabel="Creating…" onSubmit={create} onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

/** A new account lands in the creator's book; blank fields are left out rather than sent as null. */
function toNewAccount(values: AccountFieldValues): NewAccount {
  return {
    name: values.name,
    domain: values.domain ?? undefined,
    industry: values.industry ?? undefined,
    segment: values.segment ?? undefined,
    employeeCount: values.employeeCount ?? undefined,
    region: values.region ?? undefined,
    acquisitionChannel: values.acquisitionChannel ?? undefined,
  };
}
