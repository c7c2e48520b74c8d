import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';
import { formatDate, formatNumber, pluralize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmit } from '../../lib/use-submit.js';
import { useSession } from '../auth/auth-context.js';
import { getProductCatalog, saveProductCatalog } from './usage.api.js';
import type { CatalogFeatureInput, ProductCatalogView } from './usage.types.js';

const asInput = ({ key, name, group, description, events }: CatalogFeatureInput): CatalogFeatureInput => ({ key, name, group, description, events });

/** "Report exported" → "report-exported": a key for a feature made from an event name. */
const keyOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63) || 'feature';

/**
 * The product's features (issue 15 item 2): which exist, the event names behind each, how many
 * active accounts use each, and the event names received but not reviewed — which count for
 * nothing until a leader or admin adds them to a feature or ignores them. Each change is a new
 * version from today; earlier days keep the catalog they had.
 */
export function ProductCatalogSection() {
  const { canManage: canEdit } = useSession();
  const view = useResource((signal) => getProductCatalog(signal), []);
  const { submitting, error, submit } = useSubmit();

  if (view.error) return <ErrorMessage error={view.error} onRetry={view.reload} />;
  if (!view.data) return <LoadingBlock label="Loading the feature catalog…" />;
  const data = view.data;
  const save = (change: (catalog: { features: CatalogFeatureInput[]; ignored: string[] }) => { features: CatalogFeatureInput[]; ignored: string[] }) =>
    submit(async () => {
      await saveProductCatalog(change({ features: data.features.map(asInput), ignored: data.ignored }));
      view.reload();
    });
  const proposed = data.eventNames.filter((name) => name.status === 'proposed');

  return (
    <div className="section--stack">
      <section className="card" aria-labelledby="catalog-title">
        <h2 className="card__title" id="catalog-title">
          Product features
        </h2>
        <p className="hint">
          {data.version
            ? `Version ${data.version}, in force since ${formatDate(data.effectiveDay)}. `
            : 'No catalog yet: adoption breadth is not measured until features are named. '}
          Adoption is the share of the {pluralize(data.activeAccounts30d, 'account')} active in the last 30 days that used the feature.
        </p>
        {error ? <ErrorMessage error={error} /> : null}
        {data.features.length === 0 ? (
          <EmptyState title="No features yet">{canEdit ? 'Add event names below as features.' : 'A leader or admin names them.'}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table--compact" data-testid="catalog-features">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">Group</th>
                  <th scope="col">Event names</th>
                  <th scope="col" className="cell--numeric">
                    Accounts, 30 days
                  </th>
                  <th scope="col">Adoption</th>
                </tr>
              </thead>
              <tbody>
                {data.features.map((feature) => (
                  <tr key={feature.key}>
                    <td>
                      {feature.name}
                      {feature.description ? <div className="cell__secondary">{feature.description}</div> : null}
                    </td>
                    <td>{feature.group ?? <span className="cell--muted">—</span>}</td>
                    <td>
                      {feature.events.map((name) => (
                        <code key={name} className="catalog__event">
                          {name}
                        </code>
                      ))}
                    </td>
                    <td className="cell--numeric">{formatNumber(feature.accounts30d)}</td>
                    <td>
                      <AdoptionBar share={feature.adoption} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="proposed-title">
        <h2 className="card__title" id="proposed-title">
          New event names to review · {formatNumber(proposed.length)}
        </h2>
        <p className="hint">
          Received but not in the catalog: they count toward no account&apos;s breadth until added to a feature. Ignore technical
          events.
        </p>
        {proposed.length === 0 ? (
          <EmptyState title="Nothing to review">Every event name received is a feature or ignored.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table--compact" data-testid="catalog-proposed">
              <thead>
                <tr>
                  <th scope="col">Event name</th>
                  <th scope="col">First seen</th>
                  <th scope="col" className="cell--numeric">
                    Accounts, 30 days
                  </th>
                  <th scope="col" className="cell--numeric">
                    Events, 30 days
                  </th>
                  {canEdit ? <th scope="col">Decide</th> : null}
                </tr>
              </thead>
              <tbody>
                {proposed.map((name) => (
                  <tr key={name.name}>
                    <td>
                      <code>{name.name}</code>
                    </td>
                    <td>{formatDate(name.firstSeenDay)}</td>
                    <td className="cell--numeric">{formatNumber(name.accounts30d)}</td>
                    <td className="cell--numeric">{formatNumber(name.events30d)}</td>
                    {canEdit ? (
                      <td>
                        <ReviewForm name={name.name} data={data} busy={submitting} onSave={save} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

type SaveChange = (change: (catalog: { features: CatalogFeatureInput[]; ignored: string[] }) => { features: CatalogFeatureInput[]; ignored: string[] }) => Promise<unknown>;

/** One event name's decision: a new feature (named), part of an existing one, or ignored. */
function ReviewForm({ name, data, busy, onSave }: { name: string; data: ProductCatalogView; busy: boolean; onSave: SaveChange }) {
  const [target, setTarget] = useState<string>('new');
  const [featureName, setFeatureName] = useState(name);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void onSave((catalog) => {
      if (target === 'ignore') return { ...catalog, ignored: [...catalog.ignored, name] };
      if (target === 'new') {
        const taken = new Set(catalog.features.map((feature) => feature.key));
        let key = keyOf(featureName);
        for (let n = 2; taken.has(key); n += 1) key = `${keyOf(featureName).slice(0, 58)}-${n}`;
        return { ...catalog, features: [...catalog.features, { key, name: featureName.trim() || name, group: null, description: null, events: [name] }] };
      }
      return { ...catalog, features: catalog.features.map((feature) => (feature.key === target ? { ...feature, events: [...feature.events, name] } : feature)) };
    });
  }

  return (
    <form className="catalog__review" onSubmit={handleSubmit}>
      <select aria-label={`What ${name} is`} value={target} onChange={(event) => setTarget(event.target.value)}>
        <option value="new">A new feature…</option>
        {data.features.map((feature) => (
          <option key={feature.key} value={feature.key}>
            Part of {feature.name}
          </option>
        ))}
        <option value="ignore">Ignore it</option>
      </select>
      {target === 'new' ? (
        <input aria-label={`Feature name for ${name}`} value={featureName} maxLength={100} required onChange={(event) => setFeatureName(event.target.value)} />
      ) : null}
      <button type="submit" className="button button--small" disabled={busy}>
        Save<span className="visually-hidden"> {name}</span>
      </button>
    </form>
  );
}

function AdoptionBar({ share }: { share: number | null }) {
  if (share === null) return <span className="cell--muted">—</span>;
  const percent = Math.round(share * 100);
  return (
    <span className="catalog__adoption" title={`${percent}% of active accounts`}>
      <span className="catalog__bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
      {percent}%{percent === 0 ? <Badge tone="amber">unused</Badge> : null}
    </span>
  );
}
