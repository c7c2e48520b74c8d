import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { RejectedMessage, SourceKind } from './ingest.types.js';
import { insertRejections } from './rejections.repository.js';

type Conn = Kysely<Database>;

export async function insertSource(
  db: Conn,
  values: { workspaceId: string; name: string; kind: SourceKind; writeKeyHash: string; writeKeyPrefix: string },
) {
  return db
    .insertInto('sources')
    .values({
      workspace_id: values.workspaceId,
      name: values.name,
      kind: values.kind,
      write_key_hash: values.writeKeyHash,
      write_key_prefix: values.writeKeyPrefix,
    })
    .returning(['id', 'name', 'write_key_prefix', 'created_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
}

function selectSources(db: Conn, workspaceId: string) {
  return db
    .selectFrom('sources')
    .select([
      'sources.id',
      'sources.name',
      'sources.kind',
      'sources.write_key_prefix',
      'sources.created_at',
      'sources.revoked_at',
      'sources.last_rejected_at',
      'sources.last_rejection',
    ])
    .select((eb) =>
      eb
        .selectFrom('source_daily_stats')
        .whereRef('source_daily_stats.source_id', '=', 'sources.id')
        .select((inner) => inner.fn.max('source_daily_stats.last_received_at').as('last'))
        .as('last_received_at'),
    )
    .where('sources.workspace_id', '=', workspaceId);
}

export type SourceRecord = NonNullable<Awaited<ReturnType<typeof findSourceById>>>;

/** Live sources first, then revoked ones; newest first within each. */
export async function findSources(db: Conn, workspaceId: string) {
  return selectSources(db, workspaceId)
    .orderBy(sql`sources.revoked_at is not null`)
    .orderBy('sources.created_at', 'desc')
    .orderBy('sources.id')
    .execute();
}

export async function findSourceById(db: Conn, workspaceId: string, id: string) {
  return selectSources(db, workspaceId).where('sources.id', '=', id).executeTakeFirst();
}

/** The live source a write key hash belongs to; a revoked key finds nothing. */
export async function findLiveSourceByKeyHash(db: Conn, writeKeyHash: string) {
  return db
    .selectFrom('sources')
    .select(['id', 'workspace_id', 'name', 'kind'])
    .where('write_key_hash', '=', writeKeyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Sets a source's kind; false when there is no such source in the workspace. */
export async function updateSourceKindRow(db: Conn, workspaceId: string, id: string, kind: SourceKind): Promise<boolean> {
  const row = await db
    .updateTable('sources')
    .set({ kind })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Revokes once: revoking again keeps the first time. Returns false when there is no such source. */
export async function revokeSourceRow(db: Conn, workspaceId: string, id: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('sources')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, ${now})` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export type StatsIncrement = {
  sourceId: string;
  workspaceId: string;
  receivedAt: Date;
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Requests refused whole (0 for a stored request). */
  rejectedRequests?: number;
};

/**
 * Adds to the source's counters for the UTC day of receipt. Called inside the transaction
 * that stores the events, and last in it, so the row lock on the day's counters is held
 * for as short a time as possible.
 */
export async function addSourceStats(db: Conn, increment: StatsIncrement): Promise<void> {
  await db
    .insertInto('source_daily_stats')
    .values({
      source_id: increment.sourceId,
      day: increment.receivedAt.toISOString().slice(0, 10),
      workspace_id: increment.workspaceId,
      received: increment.received,
      accepted: increment.accepted,
      duplicates: increment.duplicates,
      rejected: increment.rejected,
      rejected_requests: increment.rejectedRequests ?? 0,
      last_received_at: increment.receivedAt,
    })
    .onConflict((oc) =>
      oc.columns(['source_id', 'day']).doUpdateSet({
        received: sql`source_daily_stats.received + excluded.received`,
        accepted: sql`source_daily_stats.accepted + excluded.accepted`,
        duplicates: sql`source_daily_stats.duplicates + excluded.duplicates`,
        rejected: sql`source_daily_stats.rejected + excluded.rejected`,
        rejected_requests: sql`source_daily_stats.rejected_requests + excluded.rejected_requests`,
        last_received_at: sql`greatest(source_daily_stats.last_received_at, excluded.last_received_at)`,
      }),
    )
    .execute();
}

export type RefusalOptions = {
  source: { id: string; workspaceId: string };
  receivedAt: Date;
  messageCount: number;
  reason: string;
  /** The /v1 endpoint; null when not known. */
  endpoint?: string | null;
  /** Why the request went: a body unreadable before parsing, or what parsing found. */
  kind?: 'invalid' | 'too_large' | 'unreadable';
  /** Each offending message and why; none given means one row with `reason`. */
  rejected?: readonly RejectedMessage[];
};

/**
 * A refused request: every message in it was received and rejected (none when the body could
 * not be read), the request is counted, the source keeps the reason, and each offending
 * message is explained in `ingest_rejections` — all in one transaction.
 */
export async function countRefusal(db: Conn, options: RefusalOptions): Promise<void> {
  const { source, receivedAt, messageCount: count } = options;
  const rejected = options.rejected ?? [
    { index: null, messageId: null, type: null, event: null, userKey: null, reason: options.reason, issues: [], excerpt: null },
  ];
  await inTransaction(db, async (trx) => {
    await insertRejections(trx, {
      source,
      receivedAt,
      endpoint: options.endpoint ?? null,
      kind: options.kind ?? 'unreadable',
      requestMessages: count,
      rejected,
    });
    await trx
      .updateTable('sources')
      .set({ last_rejected_at: receivedAt, last_rejection: options.reason.slice(0, 500) })
      .where('id', '=', source.id)
      .where('workspace_id', '=', source.workspaceId)
      .where((eb) => eb.or([eb('last_rejected_at', 'is', null), eb('last_rejected_at', '<=', receivedAt)]))
      .execute();
    await addSourceStats(trx, {
      sourceId: source.id,
      workspaceId: source.workspaceId,
      receivedAt,
      received: count,
      accepted: 0,
      duplicates: 0,
      rejected: count,
      rejectedRequests: 1,
    });
  });
}

export async function findSourceTotals(db: Conn, sourceId: string) {
  const { rows } = await sql<{
    received: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    unmatched: number;
    last_received_at: Date | null;
  }>`
    select
      coalesce(sum(s.received), 0)::bigint as received,
      coalesce(sum(s.accepted), 0)::bigint as accepted,
      coalesce(sum(s.duplicates), 0)::bigint as duplicates,
      coalesce(sum(s.rejected), 0)::bigint as rejected,
      (select count(*) from events e where e.source_id = ${sourceId} and e.account_id is null) as unmatched,
      max(s.last_received_at) as last_received_at
    from source_daily_stats s where s.source_id = ${sourceId}`.execute(db);
  return rows[0]!;
}

/** Days from `since` (inclusive), oldest first; days without traffic are absent. */
export async function findSourceDays(db: Conn, sourceId: string, since: string) {
  return db
    .selectFrom('source_daily_stats')
    .select(['day', 'received', 'accepted', 'duplicates', 'rejected'])
    .where('source_id', '=', sourceId)
    .where('day', '>=', since)
    .orderBy('day')
    .execute();
}

/**
 * Received per source and day for every source of the workspace from `since` (inclusive).
 * Through the workspace's source ids so the (source_id, day) primary key serves the read.
 */
export async function findWorkspaceSourceDays(db: Conn, workspaceId: string, since: string) {
  return db
    .selectFrom('source_daily_stats')
    .select(['source_id', 'day', 'received', 'rejected_requests'])
    .where('source_id', 'in', db.selectFrom('sources').select('id').where('workspace_id', '=', workspaceId))
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', since)
    .orderBy('source_id')
    .orderBy('day')
    .execute();
}

/**
 * Replaces a source's daily counters with a count of its stored events by each event's own
 * receipt time. For backfills (the demo world) whose events were written at once but stand
 * for months of traffic. Duplicates and refusals leave no event behind, so they come out 0.
 */
export async function recountSourceStatsFromEvents(db: Conn, source: { id: string; workspaceId: string }): Promise<void> {
  await db.deleteFrom('source_daily_stats').where('source_id', '=', source.id).where('workspace_id', '=', source.workspaceId).execute();
  await sql`
    insert into source_daily_stats (source_id, day, workspace_id, received, accepted, duplicates, rejected, last_received_at)
    select source_id, (received_at at time zone 'UTC')::date, workspace_id, count(*), count(*), 0, 0, max(received_at)
    from events
    where source_id = ${source.id} and workspace_id = ${source.workspaceId}
    group by source_id, (received_at at time zone 'UTC')::date, workspace_id`.execute(db);
}
