import { sql, type Kysely } from 'kysely';
import type { Database, TimelineTone } from '../db/schema.js';
import { timelineTone } from './timeline-tone.js';

export type NewTimelineEntry = {
  workspaceId: string;
  accountId: string;
  kind: string;
  team?: string;
  title: string;
  body?: string | null;
  actorUserId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  occurredAt?: Date | string;
  /** Defaults to what the kind alone says (timelineTone({ of: 'kind' })); writers that know more pass it. */
  tone?: TimelineTone;
};

export async function insertTimelineEntry(db: Kysely<Database>, entry: NewTimelineEntry) {
  await insertTimelineEntries(db, [entry]);
}

/**
 * One statement for any number of entries: a column array each through unnest, so bulk
 * writers (imports, ticket loads, the demo) send ten parameters instead of ten a row, which
 * PGlite and PostgreSQL parse and plan far faster than a VALUES list, and no batch can hit
 * the 65,535-parameter limit. The column defaults of migration 0001 are repeated for
 * entries that leave team or occurredAt out, since unnest hands the insert nulls.
 */
export async function insertTimelineEntries(db: Kysely<Database>, entries: NewTimelineEntry[]) {
  if (entries.length === 0) return;
  const column = <T>(pick: (entry: NewTimelineEntry) => T): T[] => entries.map(pick);
  const occurredAt = (entry: NewTimelineEntry): string | null =>
    entry.occurredAt instanceof Date ? entry.occurredAt.toISOString() : (entry.occurredAt ?? null);
  await sql`
    insert into timeline_entries (workspace_id, account_id, kind, team, title, body, actor_user_id, subject_type, subject_id, occurred_at, tone)
    select t.workspace_id, t.account_id, t.kind, coalesce(t.team, 'customer_success'), t.title, t.body,
      t.actor_user_id, t.subject_type, t.subject_id, coalesce(t.occurred_at, now()), t.tone
    from unnest(
      ${column((e) => e.workspaceId)}::uuid[],
      ${column((e) => e.accountId)}::uuid[],
      ${column((e) => e.kind)}::text[],
      ${column((e) => e.team ?? null)}::text[],
      ${column((e) => e.title)}::text[],
      ${column((e) => e.body ?? null)}::text[],
      ${column((e) => e.actorUserId ?? null)}::uuid[],
      ${column((e) => e.subjectType ?? null)}::text[],
      ${column((e) => e.subjectId ?? null)}::uuid[],
      ${column(occurredAt)}::timestamptz[],
      ${column((e) => e.tone ?? timelineTone({ of: 'kind', kind: e.kind }))}::text[]
    ) as t(workspace_id, account_id, kind, team, title, body, actor_user_id, subject_type, subject_id, occurred_at, tone)`.execute(db);
}

export async function findTimelinePage(
  db: Kysely<Database>,
  query: { workspaceId: string; accountId: string; team?: string; after?: { occurredAt: string; id: string }; limit: number },
) {
  let select = db
    .selectFrom('timeline_entries')
    .leftJoin('users', 'users.id', 'timeline_entries.actor_user_id')
    .select([
      'timeline_entries.id',
      'timeline_entries.kind',
      'timeline_entries.team',
      'timeline_entries.title',
      'timeline_entries.body',
      'timeline_entries.occurred_at',
      'timeline_entries.subject_type',
      'timeline_entries.subject_id',
      'timeline_entries.tone',
      'timeline_entries.actor_user_id',
      'users.name as actor_name',
      // Exact text of the timestamp (microseconds) for the cursor; a JS Date would round it.
      sql<string>`timeline_entries.occurred_at::text`.as('occurred_key'),
    ])
    .where('timeline_entries.workspace_id', '=', query.workspaceId)
    .where('timeline_entries.account_id', '=', query.accountId);
  if (query.team) select = select.where('timeline_entries.team', '=', query.team);
  if (query.after) {
    const { occurredAt, id } = query.after;
    select = select.where(
      sql<boolean>`(timeline_entries.occurred_at, timeline_entries.id) < (${occurredAt}::timestamptz, ${id}::uuid)`,
    );
  }
  return select
    .orderBy('timeline_entries.occurred_at', 'desc')
    .orderBy('timeline_entries.id', 'desc')
    .limit(query.limit)
    .execute();
}

export type TimelineSubject = { workspaceId: string; subjectType: string; subjectId: string };

export async function updateEntriesOfSubject(
  db: Kysely<Database>,
  subject: TimelineSubject,
  change: { title: string; body: string | null; tone?: TimelineTone },
) {
  await db
    .updateTable('timeline_entries')
    .set(change)
    .where('workspace_id', '=', subject.workspaceId)
    .where('subject_type', '=', subject.subjectType)
    .where('subject_id', '=', subject.subjectId)
    .execute();
}

export async function deleteEntriesOfSubject(db: Kysely<Database>, subject: TimelineSubject) {
  await db
    .deleteFrom('timeline_entries')
    .where('workspace_id', '=', subject.workspaceId)
    .where('subject_type', '=', subject.subjectType)
    .where('subject_id', '=', subject.subjectId)
    .execute();
}
