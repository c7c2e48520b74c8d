import { useEffect, useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.js';
import { formatMoney, pluralize } from '../../lib/format.js';
import { useSession } from '../auth/auth-context.js';
import { accountsCsvUrl, createSavedView, deleteSavedView, listSavedViews } from './accounts.api.js';
import type { AccountFilters, AccountTotals, SavedView } from './accounts.types.js';

/** Count and ARR of every account the filters match (not only the rows loaded), in the reporting currency. */
export function AccountTotalsBar({ totals }: { totals: AccountTotals | undefined }) {
  if (!totals) return <p className="totals-bar">{'\u00a0'}</p>;
  return (
    <p className="totals-bar" aria-live="polite" data-testid="accounts-totals">
      <span>
        <strong>{totals.accounts.toLocaleString('en-US')}</strong> {totals.accounts === 1 ? 'account' : 'accounts'}
      </span>
      <span>
        <strong>{formatMoney(totals.arr, totals.currency)}</strong> ARR
      </span>
      {totals.unratedContracts > 0 ? (
        <span data-testid="unrated-contracts-note">
          <Badge tone="amber">No exchange rate</Badge> {pluralize(totals.unratedContracts, 'contract')} without a rate{' '}
          {totals.unratedContracts === 1 ? 'is' : 'are'} not included
        </span>
      ) : null}
    </p>
  );
}

/** The filters a saved view keeps: everything but the empty ones. */
function viewFilters(filters: AccountFilters): SavedView['filters'] {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')) as SavedView['filters'];
}

type SavedViewsMenuProps = { filters: AccountFilters; onApply(filters: SavedView['filters']): void };

/** Pick a saved view, save the current filters as one, or delete the one picked. A person's views are their own. */
export function SavedViewsMenu({ filters, onApply }: SavedViewsMenuProps) {
  // A person's views are writes too: while viewing as someone they stay visible and say why they are off.
  const { readOnly } = useSession();
  const [views, setViews] = useState<SavedView[]>([]);
  const [selected, setSelected] = useState('');
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    listSavedViews(controller.signal).then((list) => setViews(list.data), () => undefined);
    return () => controller.abort();
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      const view = await createSavedView(name.trim(), viewFilters(filters));
      setViews((current) => [...current, view].sort((a, b) => a.name.localeCompare(b.name)));
      setSelected(view.id);
      setNaming(false);
      setName('');
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not save the view');
    }
  }

  async function remove() {
    await deleteSavedView(selected);
    setViews((current) => current.filter((view) => view.id !== selected));
    setSelected('');
  }

  return (
    <div className="saved-views">
      <label>
        <span className="visually-hidden">Saved view</span>
        <select
          value={selected}
          data-testid="saved-views"
          onChange={(event) => {
            setSelected(event.target.value);
            const view = views.find((candidate) => candidate.id === event.target.value);
            if (view) onApply(view.filters);
          }}
        >
          <option value="">{views.length ? 'Saved views…' : 'No saved views'}</option>
          {views.map((view) => (
            <option key={view.id} value={view.id}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      {selected ? (
        <button type="button" className="button button--ghost button--small" onClick={remove} disabled={readOnly !== null} title={readOnly ?? undefined}>
          Delete view
        </button>
      ) : null}
      {naming ? (
        <form className="saved-views__form" onSubmit={save}>
          <label>
            <span className="visually-hidden">View name</span>
            <input autoFocus value={name} maxLength={100} placeholder="Name this view" onChange={(event) => setName(event.target.value)} />
          </label>
          <button type="submit" className="button button--small" disabled={!name.trim()}>
            Save
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="button button--ghost button--small" onClick={() => setNaming(true)} disabled={readOnly !== null} title={readOnly ?? undefined}>
          Save view
        </button>
      )}
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </div>
  );
}

/** Downloads every account the filters match as CSV. */
export function ExportCsvLink({ filters }: { filters: AccountFilters }) {
  return (
    <a className="button button--ghost button--small" href={accountsCsvUrl(filters)} download data-testid="export-csv">
      Export CSV
    </a>
  );
}
