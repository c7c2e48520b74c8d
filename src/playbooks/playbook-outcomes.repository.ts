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

/** Every account of the workspace with its segment field: the pool the weaker comparison picks from. */
export async function findAccountSegments(db: Conn, workspaceId: string) {
  return db.selectFrom('accounts').select(['id', 'segment']).where('workspace_id', '=', workspaceId).execute();
}

/** The workspace's ARR ledger up to a day (inclusive), oldest first (same day: in booking order), for ARR on a past day. */
export async function findArrLedger(db: Conn, workspaceId: string, through: string) {
  return db
    .selectFrom('arr_movements')
    .select(['account_id', 'subscription_id', 'arr_after', sql<string>`occurred_on::text`.as('day')])
    .where('workspace_id', '=', workspaceId)
    .where('occurred_on', '<=', through)
    .orderBy('occurred_on')
    .orderBy('created_at')
    .execute();
}

/** Daily usage rollups of the accounts between two days (inclusive). */
export async function findUsageDays(db: Conn, workspaceId: string, accountIds: string[], from: string, to: string) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('usage_account_days')
    .select(['account_id', sql<string>`day::text`.as('day'), 'active_users', 'events'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', sql<string>`any(${accountIds}::uuid[])`)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

// ---- the demo world's past entries (demo-playbook-history.ts) ---------------------------

export async function findWorkspaceAccountIds(db: Conn, workspaceId: string): Promise<string[]> {
  return (await db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).execute()).map((row) => row.id);
}

export async function hasRuns(db: Conn, workspaceId: string, playbookId: string): Promise<boolean> {
  const rows = await db.selectFrom('playbook_runs').select('id').where('workspace_id', '=', workspaceId).where('playbook_id', '=', playbookId).limit(1).execute();
  return rows.length > 0;
}

/** NPS answers at or below `maxScore` between two days (inclusive), with their UTC day. */
export async function findDetractorDays(db: Conn, workspaceId: string, query: { maxScore: number; from: string; to: string }) {
  return db
    .selectFrom('survey_responses')
    .select(['account_id', sql<string>`(responded_at at time zone 'UTC')::date::text`.as('day'), 'score'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'nps')
    .where('score', '<=', query.maxScore)
    .where(sql<boolean>`responded_at >= ${query.from}::date and responded_at < ${query.to}::date + 1`)
    .execute();
}

/** Signals of one type between two days (inclusive), with their UTC day. */
export async function findSignalDays(db: Conn, workspaceId: string, query: { kind: string; from: string; to: string }) {
  return db
    .selectFrom('signals')
    .select(['account_id', sql<string>`(occurred_at at time zone 'UTC')::date::text`.as('day'), 'title'])
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', query.kind as 'news')
    .where(sql<boolean>`occurred_at >= ${query.from}::date and occurred_at < ${query.to}::date + 1`)
    .execute();
}

export type HistoryRun = { accountId: string; entryKey: string; reason: string; isHoldout: boolean; draw: number; day: string };

/** Finished past runs, 1,000 a statement; a run already recorded (same entry key) is skipped. */
export async function insertHistoryRuns(db: Conn, playbook: { workspaceId: string; id: string; version: number; holdoutPercent: number }, runs: HistoryRun[]): Promise<void> {
  for (let start = 0; start < runs.length; start += 1000) {
    await db
      .insertInto('playbook_runs')
      .values(
        runs.slice(start, start + 1000).map((run) => {
          const at = new Date(`${run.day}T10:00:00Z`);
          return {
            workspace_id: playbook.workspaceId,
            playbook_id: playbook.id,
            version: playbook.version,
            account_id: run.accountId,
            entry_key: run.entryKey,
            reason: run.reason,
            is_holdout: run.isHoldout,
            holdout_draw: run.draw,
            holdout_percent: playbook.holdoutPercent,
            state: run.isHoldout ? ('holdout' as const) : ('done' as const),
            position: null,
            started_at: at,
            finished_at: at,
          };
        }),
      )
      .onConflict((oc) => oc.columns(['playbook_id', 'account_id', 'entry_key']).doNothing())
      .execute();
  }
}
