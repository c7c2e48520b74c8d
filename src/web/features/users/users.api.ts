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

export type Invitation = ApiSchema<'Invitation'>;
export type CreatedInvitation = Invitation & { link: string | null };
export type ReceivedInvitation = ApiSchema<'ReceivedInvitation'>;
type Session = ApiSchema<'Session'>;

export function listInvitations(signal?: AbortSignal): Promise<List<Invitation>> {
  return api<List<Invitation>>('/api/invitations', { signal });
}

export function createInvitation(body: { email: string; name: string; role: Invitation['role'] }): Promise<CreatedInvitation> {
  return api<CreatedInvitation>('/api/invitations', { method: 'POST', body });
}

export function revokeInvitation(id: string): Promise<void> {
  return api<void>(`/api/invitations/${id}`, { method: 'DELETE' });
}

export function listMyInvitations(signal?: AbortSignal): Promise<{ emailConfirmed: boolean; data: ReceivedInvitation[] }> {
  return api('/api/me/invitations', { signal });
}

export function declineMyInvitation(id: string): Promise<void> {
  return api<void>(`/api/me/invitations/${id}/decline`, { method: 'POST' });
}

/** Accepting moves the session to the workspace joined; the answer is the new session. */
export function acceptMyInvitation(by: { id: string } | { token: string }): Promise<Session> {
  return 'id' in by
    ? api<Session>(`/api/me/invitations/${by.id}/accept`, { method: 'POST' })
    : api<Session>('/api/me/invitations/accept', { method: 'POST', body: { token: by.token } });
}

export function previewInvitation(token: string, signal?: AbortSignal): Promise<ReceivedInvitation> {
  return api<ReceivedInvitation>('/api/invitations/preview', { method: 'POST', body: { token }, signal, skipUnauthorizedHandler: true });
}

export function acceptInvitationWithPassword(token: string, password: string): Promise<Session> {
  return api<Session>('/api/invitations/accept', { method: 'POST', body: { token, password }, skipUnauthorizedHandler: true });
}
