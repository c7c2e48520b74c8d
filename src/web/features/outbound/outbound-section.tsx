import { useState, type FormEvent } from 'react';
import { Badge, type BadgeTone } from '../../components/badge.js';
import { ConfirmForm } from '../../components/confirm-form.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { ShownOnceDialogButton } from '../../components/shown-once-dialog-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDateTime } from '../../lib/format.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { CopyButton } from '../data/copy-button.js';
import {
  addSuppression,
  getOutboundSettings,
  listOutboundMessages,
  listSuppressions,
  removeSuppression,
  rotateSigningSecret,
  sendTestWebhook,
  updateSender,
} from './outbound.api.js';
import type { CreatedSigningSecret, OutboundMessage, OutboundSettings } from './outbound.types.js';

const STATUS_TONE: Record<OutboundMessage['status'], BadgeTone> = {
  queued: 'blue',
  sending: 'amber',
  sent: 'green',
  suppressed: 'neutral',
  refused: 'red',
  failed: 'red',
};

/**
 * Settings → Outbound: the workspace's sender and webhook signing secret (admins), the
 * suppression list, and the delivery log of emails and webhooks with status and last error.
 */
export function OutboundSection() {
  useDocumentTitle('Outbound');
  const { canAdminister } = useSession();
  return (
    <section className="section--stack" aria-label="Outbound">
      <h2>Outbound email and webhooks</h2>
      <p className="hint">
        What Boomerang sends on your behalf — playbook emails, webhooks, a CSM’s email to a contact — and how each delivery went.
      </p>
      {canAdminister ? <AdminSettings /> : null}
      <DeliveryLog />
      <Suppressions />
    </section>
  );
}

function AdminSettings() {
  const settings = useResource((signal) => getOutboundSettings(signal), []);
  if (settings.loading && !settings.data) return <LoadingBlock label="Loading settings…" />;
  if (settings.error || !settings.data) return <ErrorMessage error={settings.error} onRetry={settings.reload} />;
  return (
    <div className="outbound__cards">
      <SenderCard settings={settings.data} onSaved={settings.reload} />
      <SigningCard settings={settings.data} onChanged={settings.reload} />
    </div>
  );
}

