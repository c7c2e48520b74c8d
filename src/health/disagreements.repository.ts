import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CONTRACT_WINDOW_DAYS } from './signal-disagreements.js';

type Conn = Kysely<Database>;

/**
 * ARR gained from expansions in the window ending `asOf` (inclusive), by account, for the
 * same accounts a recompute reads facts for (all of the workspace's, or `accountIds`): one
 * grouped statement over the (workspace, occurred_on) index. Contractions come with the
 * measure facts.
 */
export async function findExpansionArr(db: Conn, query: { workspaceId: string; asOf: string; accountIds?: string[] }): Promise<Map<string, number>> {
  const only = query.accountIds ? sql`AND account_id = ANY(${query.accountIds}::uuid[])` : sql``;
  const { rows } = await sql<{ account_id: string; expansion: number }>`
    SELECT account_id, sum(abs(amount))::float8 AS expansion FROM arr_movements
    WHERE workspace_id = ${query.workspaceId} AND kind = 'expansion'
      AND occurred_on > ${query.asOf}::date - ${CONTRACT_WINDOW_DAYS}::int AND occurred_on <= ${query.asOf}::date ${only}
    GROUP BY account_id`.execute(db);
  return new Map(rows.map((row) => [row.account_id, Number(row.expansion)]));
}
