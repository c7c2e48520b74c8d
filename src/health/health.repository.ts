import { sql, type Kysely } from 'kysely';
import type { Database, HealthBand } from '../db/schema.js';
import { withHashJoins } from '../db/transaction.js';
import { DAY_MS } from './days.js';

type Conn = Kysely<Database>;

/**
 * Every stored fact a measure reads, for one account, as of the end of a day. Produced by
 * one statement for any number of accounts (`findMeasureFacts`); `measure-readings.ts`
 * turns it into values and freshness flags.
 */
export type MeasureFacts = {
  account_id: string;
  segment: string | null;
  lifecycle_stage: string | null;
  employee_count: number | null;
  arr: number;
  custom_fields: Record<string, unknown>;
  account_age_days: number;
  /** The workspace's last day with product usage on or before the day (null: none ever). */
  workspace_last_usage_day: string | null;
  last_use_day: string | null;
  active_users: number;
  prior_active_users: number;
  core_users_lost: number;
  /**
   * The most catalog features used on one day of the last `FEATURE_BREADTH_DAYS`, each day counted against the
   * product catalog in force that day (src/usage); null when no catalog was in force.
   */
  feature_breadth: number | null;
  seats: number | null;
  days_to_renewal: number | null;
  workspace_has_tickets: boolean;
  open_urgent_tickets: number;
  tickets_30d: number;
  tickets_prior_90d: number;
  first_response_minutes: number | null;
  csat_good: number;
  csat_rated: number;
  nps_average: number | null;
  nps_last_at: Date | null;
  survey_csat_average: number | null;
  survey_csat_last_at: Date | null;
  champion_present: boolean;
  sponsor_present: boolean;
  last_csm_touch_at: Date | null;
  contraction: number;
  price_rise: boolean;
  negative_signals: number;
  funding: boolean;
  /** Moments of truth of the last two years up to the day: [epoch ms, outcome, intensity], oldest first (src/experience). */
  experience_moments: Array<[number, 'positive' | 'neutral' | 'negative', number]> | null;
  /** The workspace's experience score parameters as stored (null: the defaults). */
  experience_params: Record<string, unknown> | null;
};


/** Days back (today included) that feature breadth looks at. */
export const FEATURE_BREADTH_DAYS = 28;

/**
 * The statement's row: `MeasureFacts` before breadth is counted, with the account's track
 * event names per day of the breadth window instead (`find-measure-facts.ts` counts them in
 * catalog features, the way the Usage tab does).
 */
export type MeasureFactRow = Omit<MeasureFacts, 'feature_breadth'> & { event_days: Record<string, Record<string, number>> | null };

/**
 * Reads the measures' facts for a workspace's accounts (all of them, or `accountIds`) as
 * of the end of `asOf` (a UTC day): every fact is filtered to what had happened by then, so
 * a history backfill or a backtest sees what a CSM would have seen that day. One statement:
 * each input is a grouped scan over the workspace's rows in its window, joined by account.
 *
 * Contacts keep no dated history: a champion or sponsor marked `left` counts as present
 * before the account's first "left" timeline entry naming them (contacts added later count
 * from the start).
 */
export async function findMeasureFactRows(
  db: Conn,
  query: { workspaceId: string; asOf: string; accountIds?: string[] },
): Promise<MeasureFactRow[]> {
  // Without hash joins the planner re-aggregates each input per account in nested loops.
  return withHashJoins(db, async (trx) => (await measureFactsQuery(query).execute(trx)).rows);
}