function SenderCard({ settings, onSaved }: { settings: OutboundSettings; onSaved(): void }) {
  const { submitting, error, submit } = useSubmit();
  const [saved, setSaved] = useState(false);
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || null;
    setSaved(false);
    void submit(async () => {
      await updateSender({ senderName: text('senderName'), senderAddress: text('senderAddress') });
      setSaved(true);
      onSaved();
    });
  }
  return (
    <form className="card form" onSubmit={handleSubmit} aria-label="Sender">
      <h3 className="card__title">Sender</h3>
      {!settings.smtpConfigured ? (
        <p className="hint" role="note">
          No SMTP server is set (SMTP_URL), so emails wait in the queue — see Jobs — until one is.
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Name</span>
        <input name="senderName" maxLength={100} defaultValue={settings.senderName ?? ''} placeholder="e.g. Acme Customer Success" />
      </label>
      <label className="field">
        <span className="field__label">Address</span>
        <input name="senderAddress" type="email" maxLength={320} defaultValue={settings.senderAddress ?? ''} placeholder="success@acme.example" />
      </label>
      <p className="hint">
        Mail goes out as <code>{settings.from}</code>. Leave both empty for the server’s default; your mail provider must allow this address.
      </p>
      <SubmitButton label="Save sender" busyLabel="Saving…" submitting={submitting} />
      {saved ? <p className="hint" role="status">Saved.</p> : null}
    </form>
  );
}

function SigningCard({ settings, onChanged }: { settings: OutboundSettings; onChanged(): void }) {
  const secret = settings.signingSecret;
  return (
    <div className="card form" aria-label="Webhook signing">
      <h3 className="card__title">Webhook signing secret</h3>
      {secret ? (
        <p>
          <code>{secret.prefix}…</code>, created {formatDateTime(secret.createdAt)}.
          {secret.previousValidUntil ? ` The previous secret also signs until ${formatDateTime(secret.previousValidUntil)}.` : ''}
        </p>
      ) : (
        <p className="hint" role="note">
          No secret yet: webhooks go out unsigned. Create one and give it to your receiver.
        </p>
      )}
      <p className="hint">
        Each delivery carries <code>{settings.signatureHeader}: t=…,v1=…</code>, an HMAC-SHA256 of <code>t.body</code> (see the docs).
      </p>
      <div className="form__actions">
        <ShownOnceDialogButton<CreatedSigningSecret>
          label={secret ? 'Rotate secret' : 'Create secret'}
          title={secret ? 'Rotate the signing secret' : 'Create a signing secret'}
          createdTitle={() => 'Signing secret'}
          form={({ onCancel, onCreated }) => (
            <ConfirmForm confirmLabel={secret ? 'Rotate' : 'Create'} busyLabel="Working…" onCancel={onCancel} onConfirm={async () => onCreated(await rotateSigningSecret())}>
              <p>
                {secret
                  ? 'A new secret signs from now on. The current one keeps signing beside it for 24 hours, so update your receivers within a day.'
                  : 'Webhooks will be signed with the new secret from now on.'}
              </p>
            </ConfirmForm>
          )}
          shownOnce={({ created, onDone }) => (
            <div className="form">
              <p className="hint">Copy the secret now: it is shown only this once.</p>
              <code className="snippet" data-testid="signing-secret">
                {created.secret}
              </code>
              <CopyButton text={created.secret} label="Copy the secret" autoFocus />
              <div className="form__actions">
                <button type="button" className="button button--primary" onClick={onDone}>
                  Done
                </button>
              </div>
            </div>
          )}
          onCreated={onChanged}
        />
      </div>
      <TestWebhookForm />
    </div>
  );
}

function TestWebhookForm() {
  const { submitting, error, submit } = useSubmit();
  const [result, setResult] = useState<string | null>(null);
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setResult(null);
    void submit(async () => {
      const queued = await sendTestWebhook({ url: String(form.get('url') ?? '').trim(), format: form.get('format') === 'slack' ? 'slack' : 'json' });
      setResult(queued.status === 'refused' ? `Refused: ${queued.reason}` : 'Queued: see the delivery log below.');
    });
  }
  return (
    <form className="form" onSubmit={handleSubmit} aria-label="Send a test webhook">
      <h4 className="card__title">Send a test delivery</h4>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">URL</span>
        <input name="url" type="url" required maxLength={2000} placeholder="https://example.com/boomerang-webhook" />
      </label>
      <label className="field">
        <span className="field__label">Format</span>
        <select name="format" defaultValue="json">
          <option value="json">Signed JSON</option>
          <option value="slack">Slack incoming webhook</option>
        </select>
      </label>
      <SubmitButton label="Send test" busyLabel="Sending…" submitting={submitting} />
      {result ? <p className="hint" role="status">{result}</p> : null}
    </form>
  );
}

const CHANNELS: { value: OutboundMessage['channel'] | undefined; label: string }[] = [
  { value: undefined, label: 'All' },
  { value: 'email', label: 'Emails' },
  { value: 'webhook', label: 'Webhooks' },
];
const STATUSES: OutboundMessage['status'][] = ['queued', 'sending', 'sent', 'suppressed', 'refused', 'failed'];

