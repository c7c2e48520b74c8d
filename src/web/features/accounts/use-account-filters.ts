import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { RENEWAL_WINDOWS } from './account-options.js';
import type { AccountFilters, AccountSort, RenewalWindow, SortOrder } from './accounts.types.js';

export type { RenewalWindow };

const HEALTH_BANDS = ['green', 'yellow', 'red'] as const;
const SORTS: readonly AccountSort[] = ['name', 'arr', 'renewalDate', 'employeeCount', 'createdAt', 'health'];

export const DEFAULT_FILTERS: AccountFilters = {
  q: '',
  segment: '',
  ownerId: '',
  lifecycleStage: '',
  includeChurned: '',
  renewsWithin: '',
  healthBand: '',
  sort: 'name',
  order: 'asc',
};

/** Money, size and recency read best biggest/newest first; names and dates soonest first; health worst first. */
export function defaultOrderFor(sort: AccountSort): SortOrder {
  return sort === 'arr' || sort === 'employeeCount' || sort === 'createdAt' ? 'desc' : 'asc';
}

/** Filter and sort state lives in the query string so views can be bookmarked and shared. */
export function useAccountFilters() {
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = useMemo<AccountFilters>(() => {
    const sortParam = searchParams.get('sort') as AccountSort | null;
    const sort = sortParam && SORTS.includes(sortParam) ? sortParam : DEFAULT_FILTERS.sort;
    const orderParam = searchParams.get('order');
    const order: SortOrder = orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrderFor(sort);
    return {
      q: searchParams.get('q') ?? '',
      segment: searchParams.get('segment') ?? '',
      ownerId: searchParams.get('ownerId') ?? '',
      lifecycleStage: searchParams.get('lifecycleStage') ?? '',
      includeChurned: searchParams.get('includeChurned') === 'true' ? 'true' : '',
      renewsWithin: RENEWAL_WINDOWS.find((w) => w.value === searchParams.get('renewsWithin'))?.value ?? ('' as const),
      healthBand: HEALTH_BANDS.find((band) => band === searchParams.get('healthBand')) ?? '',
      sort,
      order,
    };
  }, [searchParams]);

  const setFilters = useCallback(
    (change: Partial<AccountFilters>, options: { replace?: boolean } = {}) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(change)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setSearchParams],
  );

  const hasActiveFilters = Boolean(filters.q || filters.segment || filters.ownerId || filters.lifecycleStage || filters.renewsWithin || filters.healthBand);

  /** Replaces every filter at once (a saved view): what the view does not name goes back to its default. */
  const applyFilters = useCallback(
    (saved: Partial<Record<keyof AccountFilters, string>>) => {
      const next = new URLSearchParams();
      for (const [key, value] of Object.entries(saved)) if (value) next.set(key, value);
      setSearchParams(next);
    },
    [setSearchParams],
  );

  return { filters, setFilters, applyFilters, hasActiveFilters };
}
