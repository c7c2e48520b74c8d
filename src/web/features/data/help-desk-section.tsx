import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { FormActions } from '../../components/form-actions.js';
import { ShownOnceDialogButton } from '../../components/shown-once-dialog-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatDateTime, formatRelativeTime, humanize, pluralize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { CredentialStatus, LastUsed } from './credential-status.js';
import { CopyButton, Snippet } from './copy-button.js';
import {
  createWebhookSecret,
  listUnmatchedTickets,
  listWebhookSecrets,
  rematchTickets,
  revokeWebhookSecret,
} from './data.api.js';
import type { CreatedWebhookSecret, RematchResult, WebhookSecret } from './data.types.js';

type WebhookKind = WebhookSecret['kind'];
const KIND_LABEL: Record<WebhookKind, string> = { zendesk: 'Zendesk', generic: 'Other help desk (generic JSON)' };

/** Tickets in from the help desk: the signed webhook's secrets (admin) and tickets no account matched yet. */
export function HelpDeskSection() {
  const { canAdminister, canManage } = useSession();
  return (
    <div className="section--stack">
      {canAdminister ? (
        <WebhookSecretsCard />
      ) : (
        <p className="hint">Only admins connect a help desk (its webhook secrets).</p>
      )}
      <UnmatchedTicketsCard canRematch={canManage} />
    </div>
  );
}

