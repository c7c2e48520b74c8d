import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/**
 * All SQL on the usage_* tables (migration 0006). `events` belongs to src/ingest and is
 * only read here: a rollup is a recomputation of raw events, never an increment.
 */

export type AccountDay = { accountId: string; day: string };

// What counts as activity; the triggers in migration 0006 filter on the same list.
const ACTIVITY_TYPES = sql`('track', 'page', 'screen')`;

/**
 * Claims up to `limit` dirty (account, day) pairs for the caller's transaction: rows locked
 * by another worker are skipped, and the claim is a delete, so a pair marked again while
 * this transaction runs (its insert waits for our commit) is recomputed by the next run.
 */
export async function claimDirtyDays(db: Conn, limit: number): Promise<Array<AccountDay & { workspaceId: string }>> {
  const { rows } = await sql<{ account_id: string; day: string; workspace_id: string }>`
    delete from usage_dirty_days d
    where (d.account_id, d.day) in (
      select account_id, day from usage_dirty_days order by marked_at limit ${limit} for update skip locked)
    returning d.account_id, d.day, d.workspace_id`.execute(db);
  return rows.map((row) => ({ accountId: row.account_id, day: row.day, workspaceId: row.workspace_id }));
}

/**
 * Claims up to `limit` user keys an alias change made stale (see migration 0010), the same
 * way claimDirtyDays claims days: a delete in the caller's transaction, skipping locked rows.
 */
export async function claimDirtyUsers(db: Conn, limit: number): Promise<Array<{ workspaceId: string; userKey: string }>> {
  const { rows } = await sql<{ workspace_id: string; user_key: string }>`
    delete from usage_dirty_users d
    where (d.workspace_id, d.user_key) in (
      select workspace_id, user_key from usage_dirty_users order by marked_at limit ${limit} for update skip locked)
    returning d.workspace_id, d.user_key`.execute(db);
  return rows.map((row) => ({ workspaceId: row.workspace_id, userKey: row.user_key }));
}

/**
 * Marks every (account, day) rolled up under one of these user keys dirty. The caller holds
 * the workspaces' rollup locks, so a recomputation that ran with the old aliases has
 * committed its rows and they are seen here.
 */
export async function markDaysOfUsers(db: Conn, users: Array<{ workspaceId: string; userKey: string }>): Promise<void> {
  await sql`
    insert into usage_dirty_days (account_id, day, workspace_id)
    select distinct d.account_id, d.day, d.workspace_id
    from unnest(${users.map((user) => user.workspaceId)}::uuid[], ${users.map((user) => user.userKey)}::text[]) as u(workspace_id, user_key)
    join usage_user_days d on d.workspace_id = u.workspace_id and d.user_key = u.user_key
    on conflict do nothing`.execute(db);
}

/** Drops a workspace's marks (days and aliased users): a rebuild that starts afterwards recomputes every day they name. */
export async function clearWorkspaceDirtyDays(db: Conn, workspaceId: string): Promise<void> {
  await db.deleteFrom('usage_dirty_days').where('workspace_id', '=', workspaceId).execute();
  await db.deleteFrom('usage_dirty_users').where('workspace_id', '=', workspaceId).execute();
}

