import { api, withQuery, type List, type Page } from '../../lib/api.js';
import type {
  Account,
  AccountChanges,
  AccountFilters,
  AccountForViewer,
  AccountTotals,
  ArrMovement,
  Contact,
  NewAccount,
  Interaction,
  NewContact,
  NewInteraction,
  NewSignal,
  Note,
  Signal,
  SavedView,
  Subscription,
  TimelineEntry,
} from './accounts.types.js';

export const ACCOUNTS_PAGE_SIZE = 50;
export const TIMELINE_PAGE_SIZE = 25;

export type AccountsPage = Page<Account> & { total: number; totalIsLowerBound: boolean; totals: AccountTotals };

export function listAccounts(filters: AccountFilters, cursor: string | null, signal?: AbortSignal) {
  return api<AccountsPage>(withQuery('/api/accounts', { ...filters, limit: ACCOUNTS_PAGE_SIZE, cursor }), { signal });
}

/** The CSV export of every account these filters match (the browser downloads it with the session cookie). */
export function accountsCsvUrl(filters: AccountFilters): string {
  return withQuery('/api/accounts.csv', { ...filters });
}

export function listSavedViews(signal?: AbortSignal) {
  return api<List<SavedView>>('/api/saved-views', { signal });
}

export function createSavedView(name: string, filters: SavedView['filters']) {
  return api<SavedView>('/api/saved-views', { method: 'POST', body: { name, filters } });
}

export function deleteSavedView(id: string) {
  return api<void>(`/api/saved-views/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function getAccount(id: string, signal?: AbortSignal) {
  return api<AccountForViewer>(`/api/accounts/${encodeURIComponent(id)}`, { signal });
}

export function updateAccount(id: string, changes: AccountChanges) {
  return api<Account>(`/api/accounts/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
}

export function createAccount(account: NewAccount) {
  return api<Account>('/api/accounts', { method: 'POST', body: account });
}

export function listContacts(accountId: string, signal?: AbortSignal) {
  return api<List<Contact>>(`/api/accounts/${encodeURIComponent(accountId)}/contacts`, { signal });
}

export function createContact(accountId: string, contact: NewContact) {
  return api<Contact>(`/api/accounts/${encodeURIComponent(accountId)}/contacts`, { method: 'POST', body: contact });
}

export function updateContact(contactId: string, changes: Partial<Pick<Contact, 'status' | 'role' | 'title' | 'expertise'>>) {
  return api<Contact>(`/api/contacts/${encodeURIComponent(contactId)}`, { method: 'PATCH', body: changes });
}

export function listSubscriptions(accountId: string, signal?: AbortSignal) {
  return api<List<Subscription>>(`/api/accounts/${encodeURIComponent(accountId)}/subscriptions`, { signal });
}

export function listArrMovements(accountId: string, signal?: AbortSignal) {
  return api<List<ArrMovement>>(`/api/accounts/${encodeURIComponent(accountId)}/arr-movements`, { signal });
}

/** `team`: one team's part of the thread; empty for all of it. */
export function listTimeline(accountId: string, team: string, cursor: string | null, signal?: AbortSignal) {
  const path = withQuery(`/api/accounts/${encodeURIComponent(accountId)}/timeline`, {
    limit: TIMELINE_PAGE_SIZE,
    team,
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

export function updateNote(noteId: string, body: string) {
  return api<Note>(`/api/notes/${encodeURIComponent(noteId)}`, { method: 'PATCH', body: { body } });
}

export function deleteNote(noteId: string) {
  return api<void>(`/api/notes/${encodeURIComponent(noteId)}`, { method: 'DELETE' });
}

export function recordSignal(signal: NewSignal) {
  return api<Signal>('/api/signals', { method: 'POST', body: signal });
}

/** A meeting, call or email with the account; it goes on the timeline with its sentiment as tone. */
export function logInteraction(accountId: string, interaction: NewInteraction) {
  return api<Interaction>(`/api/accounts/${encodeURIComponent(accountId)}/interactions`, { method: 'POST', body: interaction });
}
