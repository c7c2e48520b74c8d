import { sql, type Kysely } from 'kysely';
import type { Database, TimelineTone } from '../db/schema.js';

type Conn = Kysely<Database>;

/** A moment to store, with the stage the account was in at `occurredAt`. */
export type NewMomentRow = {
  accountId: string;
  contactIds: string[];
  occurredAt: Date;
  kind: string;
  team: string;
  channel: string;
  stage: string | null;
  outcome: TimelineTone;
  intensity: number;
  title: string;
  reason: string;
  sourceKey: string | null;
  recordedBy?: string | null;
};

/**
 * Inserts moments in one unnest statement. A moment whose source key is already stored is
 * skipped: derived moments are recorded once however often their event comes. Accounts of
 * other workspaces are ignored.
 */
export async function insertMoments(db: Conn, workspaceId: string, rows: NewMomentRow[]): Promise<Array<{ id: string; account_id: string }>> {
  if (rows.length === 0) return [];
  const col = <T>(pick: (row: NewMomentRow) => T): T[] => rows.map(pick);
  const { rows: inserted } = await sql<{ id: string; account_id: string }>`
    INSERT INTO experience_moments (workspace_id, account_id, contact_ids, occurred_at, kind, team, channel, stage, outcome, intensity, title, reason, source_key, recorded_by)
    SELECT ${workspaceId}::uuid, t.account_id, ARRAY(SELECT jsonb_array_elements_text(t.contacts::jsonb)::uuid), t.occurred_at, t.kind, t.team, t.channel,
      t.stage, t.outcome, t.intensity, t.title, t.reason, t.source_key, t.recorded_by
    FROM unnest(${col((r) => r.accountId)}::uuid[], ${col((r) => JSON.stringify(r.contactIds))}::text[], ${col((r) => r.occurredAt.toISOString())}::timestamptz[],
      ${col((r) => r.kind)}::text[], ${col((r) => r.team)}::text[], ${col((r) => r.channel)}::text[],
      ${col((r) => r.stage)}::text[], ${col((r) => r.outcome)}::text[], ${col((r) => r.intensity)}::smallint[], ${col((r) => r.title)}::text[],
      ${col((r) => r.reason)}::text[], ${col((r) => r.sourceKey)}::text[], ${col((r) => r.recordedBy ?? null)}::uuid[])
      AS t(account_id, contacts, occurred_at, kind, team, channel, stage, outcome, intensity, title, reason, source_key, recorded_by)
    JOIN accounts a ON a.id = t.account_id AND a.workspace_id = ${workspaceId}::uuid
    ON CONFLICT (workspace_id, source_key) WHERE source_key IS NOT NULL DO NOTHING
    RETURNING id, account_id`.execute(db);
  return inserted;
}

const MOMENT_COLUMNS = ['id', 'account_id', 'contact_ids', 'occurred_at', 'kind', 'team', 'channel', 'stage', 'outcome', 'intensity', 'title', 'reason', 'source_key', 'recorded_by'] as const;

/** An account's moments (or those concerning one of its contacts), oldest first. */
export async function findMomentRows(db: Conn, query: { workspaceId: string; accountId: string; contactId?: string; ids?: string[] }) {
  let select = db.selectFrom('experience_moments').select(MOMENT_COLUMNS).where('workspace_id', '=', query.workspaceId).where('account_id', '=', query.accountId);
  if (query.contactId) select = select.where(sql<boolean>`${query.contactId}::uuid = ANY(contact_ids)`);
  if (query.ids) select = select.where('id', 'in', query.ids);
  return select.orderBy('occurred_at').orderBy('id').execute();
}
export type MomentRow = Awaited<ReturnType<typeof findMomentRows>>[number];

/** Every negative moment of a workspace, for the root-cause view. */
export async function findNegativeMomentRows(db: Conn, workspaceId: string) {
  return db
    .selectFrom('experience_moments')
    .select(['id', 'account_id', 'occurred_at', 'stage', 'team', 'channel', 'kind', 'title', 'reason', 'intensity'])
    .where('workspace_id', '=', workspaceId)
    .where('outcome', '=', 'negative')
    .execute();
}

/**
 * The workspace's accounts with the day of their first churn and first contraction (from the
 * ARR movement ledger), for the root-cause view.
 */
export async function findAccountLosses(db: Conn, workspaceId: string) {
  const { rows } = await sql<{ id: string; name: string; churned_on: string | null; contracted_on: string | null }>`
    SELECT a.id, a.name, l.churned_on, l.contracted_on
    FROM accounts a
    LEFT JOIN (
      SELECT account_id, min(occurred_on) FILTER (WHERE kind = 'churn')::text AS churned_on, min(occurred_on) FILTER (WHERE kind = 'contraction')::text AS contracted_on
      FROM arr_movements WHERE workspace_id = ${workspaceId} GROUP BY account_id
    ) l ON l.account_id = a.id
    WHERE a.workspace_id = ${workspaceId}`.execute(db);
  return rows;
}

