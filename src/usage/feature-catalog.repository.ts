import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/** Every saved version of the workspace's catalog, oldest first (a workspace saves a handful). */
export async function findCatalogVersions(db: Conn, workspaceId: string) {
  return db
    .selectFrom('product_catalog_versions')
    .select(['version', 'effective_day', 'document', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('version')
    .execute();
}

export async function insertCatalogVersion(
  db: Conn,
  values: { workspaceId: string; version: number; effectiveDay: string; document: unknown; createdBy: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('product_catalog_versions')
    .values({
      workspace_id: values.workspaceId,
      version: values.version,
      effective_day: values.effectiveDay,
      document: JSON.stringify(values.document),
      created_by: values.createdBy,
      created_at: values.now,
    })
    .execute();
}

/**
 * Every track event name the workspace received on an account, with its first day, the
 * accounts that used it and its count since `sinceDay`: the catalog screen's raw material.
 */
export async function findEventNameUse(db: Conn, options: { workspaceId: string; sinceDay: string }) {
  const { rows } = await sql<{ name: string; first_seen_day: string; accounts: number; events: number }>`
    select f.name, f.first_seen_day::text as first_seen_day,
      coalesce(u.accounts, 0)::int as accounts, coalesce(u.events, 0)::bigint as events
    from usage_features f
    left join (
      select e.key as name, count(distinct d.account_id) as accounts, sum(e.value::bigint) as events
      from usage_account_days d, jsonb_each_text(d.event_counts) as e
      where d.workspace_id = ${options.workspaceId} and d.day >= ${options.sinceDay}
      group by e.key
    ) u on u.name = f.name
    where f.workspace_id = ${options.workspaceId}
    order by f.name`.execute(db);
  return rows.map((row) => ({ ...row, accounts: Number(row.accounts), events: Number(row.events) }));
}

/** Accounts with any activity since `sinceDay`, and for each the event names they used: adoption's denominator and numerators. */
export async function findAccountEventNamesSince(db: Conn, options: { workspaceId: string; sinceDay: string }) {
  const { rows } = await sql<{ account_id: string; names: string[] }>`
    select d.account_id, coalesce(array_agg(distinct e.name) filter (where e.name is not null), '{}') as names
    from usage_account_days d
    left join lateral jsonb_object_keys(d.event_counts) as e(name) on true
    where d.workspace_id = ${options.workspaceId} and d.day >= ${options.sinceDay}
    group by d.account_id`.execute(db);
  return rows;
}
