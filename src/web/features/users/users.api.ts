import { api, type List } from '../../lib/api.js';
import type { ApiSchema } from '../../lib/api-types.js';
import { useResource } from '../../lib/use-resource.js';

export type User = ApiSchema<'Member'>;

export function fetchUsers(signal?: AbortSignal): Promise<List<User>> {
  return api<List<User>>('/api/users', { signal });
}

/** Workspace members, sorted by name, for owner pickers and filters. */
export function useUsers() {
  const { data, error, loading } = useResource(async (signal) => {
    const { data: users } = await fetchUsers(signal);
    return [...users].sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
  }, []);
  return { users: data ?? [], error, loading };
}
