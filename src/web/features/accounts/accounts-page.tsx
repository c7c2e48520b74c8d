import { EmptyState } from '../../components/empty-state.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadMoreButton } from '../../components/load-more-button.js';
import { LoadingBlock } from '../../components/spinner.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../auth/auth-context.js';
import { useUsers } from '../users/users.api.js';
import { useState } from 'react';
import { listAccounts } from './accounts.api.js';
import { AccountTotalsBar, ExportCsvLink, SavedViewsMenu } from './accounts-book-bar.js';
import { AccountsTable } from './accounts-table.js';
import { AccountsToolbar } from './accounts-toolbar.js';
import { NewAccountButton } from './new-account-dialog.js';
import type { Account, AccountSort, AccountTotals } from './accounts.types.js';
import { defaultOrderFor, useAccountFilters } from './use-account-filters.js';

export function AccountsPage() {
  useDocumentTitle('Accounts');
  const { canWrite } = useSession();
  const { users } = useUsers();
  const { filters, setFilters, applyFilters, hasActiveFilters } = useAccountFilters();
  const [totals, setTotals] = useState<AccountTotals>();
  const accounts = usePagedList<Account>(
    async (cursor, signal) => {
      const page = await listAccounts(filters, cursor, signal);
      if (cursor === null) setTotals(page.totals);
      return page;
    },
    [filters.q, filters.segment, filters.ownerId, filters.lifecycleStage, filters.includeChurned, filters.renewsWithin, filters.healthBand, filters.sort, filters.order],
  );

  function handleSort(column: AccountSort) {
    const order = column === filters.sort ? (filters.order === 'asc' ? 'desc' : 'asc') : defaultOrderFor(column);
    setFilters({ sort: column, order });
  }

  const firstLoad = accounts.loading && accounts.items.length === 0;

  return (
    <div className="page">
      <header className="page__header">
        <h1 className="page__title">Accounts</h1>
        <div className="page__actions">
          <SavedViewsMenu filters={filters} onApply={applyFilters} />
          <ExportCsvLink filters={filters} />
          {canWrite ? <NewAccountButton /> : null}
        </div>
      </header>

      <AccountsToolbar filters={filters} users={users} hasActiveFilters={hasActiveFilters} onChange={setFilters} />
      <AccountTotalsBar totals={totals} />

      {accounts.error ? <ErrorMessage error={accounts.error} /> : null}

      {firstLoad ? (
        <LoadingBlock label="Loading accounts…" />
      ) : accounts.items.length === 0 && !accounts.error ? (
        <EmptyState title={hasActiveFilters ? 'No accounts match these filters' : 'No accounts yet'}>
          {hasActiveFilters ? 'Try a different search or clear the filters.' : 'Create one, or import from your CRM.'}
        </EmptyState>
      ) : accounts.items.length > 0 ? (
        <>
          <AccountsTable
            accounts={accounts.items}
            sort={filters.sort}
            order={filters.order}
            onSort={handleSort}
            busy={accounts.loading}
            currency={totals?.currency ?? 'USD'}
          />
          <ListFooter
            shown={accounts.items.length}
            total={accounts.total === undefined ? undefined : formatTotal(accounts.total, accounts.totalIsLowerBound)}
            hasMore={accounts.hasMore}
            loadingMore={accounts.loadingMore}
            onLoadMore={accounts.loadMore}
          />
        </>
      ) : null}
    </div>
  );
}

type ListFooterProps = {
  shown: number;
  total: string | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
};

function ListFooter({ shown, total, hasMore, loadingMore, onLoadMore }: ListFooterProps) {
  return (
    <div className="list-footer">
      <span className="list-footer__count">
        Showing {shown.toLocaleString('en-US')}
        {total !== undefined ? ` of ${total}` : ''}
      </span>
      <LoadMoreButton hasMore={hasMore} loading={loadingMore} onLoadMore={onLoadMore} />
    </div>
  );
}

/** "1,234", or "2,000+" when a search matched more than it counted. */
function formatTotal(total: number, isLowerBound: boolean): string {
  return `${total.toLocaleString('en-US')}${isLowerBound ? '+' : ''}`;
}
