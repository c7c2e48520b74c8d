import { useState } from 'react';
import { Dialog } from '../../components/dialog.js';
import { AccountForm, type AccountFieldValues } from './account-form.js';
import { updateAccount } from './accounts.api.js';
import type { Account, AccountChanges } from './accounts.types.js';

type EditAccountButtonProps = { account: Account; onSaved(account: Account): void };

export function EditAccountButton({ account, onSaved }: EditAccountButtonProps) {
  const [open, setOpen] = useState(false);

  async function save(values: AccountFieldValues) {
    const changes = changedFields(account, values);
    if (Object.keys(changes).length > 0) onSaved(await updateAccount(account.id, changes));
    setOpen(false);
  }

  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="edit-account">
        Edit
      </button>
      <Dialog title={`Edit ${account.name}`} open={open} onClose={() => setOpen(false)}>
        <AccountForm account={account} showOwnership submitLabel="Save changes" submittingLabel="Saving…" onSubmit={save} onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

/** Only what changed is sent, so the audit log shows the edit, not a rewrite of every field. */
function changedFields(account: Account, values: AccountFieldValues): AccountChanges {
  const changes: AccountChanges = {};
  for (const key of Object.keys(values) as (keyof AccountFieldValues)[]) {
    if (values[key] !== account[key]) Object.assign(changes, { [key]: values[key] });
  }
  return changes;
}
