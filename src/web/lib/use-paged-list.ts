import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { isAbortError } from './api.js';

/** `totalIsLowerBound`: there are more than `total` (a search counts up to a cap). */
export type PageResult<T> = { data: T[]; nextCursor: string | null; total?: number; totalIsLowerBound?: boolean };

type PagedState<T> = {
  items: T[];
  nextCursor: string | null;
  total: number | undefined;
  totalIsLowerBound: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
};

const initialState = {
  items: [],
  nextCursor: null,
  total: undefined,
  totalIsLowerBound: false,
  loading: true,
  loadingMore: false,
  error: undefined,
};

/** Cursor-paged list: the first page reloads when `deps` change, later pages are appended by `loadMore`. */
export function usePagedList<T>(
  loadPage: (cursor: string | null, signal: AbortSignal) => Promise<PageResult<T>>,
  deps: DependencyList,
) {
  const [state, setState] = useState<PagedState<T>>(initialState);
  // `loadMore` must page with the latest closure (current filters), not the one from its first render.
  const loadPageRef = useRef(loadPage);
  useEffect(() => {
    loadPageRef.current = loadPage;
  });
  const moreController = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    moreController.current?.abort();
    setState((previous) => ({ ...previous, loading: true, loadingMore: false, error: undefined }));
    loadPage(null, controller.signal).then(
      (page) =>
        setState({
          items: page.data,
          nextCursor: page.nextCursor,
          total: page.total,
          totalIsLowerBound: page.totalIsLowerBound ?? false,
          loading: false,
          loadingMore: false,
          error: undefined,
        }),
      (error: unknown) => {
        if (!isAbortError(error)) setState((previous) => ({ ...previous, loading: false, error }));
      },
    );
    return () => controller.abort();
    // The caller owns the dependency list (like useEffect), so `loadPage` itself is not one.
  }, deps);

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (!cursor || state.loadingMore) return;
    const controller = new AbortController();
    moreController.current = controller;
    setState((previous) => ({ ...previous, loadingMore: true, error: undefined }));
    loadPageRef.current(cursor, controller.signal).then(
      (page) =>
        setState((previous) => ({
          ...previous,
          items: [...previous.items, ...page.data],
          nextCursor: page.nextCursor,
          total: page.total ?? previous.total,
          totalIsLowerBound: page.totalIsLowerBound ?? previous.totalIsLowerBound,
          loadingMore: false,
        })),
      (error: unknown) => {
        if (!isAbortError(error)) setState((previous) => ({ ...previous, loadingMore: false, error }));
      },
    );
  }, [state.nextCursor, state.loadingMore]);

  const updateItems = useCallback((change: (items: T[]) => T[]) => {
    setState((previous) => ({ ...previous, items: change(previous.items) }));
  }, []);

  useEffect(() => () => moreController.current?.abort(), []);

  return { ...state, hasMore: state.nextCursor !== null, loadMore, updateItems };
}
