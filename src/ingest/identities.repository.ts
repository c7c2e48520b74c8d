import { sql, type Kysely } from 'kysely';
import type { ContactWritten, Database } from '../db/schema.js';
import type { IdentityPlan } from './plan-identities.js';

type Conn = Kysely<Database>;

/**
 * user_links, group_links and user_aliases, plus the two lookups identity resolution makes
 * outside this module's tables (read-only): accounts by external id or domain, contacts
 * by email. Writes to contacts go through contacts/index.ts (see sync-contacts.ts).
 */

export async function upsertAliases(db: Conn, workspaceId: string, aliases: IdentityPlan['aliases']): Promise<void> {
  if (aliases.length === 0) return;
  await db
    .insertInto('user_aliases')
    .values(aliases.map((alias) => ({ workspace_id: workspaceId, alias_id: alias.aliasId, user_key: alias.userKey })))
    .onConflict((oc) => oc.columns(['workspace_id', 'alias_id']).doUpdateSet({ user_key: sql`excluded.user_key` }))
    .execute();
}

/** The groups as stored before this request changes them. */
export async function findGroupLinks(db: Conn, workspaceId: string, groupIds: string[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('group_links')
    .select(['group_id', 'account_id', 'domain'])
    .where('workspace_id', '=', workspaceId)
    .where('group_id', 'in', groupIds)
    .execute();
}

/** Creates or refreshes the groups of a request; returns each with its account, if known. */
export async function upsertGroupLinks(db: Conn, workspaceId: string, groups: IdentityPlan['groups']) {
  if (groups.length === 0) return [];
  return db
    .insertInto('group_links')
    .values(
      groups.map((group) => ({
        workspace_id: workspaceId,
        group_id: group.groupId,
        name: group.name,
        domain: group.domain,
        traits: JSON.stringify(group.traits),
        first_seen_at: group.seenAt,
        last_seen_at: group.seenAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'group_id']).doUpdateSet({
        name: sql`coalesce(excluded.name, group_links.name)`,
        domain: sql`coalesce(excluded.domain, group_links.domain)`,
        traits: sql`group_links.traits || excluded.traits`,
        last_seen_at: sql`greatest(group_links.last_seen_at, excluded.last_seen_at)`,
      }),
    )
    .returning(['group_id', 'account_id', 'domain'])
    .execute();
}

/**
 * The account each group is, best match first as ingest_group_match_rank (migration 0003)
 * ranks them: the "segment" external id, another external id, then the domain; ties go to
 * the oldest account. One statement for all the groups, with the rules as hash joins (as
 * the trigger on accounts applies them), so it reads the workspace's accounts once however
 * many groups are new. Runs for new groups (or new domains) only; accounts that appear
 * later find their groups through the trigger on accounts.
 */
export async function findAccountsForGroups(
  db: Conn,
  workspaceId: string,
  groups: { groupId: string; domain: string | null }[],
): Promise<{ group_id: string; account_id: string }[]> {
  if (groups.length === 0) return [];
  const { rows } = await sql<{ group_id: string; account_id: string }>`
    with wanted as (
      select * from unnest(${groups.map((g) => g.groupId)}::text[], ${groups.map((g) => g.domain)}::text[]) as w(group_id, domain)
    ),
    candidates as materialized (
      select id, external_ids, domain, created_at from accounts where workspace_id = ${workspaceId}
    ),
    matches as (
      select w.group_id, a.id, a.created_at, case when ids.system = 'segment' then 1 else 2 end as rank
      from candidates a
      cross join lateral jsonb_each_text(a.external_ids) as ids(system, value)
      join wanted w on w.group_id = ids.value
      union all
      select w.group_id, a.id, a.created_at, 3
      from candidates a join wanted w on w.domain = ingest_host(a.domain)
    )
    select distinct on (group_id) group_id, id as account_id
    from matches order by group_id, rank, created_at, id`.execute(db);
  return rows;
}

/** Links groups to their accounts and attaches the waiting events of each group and its users. */
export async function linkGroupsToAccounts(db: Conn, workspaceId: string, links: { group_id: string; account_id: string }[]) {
  if (links.length === 0) return;
  await sql`
    select ingest_link_group(${workspaceId}::uuid, l.group_id, l.account_id)
    from unnest(${links.map((l) => l.group_id)}::text[], ${links.map((l) => l.account_id)}::uuid[]) as l(group_id, account_id)`.execute(db);
}

/**
 * Gives the users' unmatched events (under each user's key or any alias of it) the user's
 * account, in one statement for the whole request, as ingest_attach_user_events (migration
 * 0003) does for one user. An id that two of the users claim goes to the one listed first.
 */
export async function attachUsersEvents(db: Conn, workspaceId: string, userKeys: string[]): Promise<void> {
  if (userKeys.length === 0) return;
  await sql`
    update events e set account_id = m.account_id, contact_id = coalesce(e.contact_id, m.contact_id)
    from (
      select distinct on (ids.id) ids.id, l.account_id, l.contact_id
      from unnest(${userKeys}::text[]) with ordinality as k(user_key, position)
      join user_links l on l.workspace_id = ${workspaceId} and l.user_key = k.user_key and l.account_id is not null
      cross join lateral unnest(ingest_user_ids(${workspaceId}, k.user_key)) as ids(id)
      order by ids.id, k.position
    ) m
    where e.workspace_id = ${workspaceId} and e.account_id is null and coalesce(e.user_id, e.anonymous_id) = m.id`.execute(db);
}

/** Locks the users' links for the rest of the transaction, so concurrent merges of traits do not lose one. */
export async function findUserLinksForUpdate(db: Conn, workspaceId: string, userKeys: string[]) {
  if (userKeys.length === 0) return [];
  return db
    .selectFrom('user_links')
    .select(['user_key', 'account_id', 'contact_id'])
    .where('workspace_id', '=', workspaceId)
    .where('user_key', 'in', userKeys)
    .orderBy('user_key')
    .forUpdate()
    .execute();
}

export type UserLinkWrite = {
  userKey: string;
  groupId: string | null;
  accountId: string | null;
  contactId: string | null;
  email: string | null;
  traits: Record<string, unknown>;
  seenAt: Date;
};

export async function upsertUserLinks(db: Conn, workspaceId: string, links: UserLinkWrite[]): Promise<void> {
  if (links.length === 0) return;
  await db
    .insertInto('user_links')
    .values(
      links.map((link) => ({
        workspace_id: workspaceId,
        user_key: link.userKey,
        group_id: link.groupId,
        account_id: link.accountId,
        contact_id: link.contactId,
        email: link.email,
        traits: JSON.stringify(link.traits),
        first_seen_at: link.seenAt,
        last_seen_at: link.seenAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'user_key']).doUpdateSet({
        group_id: sql`coalesce(excluded.group_id, user_links.group_id)`,
        account_id: sql`excluded.account_id`,
        contact_id: sql`excluded.contact_id`,
        email: sql`coalesce(excluded.email, user_links.email)`,
        traits: sql`user_links.traits || excluded.traits`,
        last_seen_at: sql`greatest(user_links.last_seen_at, excluded.last_seen_at)`,
      }),
    )
    .execute();
}

/** Links of the users behind events: each key (userId/anonymousId, or an alias of one) with its user's account and contact. */
export async function findLinksByKeys(db: Conn, workspaceId: string, keys: string[]) {
  if (keys.length === 0) return [];
  const { rows } = await sql<{ key: string; account_id: string | null; contact_id: string | null }>`
    select k.key, l.account_id, l.contact_id
    from unnest(${keys}::text[]) as k(key)
    left join user_aliases a on a.workspace_id = ${workspaceId} and a.alias_id = k.key
    join user_links l on l.workspace_id = ${workspaceId} and l.user_key = coalesce(a.user_key, k.key)`.execute(db);
  return rows;
}

export async function findGroupAccounts(db: Conn, workspaceId: string, groupIds: string[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('group_links')
    .select(['group_id', 'account_id'])
    .where('workspace_id', '=', workspaceId)
    .where('group_id', 'in', groupIds)
    .where('account_id', 'is not', null)
    .execute();
}

/** Contacts with these emails (lower case), oldest first, through contacts_email_idx. */
export async function findContactsByEmail(db: Conn, workspaceId: string, emails: string[]) {
  if (emails.length === 0) return [];
  return db
    .selectFrom('contacts')
    .select(['id', 'account_id', sql<string>`lower(email)`.as('email')])
    .where('workspace_id', '=', workspaceId)
    .where(sql`lower(email)`, 'in', emails)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The links contact sync works from; only users with an account can have a contact. */
export async function findLinkedUsers(db: Conn, workspaceId: string, userKeys: string[]) {
  if (userKeys.length === 0) return [];
  return db
    .selectFrom('user_links')
    .select(['user_key', 'account_id', 'contact_id', 'traits', 'contact_written'])
    .where('workspace_id', '=', workspaceId)
    .where('user_key', 'in', userKeys)
    .where('account_id', 'is not', null)
    .orderBy('user_key')
    .execute();
}

/**
 * Users of these accounts who were identified by a trusted source (only those calls keep
 * traits) and have no contact yet: they arrived before their account did.
 */
export async function findIdentifiedUsersWithoutContact(db: Conn, workspaceId: string, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('user_links')
    .select('user_key')
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', accountIds)
    .where('contact_id', 'is', null)
    .where(sql<boolean>`traits <> '{}'::jsonb`)
    .orderBy('user_key')
    .execute();
  return rows.map((row) => row.user_key);
}

/**
 * Of these users, the ones that still have an account but no contact, locked until the
 * transaction ends: a concurrent sync waits, then finds their contacts and skips them.
 * In user_key order, so two syncs lock in the same order.
 */
export async function lockUsersWithoutContact(db: Conn, workspaceId: string, userKeys: string[]) {
  if (userKeys.length === 0) return [];
  return db
    .selectFrom('user_links')
    .select(['user_key', 'account_id', 'traits'])
    .where('workspace_id', '=', workspaceId)
    .where('user_key', 'in', userKeys)
    .where('account_id', 'is not', null)
    .where('contact_id', 'is', null)
    .orderBy('user_key')
    .forUpdate()
    .execute();
}

/** Records each user's new contact and what ingestion wrote to it (the caller holds the users' locks). */
export async function setUserContacts(
  db: Conn,
  workspaceId: string,
  contacts: { userKey: string; contactId: string; written: ContactWritten }[],
) {
  if (contacts.length === 0) return;
  await sql`
    update user_links l set contact_id = c.contact_id, contact_written = c.written
    from unnest(
      ${contacts.map((c) => c.userKey)}::text[],
      ${contacts.map((c) => c.contactId)}::uuid[],
      ${contacts.map((c) => JSON.stringify(c.written))}::jsonb[]
    ) as c(user_key, contact_id, written)
    where l.workspace_id = ${workspaceId} and l.user_key = c.user_key`.execute(db);
}

/**
 * Gives the users' events that reached their account before the contact existed (an
 * identify and the user's track calls in one batch: the contact is made after the commit)
 * the user's contact, so usage lists the person whichever order the facts arrived in.
 * Events under any alias of the user count; an event of another account keeps none.
 */
export async function attachContactToUserEvents(db: Conn, workspaceId: string, userKeys: string[]): Promise<void> {
  if (userKeys.length === 0) return;
  await sql`
    update events e set contact_id = m.contact_id
    from (
      select ids.id, l.account_id, l.contact_id
      from user_links l
      cross join lateral unnest(ingest_user_ids(${workspaceId}, l.user_key)) as ids(id)
      where l.workspace_id = ${workspaceId} and l.user_key = any(${userKeys}::text[]) and l.contact_id is not null
    ) m
    where e.workspace_id = ${workspaceId} and e.contact_id is null and e.account_id = m.account_id
      and coalesce(e.user_id, e.anonymous_id) = m.id`.execute(db);
}

/** Keeps what ingestion last wrote to the contact it created for this user. */
export async function setUserContactWritten(db: Conn, options: { workspaceId: string; userKey: string; written: ContactWritten }) {
  await db
    .updateTable('user_links')
    .set({ contact_written: JSON.stringify(options.written) })
    .where('workspace_id', '=', options.workspaceId)
    .where('user_key', '=', options.userKey)
    .execute();
}

/** Records the user's new contact unless another request recorded one first; true when this one won. */
export async function setUserContactIfUnset(
  db: Conn,
  options: { workspaceId: string; userKey: string; contactId: string; written: ContactWritten },
) {
  const row = await db
    .updateTable('user_links')
    .set({ contact_id: options.contactId, contact_written: JSON.stringify(options.written) })
    .where('workspace_id', '=', options.workspaceId)
    .where('user_key', '=', options.userKey)
    .where('contact_id', 'is', null)
    .returning('user_key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Groups whose account the caller already knows (bulk loaders), linked without a search. */
export async function insertKnownGroupLinks(
  db: Conn,
  options: { workspaceId: string; groups: Array<{ groupId: string; accountId: string; name: string | null; domain: string | null; seenAt: Date }> },
): Promise<void> {
  if (options.groups.length === 0) return;
  await db
    .insertInto('group_links')
    .values(
      options.groups.map((group) => ({
        workspace_id: options.workspaceId,
        group_id: group.groupId,
        account_id: group.accountId,
        name: group.name,
        domain: group.domain,
        first_seen_at: group.seenAt,
        last_seen_at: group.seenAt,
      })),
    )
    .onConflict((oc) => oc.columns(['workspace_id', 'group_id']).doUpdateSet({ account_id: sql`excluded.account_id` }))
    .execute();
}
