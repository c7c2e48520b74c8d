import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Conn = Kysely<Database>;

/** Every entry of one playbook: account, group and the UTC day it entered. */
export async function findOutcomeEntries(db: Conn, workspaceId: string, playbookId: string) {
  return db
    .selectFrom('playbook_runs')
    .select(['account_id', 'is_holdout', sql<string>`(started_at at time zone 'UTC')::date::text`.as('entered_on')])
    .where('workspace_id', '=', workspaceId)
    .where('playbook_id', '=', playbookId)
    .execute();
}

/** How many steps the playbook's runs have executed (each step once: its idempotency row). */
export async function countStepsDone(db: Conn, workspaceId: string, playbookId: string): Promise<number> {
  const row = await db
    .selectFrom('playbook_step_results as s')
    .innerJoin('playbook_runs as r', 'r.id', 's.run_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('s.workspace_id', '=', workspaceId)
    .where('r.workspace_id', '=', workspaceId)
    .where('r.playbook_id', '=', playbookId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The days the accounts churned (ARR ledger churn movements) on or after `from`. */
export async function findChurnDays(db: Conn, workspaceId: string, accountIds: string[], from: string) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('arr_movements')
    .select(['account_id', sql<string>`occurred_on::text`.as('day')])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', sql<string>`any(${accountIds}::uuid[])`)
    .where('kind', '=', 'churn')
    .where('occurred_on', '>=', from)
    .execute();
}