/** The statement of `findMeasureFactRows`, for EXPLAIN in benchmarks. */
export function measureFactsQuery(query: { workspaceId: string; asOf: string; accountIds?: string[] }) {
  const { workspaceId: ws, asOf } = query;
  const end = new Date(Date.parse(`${asOf}T00:00:00Z`) + DAY_MS);
  const ago = (days: number) => new Date(end.getTime() - days * DAY_MS);
  // A chunk of a recompute is a contiguous run of sorted ids: its bounds let each input's
  // (workspace_id, account_id, …) index read that run instead of the whole workspace's window
  // (at 100,000 accounts every 5,000-account chunk scanned all 1.65M timeline entries).
  const ids = query.accountIds;
  const bounds = ids && ids.length > 0 ? { low: ids.reduce((a, b) => (b < a ? b : a)), high: ids.reduce((a, b) => (b > a ? b : a)) } : null;
  const only = (column: string) =>
    ids
      ? sql`AND ${sql.ref(column)} = ANY(${ids}::uuid[])${bounds ? sql` AND ${sql.ref(column)} BETWEEN ${bounds.low}::uuid AND ${bounds.high}::uuid` : sql``}`
      : sql``;
  return sql<MeasureFactRow>`
    WITH acc AS (
      SELECT a.id, a.segment, a.lifecycle_stage, a.employee_count, a.arr, a.custom_fields,
        greatest(0, ${asOf}::date - (a.created_at AT TIME ZONE 'UTC')::date) AS account_age_days
      FROM accounts a WHERE a.workspace_id = ${ws} ${only('a.id')}
    ),
    ws_usage AS (
      SELECT max(day)::text AS last_day FROM usage_account_days WHERE workspace_id = ${ws} AND day <= ${asOf}::date
    ),
    users AS MATERIALIZED (
      SELECT account_id,
        count(*) FILTER (WHERE recent > 0) AS active_users,
        count(*) FILTER (WHERE prior > 0) AS prior_active_users,
        count(*) FILTER (WHERE prior >= 4 AND recent = 0) AS core_users_lost
      FROM (
        SELECT account_id, user_key,
          count(*) FILTER (WHERE day > ${asOf}::date - 28) AS recent,
          count(*) FILTER (WHERE day <= ${asOf}::date - 28) AS prior
        FROM usage_user_days
        WHERE workspace_id = ${ws} AND day > ${asOf}::date - 56 AND day <= ${asOf}::date ${only('account_id')}
        GROUP BY account_id, user_key
      ) per_user
      GROUP BY account_id
    ),
    breadth AS MATERIALIZED (
      SELECT account_id, jsonb_object_agg(day::text, event_counts) AS event_days
      FROM usage_account_days
      WHERE workspace_id = ${ws} AND day > ${asOf}::date - ${FEATURE_BREADTH_DAYS}::int AND day <= ${asOf}::date ${only('account_id')}
      GROUP BY account_id
    ),
    contract AS MATERIALIZED (
      SELECT s.account_id, sum(i.seats) AS seats, min(s.end_date) - ${asOf}::date AS days_to_renewal
      FROM subscriptions s LEFT JOIN subscription_items i ON i.subscription_id = s.id
      WHERE s.workspace_id = ${ws} AND s.start_date <= ${asOf}::date AND s.end_date >= ${asOf}::date ${only('s.account_id')}
      GROUP BY s.account_id
    ),
    ticket_facts AS MATERIALIZED (
      SELECT account_id,
        count(*) FILTER (WHERE priority IN ('urgent', 'high') AND (solved_at IS NULL OR solved_at >= ${end})) AS open_urgent_tickets,
        count(*) FILTER (WHERE created_at_source >= ${ago(30)}) AS tickets_30d,
        count(*) FILTER (WHERE created_at_source < ${ago(30)} AND created_at_source >= ${ago(120)}) AS tickets_prior_90d,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_minutes) FILTER (WHERE created_at_source >= ${ago(90)}) AS first_response_minutes,
        count(*) FILTER (WHERE csat = 'good' AND created_at_source >= ${ago(90)}) AS csat_good,
        count(*) FILTER (WHERE csat IS NOT NULL AND created_at_source >= ${ago(90)}) AS csat_rated
      FROM tickets
      WHERE workspace_id = ${ws} AND account_id IS NOT NULL AND created_at_source < ${end} AND created_at_source >= ${ago(365)} ${only('account_id')}
      GROUP BY account_id
    ),
    ws_tickets AS (
      SELECT EXISTS (SELECT 1 FROM tickets WHERE workspace_id = ${ws} AND created_at_source < ${end}) AS has_tickets
    ),
    surveys AS MATERIALIZED (
      SELECT account_id,
        avg(score) FILTER (WHERE kind = 'nps' AND responded_at >= ${ago(180)}) AS nps_average,
        max(responded_at) FILTER (WHERE kind = 'nps') AS nps_last_at,
        avg(score) FILTER (WHERE kind = 'csat' AND responded_at >= ${ago(180)}) AS survey_csat_average,
        max(responded_at) FILTER (WHERE kind = 'csat') AS survey_csat_last_at
      FROM survey_responses
      WHERE workspace_id = ${ws} AND responded_at < ${end} ${only('account_id')}
      GROUP BY account_id
    ),
    people AS MATERIALIZED (
      SELECT c.account_id,
        bool_or(c.role = 'champion') AS champion_present,
        bool_or(c.role IN ('economic_buyer', 'decision_maker')) AS sponsor_present
      FROM contacts c
      WHERE c.workspace_id = ${ws} AND c.role IN ('champion', 'economic_buyer', 'decision_maker') ${only('c.account_id')}
        AND (c.status = 'active' OR EXISTS (
          SELECT 1 FROM timeline_entries t
          WHERE t.workspace_id = ${ws} AND t.account_id = c.account_id AND t.kind IN ('contact_left', 'champion_left')
            AND position(c.name IN t.title) > 0 AND t.occurred_at >= ${end}))
      GROUP BY c.account_id
    ),
    touches AS MATERIALIZED (
      SELECT account_id,
        max(occurred_at) FILTER (WHERE team = 'customer_success' AND kind IN ('meeting', 'email', 'note', 'call')) AS last_csm_touch_at,
        bool_or(team = 'finance' AND title ILIKE '%price +%' AND occurred_at >= ${ago(90)}) AS price_rise
      FROM timeline_entries
      WHERE workspace_id = ${ws} AND occurred_at < ${end} ${only('account_id')}
        AND ((team = 'customer_success' AND kind IN ('meeting', 'email', 'note', 'call')) OR team = 'finance')
      GROUP BY account_id
    ),
    contraction AS MATERIALIZED (
      SELECT account_id, sum(abs(amount)) AS contraction
      FROM arr_movements
      WHERE workspace_id = ${ws} AND kind = 'contraction' AND occurred_on > ${asOf}::date - 180 AND occurred_on <= ${asOf}::date ${only('account_id')}
      GROUP BY account_id
    ),
    outside AS MATERIALIZED (
      SELECT account_id,
        count(*) FILTER (WHERE type IN ('vendor_review', 'leadership_change', 'layoff') AND occurred_at >= ${ago(90)}) AS negative_signals,
        bool_or(type = 'funding') AS funding
      FROM signals
      WHERE workspace_id = ${ws} AND occurred_at < ${end} AND occurred_at >= ${ago(180)} ${only('account_id')}
      GROUP BY account_id
    ),
    experience AS MATERIALIZED (
      SELECT account_id, json_agg(json_build_array((extract(epoch FROM occurred_at) * 1000)::float8, outcome, intensity) ORDER BY occurred_at) AS moments
      FROM experience_moments
      WHERE workspace_id = ${ws} AND occurred_at < ${end} AND occurred_at >= ${ago(730)} ${only('account_id')}
      GROUP BY account_id
    )
    SELECT acc.id AS account_id, acc.segment, acc.lifecycle_stage, acc.employee_count, acc.arr::float8 AS arr, acc.custom_fields,
      acc.account_age_days::int AS account_age_days,
      ws_usage.last_day AS workspace_last_usage_day,
      (SELECT max(u.day)::text FROM usage_account_days u WHERE u.account_id = acc.id AND u.day <= ${asOf}::date) AS last_use_day,
      coalesce(users.active_users, 0)::int AS active_users,
      coalesce(users.prior_active_users, 0)::int AS prior_active_users,
      coalesce(users.core_users_lost, 0)::int AS core_users_lost,
      breadth.event_days,
      contract.seats::int AS seats,
      contract.days_to_renewal::int AS days_to_renewal,
      ws_tickets.has_tickets AS workspace_has_tickets,
      coalesce(ticket_facts.open_urgent_tickets, 0)::int AS open_urgent_tickets,
      coalesce(ticket_facts.tickets_30d, 0)::int AS tickets_30d,
      coalesce(ticket_facts.tickets_prior_90d, 0)::int AS tickets_prior_90d,
      ticket_facts.first_response_minutes::float8 AS first_response_minutes,
      coalesce(ticket_facts.csat_good, 0)::int AS csat_good,
      coalesce(ticket_facts.csat_rated, 0)::int AS csat_rated,
      surveys.nps_average::float8 AS nps_average, surveys.nps_last_at,
      surveys.survey_csat_average::float8 AS survey_csat_average, surveys.survey_csat_last_at,
      coalesce(people.champion_present, false) AS champion_present,
      coalesce(people.sponsor_present, false) AS sponsor_present,
      touches.last_csm_touch_at,
      coalesce(touches.price_rise, false) AS price_rise,
      coalesce(contraction.contraction, 0)::float8 AS contraction,
      coalesce(outside.negative_signals, 0)::int AS negative_signals,
      coalesce(outside.funding, false) AS funding,
      experience.moments AS experience_moments,
      (SELECT params FROM experience_settings WHERE workspace_id = ${ws}) AS experience_params
    FROM acc
    CROSS JOIN ws_usage CROSS JOIN ws_tickets
    LEFT JOIN users ON users.account_id = acc.id
    LEFT JOIN breadth ON breadth.account_id = acc.id
    LEFT JOIN contract ON contract.account_id = acc.id
    LEFT JOIN ticket_facts ON ticket_facts.account_id = acc.id
    LEFT JOIN surveys ON surveys.account_id = acc.id
    LEFT JOIN people ON people.account_id = acc.id
    LEFT JOIN touches ON touches.account_id = acc.id
    LEFT JOIN contraction ON contraction.account_id = acc.id
    LEFT JOIN outside ON outside.account_id = acc.id
    LEFT JOIN experience ON experience.account_id = acc.id
    ORDER BY acc.id`;
}

