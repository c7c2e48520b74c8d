import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

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
};

export async function insertTimelineEntry(db: Kysely<Database>, entry: NewTimelineEntry) {
  await insertTimelineEntries(db, [entry]);
}

/** One multi-row INSERT; bulk writers (imports) tell thousands of changes at once. */
export async function insertTimelineEntries(db: Kysely<Database>, entries: NewTimelineEntry[]) {
  if (entries.length === 0) return;
  await db
    .insertInto('timeline_entries')
    .values(
      entries.map((entry) => ({
        workspace_id: entry.workspaceId,
        account_id: entry.accountId,
        kind: entry.kind,
        team: entry.team,
        title: entry.title,
        body: entry.body ?? null,
        actor_user_id: entry.actorUserId ?? null,
        subject_type: entry.subjectType ?? null,
        subject_id: entry.subjectId ?? null,
        occurred_at: entry.occurredAt,
      })),
    )
    .execute();
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

export async function updateEntriesOfSubject(db: Kysely<Database>, subject: TimelineSubject, change: { title: string; body: string | null }) {
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