function WebhookSecretsCard() {
  const secrets = useResource((signal) => listWebhookSecrets(signal), []);
  const [revoking, setRevoking] = useState<WebhookSecret | null>(null);
  return (
    <section className="card" aria-labelledby="webhook-secrets-title">
      <div className="card__header">
        <div>
          <h2 id="webhook-secrets-title" className="card__title">
            Ticket webhooks
          </h2>
          <p className="hint">
            Your help desk calls Boomerang when a ticket changes; each call is signed with one of these secrets. Add the
            new secret before revoking the old one to rotate without losing a ticket.
          </p>
        </div>
        <ShownOnceDialogButton<CreatedWebhookSecret>
          label="Connect a help desk"
          title="Connect a help desk"
          createdTitle={(secret) => `${KIND_LABEL[secret.kind]} connected`}
          form={(props) => <NewSecretForm {...props} addresses={secrets.data?.addresses ?? null} />}
          shownOnce={({ created, onDone }) => <SecretShownOnce secret={created} onDone={onDone} />}
          onCreated={secrets.reload}
        />
      </div>
      {secrets.error ? (
        <ErrorMessage error={secrets.error} onRetry={secrets.reload} />
      ) : !secrets.data ? (
        <LoadingBlock label="Loading webhook secrets…" />
      ) : secrets.data.data.length === 0 ? (
        <EmptyState title="No help desk connected">
          Add a secret to get the address your help desk should call.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="webhook-secrets">
            <thead>
              <tr>
                <th scope="col">Help desk</th>
                <th scope="col">Secret</th>
                <th scope="col">Added</th>
                <th scope="col">Last delivery</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {secrets.data.data.map((secret) => (
                <tr key={secret.id} className={secret.revokedAt ? 'row--departed' : undefined}>
                  <td>{KIND_LABEL[secret.kind]}</td>
                  <td>
                    <code>{secret.secretPrefix}…</code>
                  </td>
                  <td>{formatDate(secret.createdAt)}</td>
                  <td>
                    <LastUsed at={secret.lastUsedAt} />
                  </td>
                  <td>
                    <CredentialStatus revokedAt={secret.revokedAt} />
                  </td>
                  <td className="cell--numeric">
                    {secret.revokedAt ? null : (
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        onClick={() => setRevoking(secret)}
                      >
                        Revoke<span className="visually-hidden"> {secret.secretPrefix}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        title="Revoke webhook secret"
        subject={revoking}
        confirmLabel="Revoke secret"
        busyLabel="Revoking…"
        onClose={() => setRevoking(null)}
        onConfirm={async (secret) => {
          await revokeWebhookSecret(secret.id);
          secrets.reload();
        }}
      >
        {(secret) => (
          <p>
            Revoke the {KIND_LABEL[secret.kind]} secret <code>{secret.secretPrefix}…</code>? Deliveries signed with it
            are refused from now on; tickets already received are kept.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

/**
 * Zendesk makes the signing secret only once its webhook exists, and the webhook needs
 * Boomerang's address first: so the address comes first, then the secret (issue 15 item 9).
 */
function NewSecretForm({
  addresses,
  onCancel,
  onCreated,
}: {
  addresses: Record<WebhookKind, string> | null;
  onCancel(): void;
  onCreated(secret: CreatedWebhookSecret): void;
}) {
  const { submitting, error, submit } = useSubmit();
  const [kind, setKind] = useState<WebhookKind>('zendesk');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const secret = String(new FormData(event.currentTarget).get('secret') ?? '').trim();
    void submit(async () => onCreated(await createWebhookSecret({ kind, ...(secret ? { secret } : {}) })));
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Help desk</span>
        <select value={kind} onChange={(event) => setKind(event.target.value as WebhookKind)} autoFocus>
          {(Object.keys(KIND_LABEL) as WebhookKind[]).map((option) => (
            <option key={option} value={option}>
              {KIND_LABEL[option]}
            </option>
          ))}
        </select>
      </label>
      {kind === 'zendesk' ? (
        <>
          <div className="field">
            <span className="field__label" id="zendesk-address-label">
              1. Webhook address for Zendesk
            </span>
            <div className="copy-field">
              <code className="copy-field__value" aria-labelledby="zendesk-address-label" data-testid="zendesk-address">
                {addresses?.zendesk ?? '…'}
              </code>
              {addresses ? <CopyButton text={addresses.zendesk} label="Copy webhook address" /> : null}
            </div>
            <span className="hint">
              In Zendesk: Admin Center → Apps and integrations → Webhooks → Create webhook, endpoint URL this address
              (POST, JSON), subscribed to ticket events.
            </span>
          </div>
          <label className="field">
            <span className="field__label">2. Zendesk signing secret</span>
            <input name="secret" required minLength={16} maxLength={200} autoComplete="off" spellCheck={false} />
            <span className="hint">Once the webhook is saved, Zendesk shows it: your webhook → Reveal secret.</span>
          </label>
        </>
      ) : (
        <p className="hint">
          Boomerang makes the secret; your help desk signs each call with it (HMAC-SHA256 of the body).
        </p>
      )}
      <FormActions label="Connect" busyLabel="Connecting…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

function SecretShownOnce({ secret, onDone }: { secret: CreatedWebhookSecret; onDone(): void }) {
  const genericExample = `body='{"id":"T-1001","subject":"Export fails","status":"open","priority":"high","requester":{"email":"ana@acme.com"},"createdAt":"2026-11-27T09:00:00Z"}'
signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac '${secret.secret}' -hex | sed 's/^.* //')
curl '${secret.url}' -H 'Content-Type: application/json' \\
  -H "${secret.signatureHeader}: sha256=$signature" -d "$body"`;
  return (
    <div className="form">
      <div className="field">
        <span className="field__label" id="webhook-url-label">
          Webhook address
        </span>
        <div className="copy-field">
          <code className="copy-field__value" aria-labelledby="webhook-url-label" data-testid="webhook-url">
            {secret.url}
          </code>
          <CopyButton text={secret.url} label="Copy webhook address" autoFocus />
        </div>
      </div>
      {secret.kind === 'zendesk' ? (
        <p className="hint">
          In Zendesk, set this as the webhook&rsquo;s endpoint (POST, JSON) and subscribe it to ticket events. Match
          tickets to accounts by giving each account its Zendesk organization id as external id <code>zendesk</code>, or
          by the requester&rsquo;s email domain.
        </p>
      ) : (
        <>
          <div className="field">
            <span className="field__label" id="webhook-secret-label">
              Signing secret · shown only this once
            </span>
            <div className="copy-field">
              <code className="copy-field__value" aria-labelledby="webhook-secret-label" data-testid="webhook-secret">
                {secret.secret}
              </code>
              <CopyButton text={secret.secret} label="Copy signing secret" />
            </div>
          </div>
          <Snippet title="Send a ticket with curl" text={genericExample} />
          <p className="hint">The full generic shape is in docs/webhooks.md.</p>
        </>
      )}
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function UnmatchedTicketsCard({ canRematch }: { canRematch: boolean }) {
  const tickets = useResource((signal) => listUnmatchedTickets(signal), []);
  const { submitting, error, submit } = useSubmit();
  const [result, setResult] = useState<RematchResult | null>(null);

  function rematch() {
    void submit(async () => {
      setResult(await rematchTickets());
      tickets.reload();
    });
  }

  return (
    <section className="card" aria-labelledby="unmatched-tickets-title">
      <div className="card__header">
        <div>
          <h2 id="unmatched-tickets-title" className="card__title">
            Tickets waiting for an account
          </h2>
          <p className="hint">
            Kept, never dropped. They join an account when one with their domain, Zendesk organization or
            requester&rsquo;s email appears.
          </p>
        </div>
        {canRematch ? (
          <button type="button" className="button" onClick={rematch} disabled={submitting}>
            {submitting ? 'Matching…' : 'Match again'}
          </button>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {result ? (
        <p className="hint" role="status" data-testid="rematch-result">
          {result.matched} of {pluralize(result.examined, 'waiting ticket')} matched an account.
        </p>
      ) : null}
      {tickets.error ? (
        <ErrorMessage error={tickets.error} onRetry={tickets.reload} />
      ) : !tickets.data ? (
        <LoadingBlock label="Loading tickets…" />
      ) : tickets.data.data.length === 0 ? (
        <EmptyState title="None waiting">Every ticket received so far belongs to an account.</EmptyState>
      ) : (
        <div className="table-wrap table-wrap--scroll">
          <table className="table table--compact" data-testid="unmatched-tickets">
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Requester</th>
                <th scope="col">From</th>
                <th scope="col">Opened</th>
              </tr>
            </thead>
            <tbody>
              {tickets.data.data.map((ticket) => (
                <tr key={ticket.id}>
                  <td>{ticket.subject}</td>
                  <td>{ticket.requesterEmail ?? <span className="cell--muted">unknown</span>}</td>
                  <td>{humanize(ticket.source)}</td>
                  <td title={formatDateTime(ticket.createdAtSource)}>{formatRelativeTime(ticket.createdAtSource)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
