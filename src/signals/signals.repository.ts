import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, SignalsTable } from '../db/schema.js';

type Conn = Kysely<Database>;

export type NewSignalRow = Insertable<SignalsTable>;
export type SignalRowUpdate = Updateable<SignalsTable>;

function selectSignals(db: Conn, workspaceId: string) {
  return db
    .selectFrom('signals')
    .leftJoin('users', 'users.id', 'signals.created_by')
    .selectAll('signals')
    .select('users.name as created_by_name')
    .where('signals.workspace_id', '=', workspaceId);
}

export type SignalRecord = NonNullable<Awaited<ReturnType<typeof findSignalById>>>;

export async function findSignalById(db: Conn, workspaceId: string, id: string) {
  return selectSignals(db, workspaceId).where('signals.id', '=', id).executeTakeFirst();
}

/** Newest first, keyset-paged on (occurred_at, id) as signals_account_idx orders them. */
export async function findSignalPage(
  db: Conn,
  query: { workspaceId: string; accountId: string; after?: { occurredAt: string; id: string }; limit: number },
) {
  let select = selectSignals(db, query.workspaceId)
    // Exact text of the timestamp (microseconds) for the cursor; a JS Date would round it.
    .select(sql<string>`signals.occurred_at::text`.as('occurred_key'))
    .where('signals.account_id', '=', query.accountId);
  if (query.after) {
    select = select.where(
      sql<boolean>`(signals.occurred_at, signals.id) < (${query.after.occurredAt}::timestamptz, ${query.after.id}::uuid)`,
    );
  }
  return select.orderBy('signals.occurred_at', 'desc').orderBy('signals.id', 'desc').limit(query.limit).execute();
}

export async function findSignalsSince(db: Conn, workspaceId: string, accountId: string, since: Date) {
  return selectSignals(db, workspaceId)
    .where('signals.account_id', '=', accountId)
    .where('signals.occurred_at', '>=', since)
    .orderBy('signals.occurred_at', 'desc')
    .orderBy('signals.id', 'desc')
    .execute();
}

export async function insertSignal(db: Conn, values: NewSignalRow) {
  return db.insertInto('signals').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateSignalRow(db: Conn, workspaceId: string, id: string, values: SignalRowUpdate) {
  await db.updateTable('signals').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteSignalRow(db: Conn, workspaceId: string, id: string) {
  await db.deleteFrom('signals').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** One multi-row INSERT for bulk loaders; returns the ids in input order. */
export async function insertSignalRows(db: Conn, rows: NewSignalRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('signals').values(rows).returning('id').execute();
  return inserted.map((row) => row.id);
}
