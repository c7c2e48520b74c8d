import { sql, type Kysely } from 'kysely';
import type { Database, HealthBand } from '../db/schema.js';

type Conn = Kysely<Database>;

/** Lost accounts are out of the portfolio (the accounts list hides them by default too). */
const CHURNED_STAGE = 'Churned';

export type PortfolioFilters = { workspaceId: string; ownerId?: string; segment?: string };

function accountConditions(filters: PortfolioFilters) {
  return sql`a.workspace_id = ${filters.workspaceId} AND a.lifecycle_stage IS DISTINCT FROM ${CHURNED_STAGE}
    ${filters.ownerId ? sql`AND a.owner_id = ${filters.ownerId}` : sql``}
    ${filters.segment ? sql`AND a.segment = ${filters.segment}` : sql``}`;
}

/** Accounts and ARR per computed band (null: not scored yet), in one grouped statement. */
export async function findBandTotals(db: Conn, filters: PortfolioFilters) {
  const { rows } = await sql<{ band: HealthBand | null; accounts: number; arr: number }>`
    SELECT hs.band, count(*)::int AS accounts, coalesce(sum(a.arr), 0)::float8 AS arr
    FROM accounts a
    LEFT JOIN health_scores hs ON hs.workspace_id = a.workspace_id AND hs.account_id = a.id
    WHERE ${accountConditions(filters)}
    GROUP BY hs.band`.execute(db);
  return rows;
}

export type MoverRow = {
  account_id: string;
  name: string;
  arr: number;
  owner_name: string | null;
  score: number;
  band: HealthBand;
  as_of: string;
  measures: unknown;
  since: string;
  score_before: number;
  band_before: string;
  delta: number;
};

/**
 * The accounts whose score rose (`up`) or fell (`down`) most against the history point
 * `days` before their current score (the latest point up to `toleranceDays` earlier, as
 * weekly backfills leave gaps), biggest change first. One statement: the history months
 * around the baseline are unnested for every account of the filter at once.
 */
export async function findMovers(db: Conn, query: PortfolioFilters & { days: number; toleranceDays: number; limit: number; direction: 'up' | 'down' }) {
  const { days, toleranceDays } = query;
  const { rows } = await sql<MoverRow>`
    WITH cur AS (
      SELECT a.id AS account_id, a.name, a.arr::float8 AS arr, u.name AS owner_name, hs.score::int AS score, hs.band, hs.as_of, hs.measures
      FROM accounts a
      JOIN health_scores hs ON hs.workspace_id = a.workspace_id AND hs.account_id = a.id
      LEFT JOIN users u ON u.id = a.owner_id
      WHERE ${accountConditions(query)} AND hs.score IS NOT NULL
    ),
    past AS (
      SELECT DISTINCT ON (cur.account_id) cur.account_id, (m.month + (t.i::int - 1)) AS day, t.score::int AS score, substr(m.bands, t.i::int, 1) AS band
      FROM cur
      JOIN health_score_months m ON m.workspace_id = ${query.workspaceId} AND m.account_id = cur.account_id
        AND m.month BETWEEN date_trunc('month', cur.as_of - ${days + toleranceDays}::int)::date AND cur.as_of - ${days}::int
      CROSS JOIN LATERAL unnest(m.scores) WITH ORDINALITY AS t(score, i)
      WHERE t.score IS NOT NULL
        AND m.month + (t.i::int - 1) BETWEEN cur.as_of - ${days + toleranceDays}::int AND cur.as_of - ${days}::int
        AND date_trunc('month', m.month + (t.i::int - 1)) = m.month
      ORDER BY cur.account_id, day DESC
    )
    SELECT cur.account_id, cur.name, cur.arr, cur.owner_name, cur.score, cur.band, cur.as_of::text AS as_of, cur.measures,
      past.day::text AS since, past.score AS score_before, past.band AS band_before, cur.score - past.score AS delta
    FROM cur JOIN past USING (account_id)
    WHERE ${query.direction === 'up' ? sql`cur.score > past.score` : sql`cur.score < past.score`}
    ORDER BY abs(cur.score - past.score) DESC, cur.arr DESC, cur.account_id
    LIMIT ${query.limit}`.execute(db);
  return rows;
}

/** Accounts whose signals disagree, biggest ARR first, and how many there are. */
export async function findDisagreeingAccounts(db: Conn, query: PortfolioFilters & { limit: number }) {
  const { rows } = await sql<{
    account_id: string;
    name: string;
    arr: number;
    owner_name: string | null;
    score: number | null;
    band: HealthBand | null;
    disagreements: Array<{ kind: string; text: string }>;
    total: number;
  }>`
    SELECT a.id AS account_id, a.name, a.arr::float8 AS arr, u.name AS owner_name, hs.score::int AS score, hs.band, hs.disagreements,
      count(*) OVER ()::int AS total
    FROM accounts a
    JOIN health_scores hs ON hs.workspace_id = a.workspace_id AND hs.account_id = a.id
    LEFT JOIN users u ON u.id = a.owner_id
    WHERE ${accountConditions(query)} AND jsonb_array_length(hs.disagreements) > 0
    ORDER BY a.arr DESC, a.id
    LIMIT ${query.limit}`.execute(db);
  return rows;
}

/** Names and owners of some of a workspace's accounts (the preview's changed accounts). */
export async function findAccountLabels(db: Conn, workspaceId: string, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('accounts as a')
    .leftJoin('users as u', 'u.id', 'a.owner_id')
    .select(['a.id', 'a.name', 'u.name as owner_name'])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.id', 'in', accountIds)
    .execute();
}

/**
 * Every account of a workspace, by id, with what a scorecard preview needs besides the facts:
 * the fields that pick its scorecard and feed \`account_field\` measures, and its stored score's
 * day, scorecard version and measure readings (null without a stored score).
 */
export async function findPreviewAccounts(db: Conn, workspaceId: string) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('health_scores as hs', (join) => join.onRef('hs.account_id', '=', 'a.id').on('hs.workspace_id', '=', workspaceId))
    .select([
      'a.id as account_id',
      'a.segment',
      'a.lifecycle_stage',
      'a.employee_count',
      sql<number>`a.arr::float8`.as('arr'),
      'a.custom_fields',
      sql<string | null>`hs.as_of::text`.as('as_of'),
      'hs.config_version',
      'hs.measures',
    ])
    .where('a.workspace_id', '=', workspaceId)
    .orderBy('a.id')
    .execute();
}
