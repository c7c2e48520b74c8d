import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { NewDomainEvent } from '../domain-events/index.js';
import { insertEvents, type EventRow } from './events.repository.js';
import {
  attachUsersEvents,
  findAccountsForGroups,
  findContactsByEmail,
  findGroupAccounts,
  findGroupLinks,
  findLinksByKeys,
  findUserLinksForUpdate,
  linkGroupsToAccounts,
  upsertAliases,
  upsertGroupLinks,
  upsertUserLinks,
  type UserLinkWrite,
} from './identities.repository.js';
import type { IngestEvent, SourceRef } from './ingest.types.js';
import { planIdentities, userKeyOf, type IdentityPlan } from './plan-identities.js';
import { addSourceStats } from './sources.repository.js';

type Conn = Kysely<Database>;

export type StoreEventsOptions = {
  source: SourceRef;
  events: IngestEvent[];
  receivedAt: Date;
};

export type StoreEventsResult = {
  received: number;
  accepted: number;
  duplicates: number;
  /** Of the accepted events, how many have no account yet. */
  unmatched: number;
  /** Users whose identify/group calls may create or change a contact (done after commit); none from an untrusted source. */
  identifiedUserKeys: string[];
  groupedUserKeys: string[];
  /** The accepted events that belong to an account, per account: for `usage.events_ingested`. */
  ingested: AccountIngest[];
};

export type AccountIngest = { workspaceId: string; accountId: string; events: number; days: string[] };

/**
 * One `usage.events_ingested` per account for a whole batch, however many storeEvents calls
 * (sources, days) it took.
 */
export function eventsIngestedPerAccount(parts: AccountIngest[]): NewDomainEvent[] {
  const merged = new Map<string, { workspaceId: string; accountId: string; events: number; days: Set<string> }>();
  for (const part of parts) {
    const entry = merged.get(part.accountId) ?? { workspaceId: part.workspaceId, accountId: part.accountId, events: 0, days: new Set<string>() };
    entry.events += part.events;
    part.days.forEach((day) => entry.days.add(day));
    merged.set(part.accountId, entry);
  }
  return [...merged.values()].map((entry) => ({
    type: 'usage.events_ingested',
    workspaceId: entry.workspaceId,
    accountId: entry.accountId,
    payload: { events: entry.events, days: [...entry.days].sort() },
  }));
}

const unique = <T>(values: Array<T | null>): T[] => [...new Set(values.filter((value): value is T => value !== null))];

/**
 * What a call from a source that is not trusted may tell (README, "Security"): who its users
 * and groups are, for usage, but no fact that could move them to an account they name from
 * outside or end up on a contact. A group's domain is dropped, so it matches only a group id
 * the workspace set up as an account's external id (anyone can name another company's
 * website); a user's traits are dropped, so a later trusted call never makes a contact
 * from them. The email stays: it may link the user to the contact that has it, for usage.
 */
export function withoutUntrustedFacts(plan: IdentityPlan): IdentityPlan {
  return {
    aliases: plan.aliases,
    users: plan.users.map((user) => ({ ...user, traits: {} })),
    groups: plan.groups.map((group) => ({ ...group, domain: null })),
  };
}

/**
 * Applies identify/group/alias calls to the identity tables and returns the user keys
 * whose earlier unmatched events must be attached to their (new) account.
 */