function DeliveryLog() {
  const [channel, setChannel] = useState<OutboundMessage['channel'] | undefined>(undefined);
  const [status, setStatus] = useState<OutboundMessage['status'] | ''>('');
  const messages = useResource(
    (signal) => listOutboundMessages({ channel, status: status || undefined, limit: 100 }, signal),
    [channel, status],
  );
  return (
    <div className="section--stack" aria-label="Delivery log">
      <div className="toolbar">
        <h3>Delivery log</h3>
        <label className="field field--inline">
          <span className="field__label">Status</span>
          <select value={status} onChange={(event) => setStatus(event.target.value as OutboundMessage['status'] | '')}>
            <option value="">Any</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--small" onClick={messages.reload}>
          Refresh
        </button>
      </div>
      <div className="tabs" role="tablist" aria-label="Channel">
        {CHANNELS.map((option) => (
          <button
            key={option.label}
            type="button"
            role="tab"
            className="tabs__tab"
            aria-selected={channel === option.value}
            onClick={() => setChannel(option.value)}
          >
            {option.label}
          </button>
        ))}
      </div>
      {messages.loading && !messages.data ? (
        <LoadingBlock label="Loading deliveries…" />
      ) : messages.error ? (
        <ErrorMessage error={messages.error} onRetry={messages.reload} />
      ) : !messages.data?.data.length ? (
        <EmptyState title="Nothing sent yet">Emails and webhooks from playbooks and people show up here.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="outbound-log">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">To</th>
                <th scope="col">What</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {messages.data.data.map((message) => (
                <tr key={message.id}>
                  <td>{formatDateTime(message.createdAt)}</td>
                  <td className="cell--wrap">{message.recipient}</td>
                  <td className="cell--wrap">
                    {message.channel === 'email' ? (
                      <>
                        {message.subject}
                        {message.bulk ? <div className="hint">One-to-many</div> : null}
                      </>
                    ) : (
                      <>Webhook ({message.format === 'slack' ? 'Slack' : 'signed JSON'})</>
                    )}
                    <div className="hint">{describeOrigin(message.origin)}</div>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[message.status]}>{message.status}</Badge>
                    {message.sentAt ? <div className="hint">{formatDateTime(message.sentAt)}</div> : null}
                  </td>
                  <td className="cell--numeric">{message.attempts}</td>
                  <td className="cell--wrap">{message.lastError ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function describeOrigin(origin: Record<string, unknown>): string {
  return origin.kind === 'playbook' ? 'From a playbook' : 'Sent by a person';
}

function Suppressions() {
  const list = useResource((signal) => listSuppressions(signal), []);
  const { submitting, error, submit } = useSubmit();
  function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const email = String(new FormData(formElement).get('email') ?? '').trim();
    void submit(async () => {
      await addSuppression(email);
      formElement.reset();
      list.reload();
    });
  }
  return (
    <div className="section--stack" aria-label="Suppression list">
      <h3>Suppression list</h3>
      <p className="hint">
        These addresses get no one-to-many email (playbook campaigns, newsletters). People land here by following the unsubscribe link;
        one-to-one email from a CSM still reaches them.
      </p>
      <form className="form form--row" onSubmit={handleAdd} aria-label="Add an address">
        {error ? <ErrorMessage error={error} /> : null}
        <label className="field">
          <span className="field__label">Address</span>
          <input name="email" type="email" required maxLength={320} placeholder="someone@customer.example" />
        </label>
        <SubmitButton label="Add to list" busyLabel="Adding…" submitting={submitting} />
      </form>
      {list.loading && !list.data ? (
        <LoadingBlock label="Loading the list…" />
      ) : list.error ? (
        <ErrorMessage error={list.error} onRetry={list.reload} />
      ) : !list.data?.data.length ? (
        <EmptyState title="No suppressed addresses">Nobody has unsubscribed.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="suppressions-table">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">How</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((entry) => (
                <tr key={entry.email}>
                  <td>{entry.email}</td>
                  <td>{entry.reason === 'unsubscribed' ? 'Unsubscribed by link' : `Added by ${entry.addedByName ?? 'a token'}`}</td>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <td className="cell--numeric">
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      onClick={() => void submit(async () => (await removeSuppression(entry.email), list.reload()))}
                    >
                      Remove<span className="visually-hidden"> {entry.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A form's one button where there is nothing to cancel (FormActions pairs it with Cancel in dialogs). */
function SubmitButton({ label, busyLabel, submitting }: { label: string; busyLabel: string; submitting: boolean }) {
  return (
    <div className="form__actions">
      <button type="submit" className="button button--primary" disabled={submitting}>
        {submitting ? busyLabel : label}
      </button>
    </div>
  );
}
