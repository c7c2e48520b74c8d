import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { ConfirmForm } from '../../components/confirm-form.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { FormActions } from '../../components/form-actions.js';
import { ShownOnceDialogButton } from '../../components/shown-once-dialog-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatDateTime, humanize } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { CopyButton } from '../data/copy-button.js';
import { createToken, listTokens, revokeToken, type ApiToken, type CreatedToken } from './settings.api.js';

const ROLES = ['admin', 'leader', 'csm', 'viewer'] as const;

/** Service tokens for scripts and integrations: create (the secret shows once), see when each was last used, revoke. */
export function TokensSection() {
  useDocumentTitle('API tokens');
  const tokens = useResource((signal) => listTokens(signal), []);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <section className="section--stack" aria-label="API tokens">
      <div className="toolbar">
        <h2>API tokens</h2>
        <ShownOnceDialogButton<CreatedToken>
          label="Create token"
          title="Create an API token"
          createdTitle={(created) => `Token “${created.name}” created`}
          form={(props) => <TokenForm {...props} />}
          shownOnce={({ created, onDone }) => <TokenShownOnce token={created} onDone={onDone} />}
          onCreated={tokens.reload}
        />
      </div>
      <p className="hint">A token acts with its role on this workspace: send it as “Authorization: Bearer …”. Revoke a token nobody uses.</p>
      {tokens.loading && !tokens.data ? (
        <LoadingBlock label="Loading tokens…" />
      ) : tokens.error ? (
        <ErrorMessage error={tokens.error} onRetry={tokens.reload} />
      ) : !tokens.data?.data.length ? (
        <EmptyState title="No API tokens">Create one for a script or an integration.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.data.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{humanize(token.role)}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{formatDate(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
                  <td className="cell--numeric">
                    {token.revokedAt ? (
                      <Badge tone="neutral">Revoked {formatDate(token.revokedAt)}</Badge>
                    ) : (
                      <button type="button" className="button button--small button--ghost" onClick={() => setRevoking(token)}>
                        Revoke<span className="visually-hidden"> {token.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title="Revoke token" open={revoking !== null} onClose={() => setRevoking(null)}>
        {revoking ? (
          <ConfirmForm
            confirmLabel="Revoke"
            busyLabel="Revoking…"
            onCancel={() => setRevoking(null)}
            onConfirm={async () => {
              await revokeToken(revoking.id);
              setRevoking(null);
              tokens.reload();
            }}
          >
            <p>Whatever uses “{revoking.name}” gets 401 from now on. This cannot be undone.</p>
          </ConfirmForm>
        ) : null}
      </Dialog>
    </section>
  );
}

function TokenForm({ onCancel, onCreated }: { onCancel(): void; onCreated(created: CreatedToken): void }) {
  const { submitting, error, submit } = useSubmit();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { name: String(form.get('name') ?? '').trim(), role: String(form.get('role')) as ApiToken['role'] };
    void submit(async () => onCreated(await createToken(body)));
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required autoFocus maxLength={100} placeholder="e.g. Nightly CRM sync" />
      </label>
      <label className="field">
        <span className="field__label">Role</span>
        <select name="role" defaultValue="viewer">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {humanize(role)}
            </option>
          ))}
        </select>
      </label>
      <FormActions label="Create token" busyLabel="Creating…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

function TokenShownOnce({ token, onDone }: { token: CreatedToken; onDone(): void }) {
  return (
    <div className="form">
      <p className="hint">Copy the token now: it is shown only this once. Boomerang keeps only a hash of it.</p>
      <div className="field">
        <span className="field__label">Token</span>
        <code data-testid="created-token" className="snippet">
          {token.token}
        </code>
        <CopyButton text={token.token} label="Copy the token" autoFocus />
      </div>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
