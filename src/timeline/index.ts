import type { Kysely } from 'kysely';
import { decodeCursorOrThrow, encodeCursor, type Page } from '../core/cursor.js';
import type { Database } from '../db/schema.js';
import {
  deleteEntriesOfSubject,
  findTimelinePage,
  insertTimelineEntries,
  insertTimelineEntry,
  updateEntriesOfSubject,
  type NewTimelineEntry,
  type TimelineSubject,
} from './timeline.repository.js';
import { isSystemEntry } from './system-entries.js';
import type { TimelineTone } from './timeline-tone.js';

export type { NewTimelineEntry, TimelineSubject };
export { TIMELINE_TONES, timelineTone, type TimelineTone, type ToneFact } from './timeline-tone.js';
export { isSystemEntry } from './system-entries.js';

/**
 * The single thread of every interaction with an account (DESIGN idea 11). Modules add an
 * entry in the same transaction as the change it tells about.
 */
export async function addTimelineEntry(db: Kysely<Database>, entry: NewTimelineEntry): Promise<void> {
  await insertTimelineEntry(db, entry);
}

/** Like addTimelineEntry for many entries in one statement (imports); same transaction rule. */
export async function addTimelineEntries(db: Kysely<Database>, entries: NewTimelineEntry[]): Promise<void> {
  await insertTimelineEntries(db, entries);
}

/** Keeps the thread true when the record it tells about is reworded (e.g. an edited note). */
export async function rewordTimelineEntriesOf(
  db: Kysely<Database>,
  subject: TimelineSubject,
  change: { title: string; body: string | null; tone?: TimelineTone },
): Promise<void> {
  await updateEntriesOfSubject(db, subject, change);
}

/** Removes what the thread says about a deleted record, so deleted text does not linger there. */
export async function removeTimelineEntriesOf(db: Kysely<Database>, subject: TimelineSubject): Promise<void> {
  await deleteEntriesOfSubject(db, subject);
}

export type TimelineEntry = {
  id: string;
  kind: string;
  team: string;
  title: string;
  body: string | null;
  actorName: string | null;
  occurredAt: Date;
  subjectType: string | null;
  subjectId: string | null;
  /** Positive, neutral or negative, decided by the writer (timeline-tone.ts). */
  tone: TimelineTone;
  /** No person wrote it (isSystemEntry): the web app may fold or hide it. */
  isSystem: boolean;
};

/** Newest first, optionally one team's part only. The caller has already checked that the account is in the actor's workspace. */
export async function findTimeline(
  db: Kysely<Database>,
  options: { workspaceId: string; accountId: string; cursor?: string; limit: number; team?: string },
): Promise<Page<TimelineEntry>> {
  const after = options.cursor ? decodeCursorOrThrow(options.cursor) : undefined;
  const rows = await findTimelinePage(db, {
    workspaceId: options.workspaceId,
    accountId: options.accountId,
    team: options.team,
    after: after && after.key ? { occurredAt: after.key, id: after.id } : undefined,
    limit: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      team: row.team,
      title: row.title,
      body: row.body,
      actorName: row.actor_name,
      occurredAt: row.occurred_at,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      tone: row.tone,
      isSystem: isSystemEntry({ kind: row.kind, actorUserId: row.actor_user_id }),
    })),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ key: last.occurred_key, id: last.id }) : null,
  };
}
