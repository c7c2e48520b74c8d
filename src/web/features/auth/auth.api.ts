import { api } from '../../lib/api.js';
import type { Session } from './auth.types.js';

export function fetchSession(signal?: AbortSignal): Promise<Session> {
  return api<Session>('/api/auth/me', { signal, skipUnauthorizedHandler: true });
}

export function login(email: string, password: string): Promise<Session> {
  return api<Session>('/api/auth/login', {
    method: 'POST',
    body: { email, password },
    skipUnauthorizedHandler: true,
  });
}

export function logout(): Promise<void> {
  return api<void>('/api/auth/logout', { method: 'POST', skipUnauthorizedHandler: true });
}

/** Admins: view the product as a member of the workspace, read-only, until `stopViewingAs`. */
export function viewAs(userId: string): Promise<Session> {
  return api<Session>('/api/auth/view-as', { method: 'POST', body: { userId } });
}

export function stopViewingAs(): Promise<Session> {
  return api<Session>('/api/auth/view-as/stop', { method: 'POST' });
}