// --- what derived moments are made of (read from their owners' tables by id) ----------

export async function findTicketFactRows(db: Conn, workspaceId: string, ticketIds: string[]) {
  if (ticketIds.length === 0) return [];
  const { rows } = await sql<{
    id: string; account_id: string; subject: string; priority: string | null; status: string; created_at_source: Date; solved_at: Date | null;
    csat: 'good' | 'bad' | null; tags: string[]; contact_ids: string[];
  }>`
    SELECT t.id, t.account_id, t.subject, t.priority, t.status, t.created_at_source, t.solved_at, t.csat, t.tags,
      coalesce((SELECT array_agg(c.id) FROM contacts c WHERE c.workspace_id = t.workspace_id AND c.account_id = t.account_id
        AND t.requester_email IS NOT NULL AND lower(c.email) = lower(t.requester_email)), '{}') AS contact_ids
    FROM tickets t WHERE t.workspace_id = ${workspaceId} AND t.id = ANY(${ticketIds}::uuid[]) AND t.account_id IS NOT NULL`.execute(db);
  return rows;
}

export async function findSurveyFactRows(db: Conn, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('survey_responses').select(['id', 'account_id', 'contact_id', 'kind', 'score', 'responded_at']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

export async function findInteractionFactRows(db: Conn, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string; account_id: string; kind: string; subject: string; sentiment: TimelineTone; occurred_at: Date; contact_ids: string[] }>`
    SELECT i.id, i.account_id, i.kind, i.subject, i.sentiment, i.occurred_at,
      coalesce((SELECT array_agg(x.contact_id) FROM interaction_attendees x WHERE x.interaction_id = i.id AND x.contact_id IS NOT NULL), '{}') AS contact_ids
    FROM interactions i WHERE i.workspace_id = ${workspaceId} AND i.id = ANY(${ids}::uuid[])`.execute(db);
  return rows;
}

export async function findSignalFactRows(db: Conn, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('signals').select(['id', 'account_id', 'type', 'title', 'text', 'occurred_at']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

export async function findContactFactRows(db: Conn, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('contacts').select(['id', 'account_id', 'name', 'role']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

// --- settings -----------------------------------------------------------------------

export async function findSettingsRow(db: Conn, workspaceId: string) {
  return db.selectFrom('experience_settings').select(['params', 'updated_at']).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function upsertSettingsRow(db: Conn, row: { workspaceId: string; params: unknown; updatedBy: string | null; now: Date }) {
  await db
    .insertInto('experience_settings')
    .values({ workspace_id: row.workspaceId, params: JSON.stringify(row.params), updated_by: row.updatedBy, updated_at: row.now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ params: JSON.stringify(row.params), updated_by: row.updatedBy, updated_at: row.now }))
    .execute();
}

/** Which moments a service blueprint step reads: kinds, and the stage names it happened in (null = any stage). */
export type MomentKindQuery = { workspaceId: string; kinds: string[]; stages: string[] | null };

/** Moments per kind and outcome, for the blueprint's per-step counts (index experience_moments_kind_stage_idx). */
export async function countMomentsByKind(db: Conn, query: MomentKindQuery) {
  if (query.kinds.length === 0) return [];
  let select = db
    .selectFrom('experience_moments')
    .select(['kind', 'outcome', (eb) => eb.fn.countAll<string>().as('count')])
    .where('workspace_id', '=', query.workspaceId)
    .where('kind', 'in', query.kinds);
  if (query.stages) select = select.where(sql<boolean>`lower(stage) = ANY(${query.stages.map((s) => s.toLowerCase())}::text[])`);
  const rows = await select.groupBy(['kind', 'outcome']).execute();
  return rows.map((row) => ({ kind: row.kind, outcome: row.outcome, count: Number(row.count) }));
}

/** The newest moments of some kinds (and stages), with their account's name. */
export async function findMomentsByKind(db: Conn, query: MomentKindQuery & { limit: number }) {
  if (query.kinds.length === 0) return [];
  let select = db
    .selectFrom('experience_moments as m')
    .innerJoin('accounts as a', (join) => join.onRef('a.id', '=', 'm.account_id').onRef('a.workspace_id', '=', 'm.workspace_id'))
    .select(['m.id', 'm.account_id', 'a.name as account_name', 'm.occurred_at', 'm.kind', 'm.stage', 'm.outcome', 'm.intensity', 'm.title'])
    .where('m.workspace_id', '=', query.workspaceId)
    .where('m.kind', 'in', query.kinds);
  if (query.stages) select = select.where(sql<boolean>`lower(m.stage) = ANY(${query.stages.map((s) => s.toLowerCase())}::text[])`);
  return select.orderBy('m.occurred_at', 'desc').orderBy('m.id').limit(query.limit).execute();
}
