import { api, withQuery, type List, type Page } from '../../lib/api.js';
import type {
  Account,
  AccountFilters,
  ArrMovement,
  Contact,
  NewAccount,
  Note,
  Subscription,
  TimelineEntry,
} from './accounts.types.js';

export const ACCOUNTS_PAGE_SIZE = 50;
export const TIMELINE_PAGE_SIZE = 25;

export type AccountsPage = Page<Account> & { total: number };

export function listAccounts(filters: AccountFilters, cursor: string | null, signal?: AbortSignal) {
  return api<AccountsPage>(withQuery('/api/accounts', { ...filters, limit: ACCOUNTS_PAGE_SIZE, cursor }), { signal });
}

export function getAccount(id: string, signal?: AbortSignal) {
  return api<Account>(`/api/accounts/${encodeURIComponent(id)}`, { signal });
}

export function createAccount(account: NewAccount) {
  return api<Account>('/api/accounts', { method: 'POST', body: account });
}

export function listContacts(accountId: string, signal?: AbortSignal) {
  return api<List<Contact>>(`/api/accounts/${encodeURIComponent(accountId)}/contacts`, { signal });
}

export function listSubscriptions(accountId: string, signal?: AbortSignal) {
  return api<List<Subscription>>(`/api/accounts/${encodeURIComponent(accountId)}/subscriptions`, { signal });
}

export function listArrMovements(accountId: string, signal?: AbortSignal) {
  return api<List<ArrMovement>>(`/api/accounts/${encodeURIComponent(accountId)}/arr-movements`, { signal });
}

export function listTimeline(accountId: string, cursor: string | null, signal?: AbortSignal) {
  const path = withQuery(`/api/accounts/${encodeURIComponent(accountId)}/timeline`, {
    limit: TIMELINE_PAGE_SIZE,
    cursor,
  });
  return api<Page<TimelineEntry>>(path, { signal });
}

export function listNotes(accountId: string, signal?: AbortSignal) {
  return api<List<Note>>(`/api/accounts/${encodeURIComponent(accountId)}/notes`, { signal });
}

export function createNote(accountId: string, body: string) {
  return api<Note>(`/api/accounts/${encodeURIComponent(accountId)}/notes`, { method: 'POST', body: { body } });
}
