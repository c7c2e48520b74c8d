import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IngestEvent } from './ingest.types.js';

type Conn = Kysely<Database>;

export type EventRow = IngestEvent & { accountId: string | null; contactId: string | null };

/**
 * jsonb refuses the NUL character that JSON allows (`\u0000`); such strings lose it rather
 * than failing the whole batch. The replacer only runs for the rare text that has one.
 */
function toJsonb(value: unknown): string {
  const json = JSON.stringify(value);
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'string' ? inner.replaceAll('\u0000', '') : inner));
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * Stores a request's events in one statement, skipping messageIds the source sent before.
 * One array per column through unnest keeps it a single statement of 15 parameters at
 * any batch size (a VALUES list would hit the 65,535-parameter limit and parse slower).
 * Returns the messageIds that were new.
 */
export async function insertEvents(
  db: Conn,
  options: { workspaceId: string; sourceId: string; rows: EventRow[] },
): Promise<string[]> {
  const { rows } = options;
  if (rows.length === 0) return [];
  const column = <T>(pick: (row: EventRow) => T): T[] => rows.map(pick);
  const result = await sql<{ message_id: string }>`
    insert into events (
      workspace_id, source_id, message_id, type, event, user_id, anonymous_id, group_id, previous_id,
      account_id, contact_id, properties, context, timestamp, original_timestamp, sent_at, received_at)
    select ${options.workspaceId}::uuid, ${options.sourceId}::uuid, t.*
    from unnest(
      ${column((r) => r.messageId)}::text[],
      ${column((r) => r.type)}::text[],
      ${column((r) => r.event)}::text[],
      ${column((r) => r.userId)}::text[],
      ${column((r) => r.anonymousId)}::text[],
      ${column((r) => r.groupId)}::text[],
      ${column((r) => r.previousId)}::text[],
      ${column((r) => r.accountId)}::uuid[],
      ${column((r) => r.contactId)}::uuid[],
      ${column((r) => toJsonb(r.properties))}::jsonb[],
      ${column((r) => toJsonb(r.context))}::jsonb[],
      ${column((r) => r.timestamp.toISOString())}::timestamptz[],
      ${column((r) => iso(r.originalTimestamp))}::timestamptz[],
      ${column((r) => iso(r.sentAt))}::timestamptz[],
      ${column((r) => r.receivedAt.toISOString())}::timestamptz[]
    ) as t
    on conflict (source_id, message_id) do nothing
    returning message_id`.execute(db);
  return result.rows.map((row) => row.message_id);
}

/** Unmatched events by user (userId, or anonymousId when there is none), latest first. */
export async function findUnmatchedUsers(db: Conn, workspaceId: string, limit: number) {
  const { rows } = await sql<{
    user_key: string;
    events: number;
    first_seen_at: Date;
    last_seen_at: Date;
    group_id: string | null;
    email: string | null;
  }>`
    select u.user_key, u.events, u.first_seen_at, u.last_seen_at, l.group_id, l.email
    from (
      select coalesce(user_id, anonymous_id) as user_key, count(*) as events,
        min(received_at) as first_seen_at, max(received_at) as last_seen_at
      from events
      where workspace_id = ${workspaceId} and account_id is null
      group by 1
    ) u
    left join user_links l on l.workspace_id = ${workspaceId} and l.user_key = u.user_key
    order by u.last_seen_at desc, u.user_key
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Unmatched events by the group they wait for: the event's own group, else its user's
 * group. Groups no account matches yet, latest first.
 */
export async function findUnmatchedGroups(db: Conn, workspaceId: string, limit: number) {
  const { rows } = await sql<{
    group_id: string;
    name: string | null;
    domain: string | null;
    events: number;
    users: number;
    last_seen_at: Date;
  }>`
    select w.group_id, g.name, g.domain, w.events, w.users, w.last_seen_at
    from (
      select coalesce(e.group_id, l.group_id) as group_id, count(*) as events,
        count(distinct coalesce(e.user_id, e.anonymous_id)) as users, max(e.received_at) as last_seen_at
      from events e
      left join user_links l on l.workspace_id = e.workspace_id and l.user_key = coalesce(e.user_id, e.anonymous_id)
      where e.workspace_id = ${workspaceId} and e.account_id is null
      group by 1
    ) w
    left join group_links g on g.workspace_id = ${workspaceId} and g.group_id = w.group_id
    where w.group_id is not null
    order by w.last_seen_at desc, w.group_id
    limit ${limit}`.execute(db);
  return rows;
}

export async function countUnmatchedEvents(db: Conn, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
