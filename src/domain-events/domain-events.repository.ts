import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DomainEvent, NewDomainEvent } from './catalogue.js';

type Conn = Kysely<Database>;

/** Partitions of the event stream (by account); the migration's generated column uses the same 8. */
export const PARTITIONS = 8;

/**
 * The one place that knows PostgreSQL's transaction visibility (ARCHITECTURE.md, "Delivery"):
 * an event may be delivered once its transaction is older than every transaction still running
 * on the server (`pg_snapshot_xmin`), so no event can still commit behind a cursor that moved
 * past it. Every read of the outbox that decides what is deliverable goes through this; nothing
 * else in the code reads xids or snapshots, and nothing uses LISTEN/NOTIFY.
 */
function isSettled(txidColumn: 'txid' | 'e.txid') {
  return sql<boolean>`${sql.ref(txidColumn)} < pg_snapshot_xmin(pg_current_snapshot())`;
}

/** Inserts events in one statement, in the caller's transaction (the change's). */
export async function insertDomainEvents(db: Conn, events: readonly NewDomainEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('domain_events')
    .values(
      events.map((event) => ({
        workspace_id: event.workspaceId,
        account_id: event.accountId,
        type: event.type,
        payload: JSON.stringify(event.payload),
        occurred_at: now,
      })),
    )
    .execute();
}

export type CursorRow = { consumer: string; partition: number; last_txid: string; last_id: number };

/** Makes sure the consumer has a cursor per partition and records the types it reads. */
export async function ensureCursors(db: Conn, consumer: string, eventTypes: readonly string[], now: Date): Promise<void> {
  await db
    .insertInto('domain_event_cursors')
    .values(
      Array.from({ length: PARTITIONS }, (_, partition) => ({
        consumer,
        partition,
        event_types: [...eventTypes],
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['consumer', 'partition']).doUpdateSet({ event_types: [...eventTypes] }))
    .execute();
}

/**
 * Locks a consumer's cursor for one partition for the rest of the transaction, or returns
 * undefined when another delivery holds it (SKIP LOCKED): the lock is what keeps two workers
 * from handing the same events to a consumer twice.
 */
export async function lockCursor(db: Conn, consumer: string, partition: number): Promise<CursorRow | undefined> {
  const result = await sql<CursorRow>`
    SELECT consumer, partition, last_txid::text AS last_txid, last_id
    FROM domain_event_cursors WHERE consumer = ${consumer} AND partition = ${partition}
    FOR UPDATE SKIP LOCKED`.execute(db);
  return result.rows[0];
}

type EventRow = {
  id: number;
  type: string;
  workspace_id: string;
  account_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
  txid: string;
};

/**
 * The next events of a partition after the cursor, in (transaction, id) order — only those of
 * transactions older than every transaction still running, so none can commit later behind
 * the cursor.
 */
export async function findEventsAfter(db: Conn, cursor: CursorRow, limit: number) {
  const result = await sql<EventRow>`
    SELECT id, type, workspace_id, account_id, payload, occurred_at, txid::text AS txid
    FROM domain_events
    WHERE partition = ${cursor.partition}
      AND (txid, id) > (${cursor.last_txid}::xid8, ${cursor.last_id}::bigint)
      AND ${isSettled('txid')}
    ORDER BY txid, id
    LIMIT ${limit}`.execute(db);
  return result.rows.map((row) => ({
    txid: row.txid,
    event: {
      id: Number(row.id),
      type: row.type,
      workspaceId: row.workspace_id,
      accountId: row.account_id,
      payload: row.payload,
      occurredAt: row.occurred_at,
    } as DomainEvent,
  }));
}

export async function advanceCursor(
  db: Conn,
  cursor: { consumer: string; partition: number; lastTxid: string; lastId: number; now: Date },
): Promise<void> {
  await sql`
    UPDATE domain_event_cursors
    SET last_txid = ${cursor.lastTxid}::xid8, last_id = ${cursor.lastId}, failed_at = NULL, last_error = NULL,
      updated_at = ${cursor.now}
    WHERE consumer = ${cursor.consumer} AND partition = ${cursor.partition}`.execute(db);
}

export async function clearCursorFailure(db: Conn, consumer: string, partition: number): Promise<void> {
  await db
    .updateTable('domain_event_cursors')
    .set({ failed_at: null, last_error: null })
    .where('consumer', '=', consumer)
    .where('partition', '=', partition)
    .where('failed_at', 'is not', null)
    .execute();
}

export async function markCursorFailed(
  db: Conn,
  failure: { consumer: string; partition: number; error: string; now: Date },
): Promise<void> {
  await db
    .updateTable('domain_event_cursors')
    .set({ failed_at: failure.now, last_error: failure.error, updated_at: failure.now })
    .where('consumer', '=', failure.consumer)
    .where('partition', '=', failure.partition)
    .execute();
}

/**
 * The (consumer, partition) pairs with events waiting: a final event after the cursor and no
 * failed mark. One statement for every consumer given; each probe is an index range.
 */
export async function findPendingPartitions(db: Conn, consumers: readonly string[]) {
  if (consumers.length === 0) return [];
  const result = await sql<{ consumer: string; partition: number }>`
    SELECT c.consumer, c.partition FROM domain_event_cursors c
    WHERE c.consumer = ANY(${consumers}::text[]) AND c.failed_at IS NULL
      AND EXISTS (
        SELECT 1 FROM domain_events e
        WHERE e.partition = c.partition AND (e.txid, e.id) > (c.last_txid, c.last_id)
          AND ${isSettled('e.txid')})`.execute(db);
  return result.rows;
}

export async function findCursors(db: Conn, consumers?: readonly string[]) {
  let select = db
    .selectFrom('domain_event_cursors')
    .select(['consumer', 'partition', 'event_types', sql<string>`last_txid::text`.as('last_txid'), 'last_id', 'failed_at', 'last_error', 'updated_at']);
  if (consumers) select = select.where('consumer', 'in', consumers.length ? [...consumers] : ['']);
  return select.orderBy('consumer').orderBy('partition').execute();
}

/**
 * Deletes events that occurred before `before` and that every consumer subscribed to their
 * type has passed (its cursor in the event's partition is at or beyond the event).
 */
export async function deleteConsumedEventsBefore(db: Conn, before: Date): Promise<number> {
  const result = await sql`
    DELETE FROM domain_events e
    WHERE e.occurred_at < ${before}
      AND NOT EXISTS (
        SELECT 1 FROM domain_event_cursors c
        WHERE c.partition = e.partition AND e.type = ANY(c.event_types)
          AND (c.last_txid, c.last_id) < (e.txid, e.id))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Whether committed events after the consumers' cursors still wait for an older transaction
 * (anywhere on the server) to end before they may be delivered.
 */
export async function hasEventsAwaitingOlderTransactions(db: Conn, consumers: readonly string[]): Promise<boolean> {
  if (consumers.length === 0) return false;
  const result = await sql<{ waiting: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM domain_event_cursors c JOIN domain_events e ON e.partition = c.partition
      WHERE c.consumer = ANY(${consumers}::text[]) AND c.failed_at IS NULL
        AND (e.txid, e.id) > (c.last_txid, c.last_id)
        AND NOT ${isSettled('e.txid')}) AS waiting`.execute(db);
  return result.rows[0]?.waiting ?? false;
}