export async function countDirtyDays(db: Conn): Promise<number> {
  const row = await db.selectFrom('usage_dirty_days').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Serialises rollup writes per workspace (the worker of every process and a rebuild), so two
 * recomputations of one account-day never interleave their delete and insert. Sorted, so
 * two transactions taking several workspaces cannot deadlock.
 */
export async function lockWorkspaceRollups(db: Conn, workspaceIds: string[]): Promise<void> {
  for (const workspaceId of [...new Set(workspaceIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`usage:${workspaceId}`}, 0))`.execute(db);
  }
}

/** The scope a recomputation covers: given pairs (incremental), or every day of some accounts (rebuild). */
export type RollupScope = { days: AccountDay[] } | { accountIds: string[] };

/**
 * The activity rows a recomputation aggregates. Given pairs, each day's events are read by an
 * index range on events_account_time_idx; for whole accounts (a rebuild) one index scan per
 * account reads them all at once, which is several times cheaper than finding the account's
 * distinct days first and joining back per day.
 */
function scopeActivity(scope: RollupScope): RawBuilder<unknown> {
  // The end of the key's alias chain, up to four links: usage_resolve_user_key (migration 0010) inlined.
  const columns = sql`e.workspace_id, e.account_id,
    coalesce(a4.user_key, a3.user_key, a2.user_key, a1.user_key, coalesce(e.user_id, e.anonymous_id)) as user_key,
    e.contact_id, case when e.type = 'track' then e.event end as feature, e.timestamp`;
  const aliases = sql`left join user_aliases a1 on a1.workspace_id = e.workspace_id and a1.alias_id = coalesce(e.user_id, e.anonymous_id)
    left join user_aliases a2 on a2.workspace_id = e.workspace_id and a2.alias_id = a1.user_key
    left join user_aliases a3 on a3.workspace_id = e.workspace_id and a3.alias_id = a2.user_key
    left join user_aliases a4 on a4.workspace_id = e.workspace_id and a4.alias_id = a3.user_key`;
  if ('accountIds' in scope) {
    return sql`select ${columns}, (e.timestamp at time zone 'UTC')::date as day from events e ${aliases}
      where e.account_id = any(${scope.accountIds}::uuid[]) and e.type in ${ACTIVITY_TYPES}`;
  }
  return sql`select ${columns}, p.day
    from unnest(${scope.days.map((d) => d.accountId)}::uuid[], ${scope.days.map((d) => d.day)}::date[]) as p(account_id, day)
    join events e on e.account_id = p.account_id
      and e.timestamp >= (p.day::timestamp at time zone 'UTC')
      and e.timestamp < ((p.day + 1)::timestamp at time zone 'UTC')
    ${aliases}
    where e.type in ${ACTIVITY_TYPES}`;
}

function scopeFilter(table: 'usage_account_days' | 'usage_user_days', scope: RollupScope): RawBuilder<unknown> {
  const target = sql.table(table);
  if ('accountIds' in scope) return sql`delete from ${target} where account_id = any(${scope.accountIds}::uuid[])`;
  return sql`delete from ${target} t using unnest(${scope.days.map((d) => d.accountId)}::uuid[], ${scope.days.map((d) => d.day)}::date[]) as p(account_id, day)
    where t.account_id = p.account_id and t.day = p.day`;
}

/**
 * Recomputes the account and user rollups of `scope` from raw events, in the caller's
 * transaction: the scope's rows are deleted, then one statement reads the events once
 * (see scopeActivity) and writes both tables and the feature list.
 */
export async function recomputeRollups(db: Conn, scope: RollupScope): Promise<{ accountDays: number }> {
  await scopeFilter('usage_user_days', scope).execute(db);
  await scopeFilter('usage_account_days', scope).execute(db);
  const { rows } = await sql<{ n: number }>`
    with activity as materialized (${scopeActivity(scope)}),
    user_rows as (
      insert into usage_user_days (account_id, day, user_key, workspace_id, contact_id, events, features, last_seen_at)
      select account_id, day, user_key, workspace_id, (max(contact_id::text))::uuid, count(*), count(distinct feature), max(timestamp)
      from activity group by account_id, day, user_key, workspace_id
    ),
    feature_counts as (
      select account_id, day, jsonb_object_agg(feature, n) as counts, count(*) as features
      from (select account_id, day, feature, count(*) as n from activity where feature is not null group by 1, 2, 3) f
      group by account_id, day
    ),
    account_rows as (
      insert into usage_account_days (account_id, day, workspace_id, active_users, events, features, event_counts, last_seen_at)
      select a.account_id, a.day, a.workspace_id, a.active_users, a.events, coalesce(f.features, 0), coalesce(f.counts, '{}'::jsonb), a.last_seen_at
      from (
        select account_id, day, workspace_id, count(distinct user_key) as active_users, count(*) as events, max(timestamp) as last_seen_at
        from activity group by account_id, day, workspace_id
      ) a
      left join feature_counts f on f.account_id = a.account_id and f.day = a.day
      returning workspace_id, day, event_counts
    ),
    feature_rows as (
      insert into usage_features (workspace_id, name, first_seen_day)
      select workspace_id, name, min(day) from account_rows, jsonb_object_keys(event_counts) as name
      group by workspace_id, name
      on conflict (workspace_id, name) do update set first_seen_day = least(usage_features.first_seen_day, excluded.first_seen_day)
    )
    select count(*)::int as n from account_rows`.execute(db);
  return { accountDays: Number(rows[0]?.n ?? 0) };
}

/**
 * The workspace's accounts that have activity or rollups, in id order: what a rebuild walks
 * through (an account whose events all went has stale rows to clear). One pass over the
 * workspace's events, which a rebuild reads in full anyway.
 */
export async function findRollupAccountIds(db: Conn, workspaceId: string): Promise<string[]> {
  const { rows } = await sql<{ account_id: string }>`
    select account_id from events where workspace_id = ${workspaceId} and account_id is not null and type in ${ACTIVITY_TYPES}
    union
    select account_id from usage_account_days where workspace_id = ${workspaceId}
    order by account_id`.execute(db);
  return rows.map((row) => row.account_id);
}

export async function findAccountDays(db: Conn, options: { workspaceId: string; accountId: string; fromDay: string }) {
  return db
    .selectFrom('usage_account_days')
    .select(['day', 'active_users', 'events', 'features', 'event_counts', 'last_seen_at'])
    .where('workspace_id', '=', options.workspaceId)
    .where('account_id', '=', options.accountId)
    .where('day', '>=', options.fromDay)
    .orderBy('day')
    .execute();
}

export async function findLastSeenAt(db: Conn, options: { workspaceId: string; accountId: string }): Promise<Date | null> {
  const row = await db
    .selectFrom('usage_account_days')
    .select('last_seen_at')
    .where('workspace_id', '=', options.workspaceId)
    .where('account_id', '=', options.accountId)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.last_seen_at ?? null;
}

/** Distinct users active on or after each of the given days (7 and 30 days back, say). */
export async function countActiveUsersSince(db: Conn, options: { workspaceId: string; accountId: string; fromDays: string[] }): Promise<number[]> {
  const { rows } = await sql<{ n: number }>`
    select (select count(distinct user_key) from usage_user_days
      where workspace_id = ${options.workspaceId} and account_id = ${options.accountId} and day >= f.day)::int as n
    from unnest(${options.fromDays}::date[]) with ordinality as f(day, position)
    order by f.position`.execute(db);
  return rows.map((row) => Number(row.n));
}

/** Features the account used on or after `fromDay` (distinct track names). */
export async function findAccountFeaturesSince(db: Conn, options: { workspaceId: string; accountId: string; fromDay: string }): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct name from usage_account_days, jsonb_object_keys(event_counts) as name
    where workspace_id = ${options.workspaceId} and account_id = ${options.accountId} and day >= ${options.fromDay}
    order by name`.execute(db);
  return rows.map((row) => row.name);
}

export async function countWorkspaceFeatures(db: Conn, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('usage_features')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Each user of the account: last seen ever, and activity on or after `fromDay`. Latest first. */
export async function findAccountUsers(db: Conn, options: { workspaceId: string; accountId: string; fromDay: string; limit: number }) {
  const { rows } = await sql<{
    user_key: string;
    contact_id: string | null;
    last_seen_at: Date;
    active_days: number;
    events: number;
  }>`
    select user_key, (max(contact_id::text))::uuid as contact_id, max(last_seen_at) as last_seen_at,
      (count(*) filter (where day >= ${options.fromDay}))::int as active_days,
      (coalesce(sum(events) filter (where day >= ${options.fromDay}), 0))::int as events
    from usage_user_days
    where workspace_id = ${options.workspaceId} and account_id = ${options.accountId}
    group by user_key
    order by max(last_seen_at) desc, user_key
    limit ${options.limit}`.execute(db);
  return rows;
}

/** Every rollup row of a workspace in a stable order, so tests can compare incremental and rebuilt results. */
export async function findWorkspaceRollups(db: Conn, workspaceId: string) {
  const accountDays = await db
    .selectFrom('usage_account_days')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('account_id')
    .orderBy('day')
    .execute();
  const userDays = await db
    .selectFrom('usage_user_days')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('account_id')
    .orderBy('day')
    .orderBy('user_key')
    .execute();
  const features = await db.selectFrom('usage_features').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
  return { accountDays, userDays, features };
}
