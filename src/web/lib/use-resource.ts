import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { isAbortError } from './api.js';

type ResourceState<T> = { data: T | undefined; error: unknown; loading: boolean };

/** Loads data when `deps` change, cancels stale requests, and lets callers patch the result locally. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<ResourceState<T>>({ data: undefined, error: undefined, loading: true });
  const [reloadCount, setReloadCount] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, error: undefined, loading: true }));
    load(controller.signal).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: unknown) => {
        if (!isAbortError(error)) setState((previous) => ({ ...previous, error, loading: false }));
      },
    );
    return () => controller.abort();
    // The caller owns the dependency list (like useEffect), so `load` itself is not one.
  }, [...deps, reloadCount]);

  const reload = useCallback(() => setReloadCount((count) => count + 1), []);
  const update = useCallback((change: (current: T | undefined) => T | undefined) => {
    setState((previous) => ({ ...previous, data: change(previous.data) }));
  }, []);

  return { ...state, reload, update };
}
