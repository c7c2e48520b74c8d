import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { FormActions } from '../../components/form-actions.js';
import { ShownOnceDialogButton } from '../../components/shown-once-dialog-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { CredentialStatus, LastUsed } from './credential-status.js';
import { CopyButton, Snippet } from './copy-button.js';
import { Badge } from '../../components/badge.js';
import { createSource, listSourcesHealth, revokeSource, updateSourceKind } from './data.api.js';
import { SOURCE_KINDS, type CreatedSource, type Source, type SourceKind } from './data.types.js';

export function SourcesSection() {
  const { canAdminister: isAdmin } = useSession();
  const sources = useResource((signal) => listSourcesHealth(signal), []);
  /** The source an admin is changing the kind of, or revoking, in the one dialog. */
  const [acting, setActing] = useState<{ source: Source; action: 'kind' | 'revoke' } | null>(null);
  const close = () => setActing(null);

  return (
    <section className="section--stack" aria-label="Sources">
      <div className="toolbar">
        <p className="hint">
          A source is one sender of product events (your web app, backend, mobile app). Each has its own write key.
          Browser sources count usage only; server sources, whose key stays secret, may also create contacts.
        </p>
        {isAdmin ? (
          <ShownOnceDialogButton<CreatedSource>
            label="New source"
            title="New source"
            createdTitle={(source) => `Source "${source.name}" created`}
            form={(props) => <NewSourceForm {...props} />}
            shownOnce={({ created, onDone }) => <WriteKeyShownOnce source={created} onDone={onDone} />}
            onCreated={sources.reload}
          />
        ) : (
          <p className="hint">Only admins create and revoke sources.</p>
        )}
      </div>
      {sources.loading && !sources.data ? (
        <LoadingBlock label="Loading sources…" />
      ) : sources.error ? (
        <ErrorMessage error={sources.error} onRetry={sources.reload} />
      ) : !sources.data?.data.length ? (
        <EmptyState title="No sources yet">
          {isAdmin ? 'Create a source to get a write key for your analytics SDK.' : 'Ask an admin to create one.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="sources-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Write key</th>
                <th scope="col">Created</th>
                <th scope="col">Last event</th>
                <th scope="col">Status</th>
                {isAdmin ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {sources.data.data.map((source) => (
                <tr key={source.id} className={source.revokedAt ? 'row--departed' : undefined}>
                  <td>{source.name}</td>
                  <td>
                    <span title={SOURCE_KINDS[source.kind].effect}>
                      <Badge tone={source.kind === 'server' ? 'purple' : 'neutral'}>{SOURCE_KINDS[source.kind].label}</Badge>
                    </span>
                  </td>
                  <td>
                    <code>{source.writeKeyPrefix}…</code>
                  </td>
                  <td>{formatDate(source.createdAt)}</td>
                  <td>
                    <LastUsed at={source.lastReceivedAt} />
                  </td>
                  <td>
                    <CredentialStatus revokedAt={source.revokedAt} />
                  </td>
                  {isAdmin ? (
                    <td className="cell--numeric">
                      {source.revokedAt ? null : (
                        <>
                          <button
                            type="button"
                            className="button button--small button--ghost"
                            onClick={() => setActing({ source, action: 'kind' })}
                          >
                            Make {source.kind === 'server' ? 'browser' : 'server'}
                            <span className="visually-hidden"> {source.name}</span>
                          </button>
                          <button
                            type="button"
                            className="button button--small button--ghost"
                            onClick={() => setActing({ source, action: 'revoke' })}
                          >
                            Revoke<span className="visually-hidden"> {source.name}</span>
                          </button>
                        </>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        title="Change source kind"
        subject={acting?.action === 'kind' ? acting.source : null}
        confirmLabel={(source) => `Make it ${SOURCE_KINDS[nextKind(source)].label.toLowerCase()}`}
        busyLabel="Saving…"
        onClose={close}
        onConfirm={async (source) => {
          await updateSourceKind(source.id, nextKind(source));
          sources.reload();
        }}
      >
        {(source) => <ChangeKindQuestion source={source} />}
      </ConfirmDialog>
      <ConfirmDialog
        title="Revoke write key"
        subject={acting?.action === 'revoke' ? acting.source : null}
        confirmLabel="Revoke key"
        busyLabel="Revoking…"
        onClose={close}
        onConfirm={async (source) => {
          await revokeSource(source.id);
          sources.reload();
        }}
      >
        {(source) => (
          <p>
            Revoke the write key of <strong>{source.name}</strong> (<code>{source.writeKeyPrefix}…</code>)? Every request
            with it is refused from now on. Events already received are kept. This cannot be undone.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

function NewSourceForm({ onCancel, onCreated }: { onCancel(): void; onCreated(source: CreatedSource): void }) {
  const { submitting, error, submit } = useSubmit();
  const [kind, setKind] = useState<SourceKind>('browser');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    void submit(async () => onCreated(await createSource(name, kind)));
  }

  return (
    <form className="form" onSubmit={handleSubmit}>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field">
        <span className="field__label">Name</span>
        <input name="name" required autoFocus maxLength={100} placeholder="Web app (production)" />
      </label>
      <label className="field">
        <span className="field__label">Kind</span>
        <select name="kind" value={kind} onChange={(event) => setKind(event.target.value as SourceKind)}>
          {(Object.keys(SOURCE_KINDS) as SourceKind[]).map((option) => (
            <option key={option} value={option}>
              {option === 'server' ? 'Server (key kept secret on a backend)' : 'Browser (key in a web page or app)'}
            </option>
          ))}
        </select>
        <span className="hint">{SOURCE_KINDS[kind].effect}</span>
      </label>
      <FormActions label="Create source" busyLabel="Creating…" submitting={submitting} onCancel={onCancel} />
    </form>
  );
}

function WriteKeyShownOnce({ source, onDone }: { source: CreatedSource; onDone(): void }) {
  const origin = window.location.origin;
  const nodeSnippet = `import { Analytics } from '@segment/analytics-node';
const analytics = new Analytics({ writeKey: '${source.writeKey}', host: '${origin}', path: '/v1/batch' });
analytics.group({ userId: 'u1', groupId: 'acme-123', traits: { website: 'acme.com' } });
analytics.track({ userId: 'u1', event: 'Report Exported' });`;
  const curlSnippet = `curl ${origin}/v1/track -u '${source.writeKey}:' \\
  -H 'Content-Type: application/json' \\
  -d '{"userId":"u1","event":"Report Exported"}'`;
  return (
    <div className="form">
      <p className="hint">Copy the write key now: it is shown only this once. Only its hash is kept.</p>
      <div className="field">
        <span className="field__label" id="write-key-label">
          Write key
        </span>
        <div className="copy-field">
          <code className="copy-field__value" aria-labelledby="write-key-label" data-testid="write-key">
            {source.writeKey}
          </code>
          <CopyButton text={source.writeKey} label="Copy write key" autoFocus />
        </div>
      </div>
      <Snippet title="Send events with analytics-node" text={nodeSnippet} />
      <Snippet title="Or with curl" text={curlSnippet} />
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

const nextKind = (source: Source): SourceKind => (source.kind === 'server' ? 'browser' : 'server');

function ChangeKindQuestion({ source }: { source: Source }) {
  const next = nextKind(source);
  return (
    <>
      <p>
        Make <strong>{source.name}</strong> a {SOURCE_KINDS[next].label.toLowerCase()} source? {SOURCE_KINDS[next].effect}
      </p>
      {next === 'server' ? (
        <p className="hint">
          Only if this key has never been in a web page or app. If it may have been, revoke it and create a server source
          instead.
        </p>
      ) : null}
    </>
  );
}