async function applyIdentities(trx: Conn, workspaceId: string, plan: IdentityPlan): Promise<string[]> {
  await upsertAliases(trx, workspaceId, plan.aliases);
  const known = new Map(
    (await findGroupLinks(trx, workspaceId, plan.groups.map((group) => group.groupId))).map((group) => [group.group_id, group]),
  );
  const groups = await upsertGroupLinks(trx, workspaceId, plan.groups);
  const groupAccount = new Map(groups.map((group) => [group.group_id, group.account_id]));

  const previous = new Map(
    (await findUserLinksForUpdate(trx, workspaceId, plan.users.map((user) => user.userKey))).map((link) => [link.user_key, link]),
  );
  // identify with an email the CRM already knows: the user is that contact (of that account).
  const emails = unique(plan.users.filter((user) => !previous.get(user.userKey)?.contact_id).map((user) => user.email));
  const contactByEmail = new Map<string, { id: string; account_id: string }>();
  for (const contact of await findContactsByEmail(trx, workspaceId, emails)) {
    if (!contactByEmail.has(contact.email)) contactByEmail.set(contact.email, contact);
  }

  const toAttach: string[] = [];
  const writes: UserLinkWrite[] = plan.users.map((user) => {
    const before = previous.get(user.userKey);
    const contact = user.email ? contactByEmail.get(user.email) : undefined;
    // An explicit group call wins; while its group is unmatched the user keeps the account it had.
    const accountId = (user.groupId ? groupAccount.get(user.groupId) : null) ?? before?.account_id ?? contact?.account_id ?? null;
    const contactId = before?.contact_id ?? (contact && contact.account_id === accountId ? contact.id : null);
    if (accountId && !before?.account_id) toAttach.push(user.userKey);
    return {
      userKey: user.userKey,
      groupId: user.groupId,
      accountId,
      contactId,
      email: user.email,
      traits: user.traits,
      seenAt: user.seenAt,
    };
  });
  await upsertUserLinks(trx, workspaceId, writes);

  // A known unmatched group is not searched again: the trigger on accounts matches it
  // when its account appears. A new group, or a new domain for one, is searched now.
  const toSearch = groups.filter((group) => {
    const before = known.get(group.group_id);
    return !group.account_id && !(before && before.domain === group.domain);
  });
  const found = await findAccountsForGroups(
    trx,
    workspaceId,
    toSearch.map((group) => ({ groupId: group.group_id, domain: group.domain })),
  );
  await linkGroupsToAccounts(trx, workspaceId, found);
  // A new alias brings the events sent under it to its user.
  return unique([...toAttach, ...plan.aliases.map((alias) => alias.userKey)]).sort();
}

/**
 * Stores one request's events in the caller's transaction: identity changes first, so
 * the events themselves already carry the account they belong to, then one insert that
 * skips duplicates, then the source's counters.
 */
export async function storeEvents(trx: Conn, options: StoreEventsOptions): Promise<StoreEventsResult> {
  const { source, events, receivedAt } = options;
  const workspaceId = source.workspaceId;
  const trusted = source.kind === 'server';
  const plan = trusted ? planIdentities(events) : withoutUntrustedFacts(planIdentities(events));
  const toAttach = await applyIdentities(trx, workspaceId, plan);

  const links = new Map(
    (await findLinksByKeys(trx, workspaceId, unique(events.map(userKeyOf)))).map((link) => [link.key, link]),
  );
  const groupAccounts = new Map(
    (await findGroupAccounts(trx, workspaceId, unique(events.map((event) => event.groupId)))).map((group) => [group.group_id, group.account_id]),
  );

  // First of each messageId only, in messageId order: concurrent requests with overlapping
  // messages then take the unique-index locks in the same order and cannot deadlock.
  const seen = new Set<string>();
  const rows: EventRow[] = [];
  for (const event of events) {
    if (seen.has(event.messageId)) continue;
    seen.add(event.messageId);
    const link = links.get(userKeyOf(event) ?? '');
    const accountId = (event.groupId ? groupAccounts.get(event.groupId) : null) ?? link?.account_id ?? null;
    rows.push({ ...event, accountId, contactId: link?.account_id === accountId ? (link?.contact_id ?? null) : null });
  }
  rows.sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
  const inserted = new Set(await insertEvents(trx, { workspaceId, sourceId: source.id, rows }));

  await attachUsersEvents(trx, workspaceId, toAttach);

  const perAccount = new Map<string, AccountIngest>();
  for (const row of rows) {
    if (row.accountId === null || !inserted.has(row.messageId)) continue;
    const entry = perAccount.get(row.accountId) ?? { workspaceId, accountId: row.accountId, events: 0, days: [] };
    entry.events += 1;
    const day = row.timestamp.toISOString().slice(0, 10);
    if (!entry.days.includes(day)) entry.days.push(day);
    perAccount.set(row.accountId, entry);
  }

  const accepted = inserted.size;
  const counts = { received: events.length, accepted, duplicates: events.length - accepted };
  await addSourceStats(trx, { sourceId: source.id, workspaceId, receivedAt, ...counts, rejected: 0 });
  return {
    ...counts,
    unmatched: rows.filter((row) => row.accountId === null && inserted.has(row.messageId)).length,
    identifiedUserKeys: trusted ? plan.users.filter((user) => user.isIdentified).map((user) => user.userKey) : [],
    groupedUserKeys: trusted ? plan.users.filter((user) => user.groupId).map((user) => user.userKey) : [],
    ingested: [...perAccount.values()],
  };
}