/** Account ids of a workspace, in id order (the recompute walks them in chunks). */
export async function findAccountIds(db: Conn, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

export async function findWorkspaceIds(db: Conn): Promise<string[]> {
  return (await db.selectFrom('workspaces').select('id').execute()).map((row) => row.id);
}

// --- scorecard configuration ---------------------------------------------------------

export async function findLatestConfig(db: Conn, workspaceId: string) {
  return db
    .selectFrom('health_scorecard_versions')
    .select(['version', 'config', 'created_at', 'created_by'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertConfigVersion(db: Conn, row: { workspaceId: string; version: number; config: unknown; createdBy: string | null; now: Date }) {
  await db
    .insertInto('health_scorecard_versions')
    .values({ workspace_id: row.workspaceId, version: row.version, config: JSON.stringify(row.config), created_by: row.createdBy, created_at: row.now })
    .execute();
}

// --- scores and history --------------------------------------------------------------

export type ScoreRowInput = {
  accountId: string;
  score: number | null;
  band: HealthBand | null;
  scorecardKey: string;
  measures: unknown;
  /** Signals that disagree (signal-disagreements.ts); none when left out. */
  disagreements?: unknown[];
};

export type ScoreChange = {
  accountId: string;
  scoreBefore: number | null;
  scoreAfter: number | null;
  bandBefore: HealthBand | null;
  bandAfter: HealthBand | null;
};

/**
 * Upserts current scores in one unnest statement and returns the accounts whose score or band
 * changed (a first score counts as a change from null). Both parts of the statement read the
 * same snapshot, so `before` is the row as it was.
 */
export async function upsertScores(
  db: Conn,
  batch: { workspaceId: string; configVersion: number; asOf: string; computedAt: Date; rows: ScoreRowInput[] },
): Promise<ScoreChange[]> {
  if (batch.rows.length === 0) return [];
  const column = <T>(pick: (row: ScoreRowInput) => T): T[] => batch.rows.map(pick);
  const accountIds = column((r) => r.accountId);
  const { rows } = await sql<{ account_id: string; score_before: number | null; score_after: number | null; band_before: HealthBand | null; band_after: HealthBand | null }>`
    WITH before AS (
      SELECT account_id, score, band FROM health_scores
      WHERE workspace_id = ${batch.workspaceId}::uuid AND account_id = ANY(${accountIds}::uuid[])
    ), written AS (
      INSERT INTO health_scores (workspace_id, account_id, score, band, scorecard_key, config_version, measures, as_of, computed_at, disagreements)
      SELECT ${batch.workspaceId}::uuid, t.account_id, t.score, t.band, t.scorecard_key, ${batch.configVersion}::int, t.measures,
        ${batch.asOf}::date, ${batch.computedAt}::timestamptz, t.disagreements
      FROM unnest(${accountIds}::uuid[], ${column((r) => r.score)}::smallint[], ${column((r) => r.band)}::text[],
        ${column((r) => r.scorecardKey)}::text[], ${column((r) => JSON.stringify(r.measures))}::jsonb[],
        ${column((r) => JSON.stringify(r.disagreements ?? []))}::jsonb[])
        AS t(account_id, score, band, scorecard_key, measures, disagreements)
      ON CONFLICT (workspace_id, account_id) DO UPDATE SET score = excluded.score, band = excluded.band,
        scorecard_key = excluded.scorecard_key, config_version = excluded.config_version, measures = excluded.measures,
        as_of = excluded.as_of, computed_at = excluded.computed_at, disagreements = excluded.disagreements
      WHERE health_scores.as_of <= excluded.as_of
      RETURNING account_id, score, band
    )
    SELECT written.account_id, before.score AS score_before, written.score AS score_after,
      before.band AS band_before, written.band AS band_after
    FROM written LEFT JOIN before USING (account_id)
    WHERE before.score IS DISTINCT FROM written.score OR before.band IS DISTINCT FROM written.band`.execute(db);
  return rows.map((row) => ({
    accountId: row.account_id,
    scoreBefore: row.score_before === null ? null : Number(row.score_before),
    scoreAfter: row.score_after === null ? null : Number(row.score_after),
    bandBefore: row.band_before,
    bandAfter: row.band_after,
  }));
}

const BAND_LETTER = { green: 'g', yellow: 'y', red: 'r' } as const;

/**
 * Writes one day's scores into the monthly history rows (score at the day-of-month index,
 * band letter at the same position), creating the month's row when needed. One statement.
 */
export async function upsertHistoryDay(
  db: Conn,
  batch: { workspaceId: string; day: string; rows: Array<{ accountId: string; score: number | null; band: HealthBand | null }> },
) {
  const rows = batch.rows.filter((row) => row.score !== null);
  if (rows.length === 0) return;
  const month = `${batch.day.slice(0, 8)}01`;
  const index = Number(batch.day.slice(8, 10));
  await sql`
    INSERT INTO health_score_months (workspace_id, account_id, month, scores, bands)
    SELECT ${batch.workspaceId}::uuid, t.account_id, ${month}::date,
      array_fill(NULL::smallint, ARRAY[${index - 1}::int]) || ARRAY[t.score]::smallint[] || array_fill(NULL::smallint, ARRAY[${31 - index}::int]),
      overlay(repeat('-', 31) PLACING t.band FROM ${index}::int FOR 1)
    FROM unnest(${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.score)}::smallint[],
      ${rows.map((r) => BAND_LETTER[r.band!])}::text[]) AS t(account_id, score, band)
    ON CONFLICT (workspace_id, account_id, month) DO UPDATE SET
      scores[${index}::int] = excluded.scores[${index}::int],
      bands = overlay(health_score_months.bands PLACING substr(excluded.bands, ${index}::int, 1) FROM ${index}::int FOR 1)`.execute(db);
}

export async function findScore(db: Conn, workspaceId: string, accountId: string) {
  return db
    .selectFrom('health_scores')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function findHistoryMonths(db: Conn, query: { workspaceId: string; accountId: string; fromMonth: string }) {
  return db
    .selectFrom('health_score_months')
    .select([sql<string>`month::text`.as('month'), 'scores', 'bands'])
    .where('workspace_id', '=', query.workspaceId)
    .where('account_id', '=', query.accountId)
    .where('month', '>=', query.fromMonth)
    .orderBy('month')
    .execute();
}

// --- overrides -----------------------------------------------------------------------

export async function findCurrentOverride(db: Conn, workspaceId: string, accountId: string) {
  return db
    .selectFrom('health_overrides as o')
    .leftJoin('users as u', 'u.id', 'o.created_by')
    .select(['o.id', 'o.score', 'o.band', 'o.reason', 'o.expires_at', 'o.created_at', 'o.created_by', 'u.name as created_by_name'])
    .where('o.workspace_id', '=', workspaceId)
    .where('o.account_id', '=', accountId)
    .where('o.removed_at', 'is', null)
    .executeTakeFirst();
}

export async function removeOverride(db: Conn, row: { workspaceId: string; accountId: string; removedBy: string | null; now: Date }) {
  const result = await db
    .updateTable('health_overrides')
    .set({ removed_at: row.now, removed_by: row.removedBy })
    .where('workspace_id', '=', row.workspaceId)
    .where('account_id', '=', row.accountId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertOverride(
  db: Conn,
  row: { workspaceId: string; accountId: string; score: number | null; band: HealthBand; reason: string; expiresAt: Date; createdBy: string | null; now: Date },
) {
  return db
    .insertInto('health_overrides')
    .values({
      workspace_id: row.workspaceId,
      account_id: row.accountId,
      score: row.score,
      band: row.band,
      reason: row.reason,
      expires_at: row.expiresAt,
      created_by: row.createdBy,
      created_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

// --- stale accounts --------------------------------------------------------------------

export async function insertStaleAccounts(db: Conn, row: { workspaceId: string; accountIds: string[]; now: Date }) {
  if (row.accountIds.length === 0) return;
  await sql`
    INSERT INTO health_stale_accounts (workspace_id, account_id, marked_at)
    SELECT ${row.workspaceId}::uuid, id, ${row.now}::timestamptz FROM unnest(${row.accountIds}::uuid[]) AS t(id)
    ON CONFLICT (workspace_id, account_id) DO UPDATE SET marked_at = excluded.marked_at`.execute(db);
}

/** Claims up to `limit` stale accounts of a workspace (deleted in the caller's transaction). */
export async function claimStaleAccounts(db: Conn, workspaceId: string, limit: number): Promise<string[]> {
  const result = await sql<{ account_id: string }>`
    DELETE FROM health_stale_accounts WHERE (workspace_id, account_id) IN (
      SELECT workspace_id, account_id FROM health_stale_accounts WHERE workspace_id = ${workspaceId}
      ORDER BY marked_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING account_id`.execute(db);
  return result.rows.map((row) => row.account_id);
}

export async function findStaleWorkspaceIds(db: Conn): Promise<string[]> {
  return (await db.selectFrom('health_stale_accounts').select('workspace_id').distinct().execute()).map((row) => row.workspace_id);
}

// --- drops in a book (the CSM's day) --------------------------------------------------

/**
 * The current scores of one owner's accounts with their history months from `fromMonth`
 * (one row per account and month; an account without history has one row with nulls).
 */
export async function findBookScoresWithHistory(db: Conn, query: { workspaceId: string; ownerId: string; fromMonth: string }) {
  return db
    .selectFrom('health_scores as hs')
    .innerJoin('accounts as a', (join) => join.onRef('a.id', '=', 'hs.account_id').onRef('a.workspace_id', '=', 'hs.workspace_id'))
    .leftJoin('health_score_months as m', (join) =>
      join
        .onRef('m.workspace_id', '=', 'hs.workspace_id')
        .onRef('m.account_id', '=', 'hs.account_id')
        .on('m.month', '>=', query.fromMonth),
    )
    .select([
      'hs.account_id',
      'hs.score',
      'hs.band',
      'hs.measures',
      sql<string>`hs.as_of::text`.as('as_of'),
      sql<string | null>`m.month::text`.as('month'),
      'm.scores',
      'm.bands',
    ])
    .where('hs.workspace_id', '=', query.workspaceId)
    .where('a.owner_id', '=', query.ownerId)
    .where('hs.score', 'is not', null)
    .orderBy('hs.account_id')
    .orderBy('m.month')
    .execute();
}

/** The history rows of many accounts for the listed months (first days), any order. */
export async function findHistoryMonthsIn(db: Conn, query: { workspaceId: string; accountIds: string[]; months: string[] }) {
  if (query.accountIds.length === 0 || query.months.length === 0) return [];
  return db
    .selectFrom('health_score_months')
    .select(['account_id', sql<string>`month::text`.as('month'), 'scores', 'bands'])
    .where('workspace_id', '=', query.workspaceId)
    .where('account_id', '=', sql<string>`any(${query.accountIds}::uuid[])`)
    .where('month', '=', sql<string>`any(${query.months}::date[])`)
    .execute();
}

/** The monthly history rows of many accounts from `fromMonth` to `toMonth` (inclusive), by account then month. */
export async function findHistoryMonthsOfAccounts(db: Conn, query: { workspaceId: string; accountIds: string[]; fromMonth: string; toMonth: string }) {
  if (query.accountIds.length === 0) return [];
  return db
    .selectFrom('health_score_months')
    .select(['account_id', sql<string>`month::text`.as('month'), 'scores', 'bands'])
    .where('workspace_id', '=', query.workspaceId)
    .where('account_id', '=', sql<string>`any(${query.accountIds}::uuid[])`)
    .where('month', '>=', query.fromMonth)
    .where('month', '<=', query.toMonth)
    .orderBy('account_id')
    .orderBy('month')
    .execute();
}
