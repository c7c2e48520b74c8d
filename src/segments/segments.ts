import type { Kysely } from 'kysely';
import { getAccountOrThrow } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { forbiddenUnlessLeader, type Actor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { decodeCursorOrThrow, encodeCursor } from '../core/cursor.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { customFieldSpecs, evaluateSegment, todayOf } from './evaluate-segments.js';
import { findMatchingAccountIds, previewMatches } from './segment-query.repository.js';
import {
  checkSegmentRules,
  CUSTOM_FIELD_PREFIX,
  fieldSpec,
  OPERATORS_BY_KIND,
  SEGMENT_FIELDS,
  type CustomFieldSpec,
  type EngagementModel,
  type SegmentRules,
} from './segment-rules.js';
import {
  deleteSegmentRow,
  findMemberIds,
  findMembersPage,
  findSegment,
  findSegmentByName,
  findSegments,
  findSegmentPoolRows,
  findSegmentsOfAccount,
  findWorkspaceTeam,
  insertSegment,
  lockWorkspaceSegments,
  updateSegmentRow,
} from './segments.repository.js';
import type {
  AccountSegment,
  CreateSegmentInput,
  PreviewSegmentInput,
  Segment,
  SegmentField,
  SegmentMembersPage,
  SegmentMembersQuery,
  SegmentPreview,
  UpdateSegmentInput,
} from './segments.schema.js';

type Conn = Kysely<Database>;
type SegmentRow = NonNullable<Awaited<ReturnType<typeof findSegment>>>;

const toSegment = (row: SegmentRow): Segment => ({
  id: row.id,
  name: row.name,
  description: row.description,
  engagementModel: row.engagement_model,
  rules: row.rules as SegmentRules,
  version: row.version,
  memberCount: Number(row.member_count ?? 0),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  evaluatedAt: row.evaluated_at,
  pool: row.pool_team_id ? { id: row.pool_team_id, name: row.pool_name ?? '' } : null,
});

/** Segments steer plays and the cockpit for everyone, so leaders and admins define them; every member reads them. */
function assertCanManageSegmentsOrThrow(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('define segments');
}

/** Refuses rules that name an unknown field, an operator the field's type has not, or a wrong value, naming each. */
function assertValidRulesOrThrow(rules: SegmentRules, customFields: readonly CustomFieldSpec[]): void {
  const issues = checkSegmentRules(rules, customFields);
  if (issues.length > 0) throw invalid(`The segment rules are not valid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues);
}

/** A pool must be a team of the segment's own workspace. */
async function assertPoolTeamOrThrow(db: Conn, workspaceId: string, teamId: string | null): Promise<void> {
  if (teamId && !(await findWorkspaceTeam(db, workspaceId, teamId))) {
    throw invalid(`The pool team ${teamId} is not a team of this workspace`, [{ path: 'poolTeamId', message: 'not a team of this workspace' }]);
  }
}

async function assertNameFreeOrThrow(db: Conn, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const existing = await findSegmentByName(db, workspaceId, name);
  if (existing && existing.id !== exceptId) throw conflict(`A segment named "${name}" already exists.`);
}

/** Every segment of the caller's workspace with its member count, by name. */
export async function listSegments(db: Conn, actor: Actor): Promise<Segment[]> {
  return (await findSegments(db, actor.workspaceId)).map(toSegment);
}

export async function getSegmentOrThrow(db: Conn, actor: Actor, id: string): Promise<Segment> {
  const row = await findSegment(db, actor.workspaceId, id);
  if (!row) throw notFound('Segment', id);
  return toSegment(row);
}

/** Creates a segment in a workspace without a caller's role check: the use case below and the demo world's examples. */
async function insertAndEvaluate(trx: Conn, options: { actor: Actor; input: CreateSegmentInput; clock: Clock }): Promise<string> {
  const { actor, input, clock } = options;
  const { workspaceId } = actor;
  await lockWorkspaceSegments(trx, workspaceId);
  const customFields = await customFieldSpecs(trx, workspaceId);
  assertValidRulesOrThrow(input.rules, customFields);
  await assertNameFreeOrThrow(trx, workspaceId, input.name);
  await assertPoolTeamOrThrow(trx, workspaceId, input.poolTeamId ?? null);
  const values = { name: input.name, description: input.description ?? null, engagementModel: input.engagementModel, rules: input.rules, poolTeamId: input.poolTeamId ?? null };
  const { id } = await insertSegment(trx, { workspaceId, values, createdBy: actor.userId, now: clock.now() });
  await evaluateSegment(trx, { workspaceId, segment: { id, rules: input.rules }, customFields, clock });
  await recordAudit(trx, actor, { action: 'create', entityType: 'segment', entityId: id, after: values });
  return id;
}

/**
 * Saves a segment and fills its membership at once (every matching account enters, one
 * `segment.entered` event each, in the same transaction).
 *
 * @example
 *   await createSegment(db, actor, { name: 'Red health', engagementModel: 'high_touch',
 *     rules: { match: 'all', conditions: [{ field: 'health.band', op: 'eq', value: 'red' }] } });
 */
export async function createSegment(db: Conn, actor: Actor, input: CreateSegmentInput, clock: Clock = systemClock): Promise<Segment> {
  assertCanManageSegmentsOrThrow(actor);
  const id = await inTransaction(db, (trx) => insertAndEvaluate(trx, { actor, input, clock }));
  return getSegmentOrThrow(db, actor, id);
}

/** The segment, read under the workspace's segment lock (changes wait for evaluations in progress). */
async function lockedSegmentOrThrow(trx: Conn, workspaceId: string, id: string): Promise<SegmentRow> {
  await lockWorkspaceSegments(trx, workspaceId);
  const row = await findSegment(trx, workspaceId, id);
  if (!row) throw notFound('Segment', id);
  return row;
}

/** Changes a segment; new rules re-evaluate every account of the workspace in the same transaction. */
export async function updateSegment(db: Conn, actor: Actor, id: string, changes: UpdateSegmentInput, clock: Clock = systemClock): Promise<Segment> {
  assertCanManageSegmentsOrThrow(actor);
  const { workspaceId } = actor;
  await inTransaction(db, async (trx) => {
    const row = await lockedSegmentOrThrow(trx, workspaceId, id);
    const before = { name: row.name, description: row.description, engagementModel: row.engagement_model, rules: row.rules as SegmentRules, poolTeamId: row.pool_team_id };
    const after = {
      name: changes.name ?? before.name,
      description: changes.description === undefined ? before.description : changes.description,
      engagementModel: changes.engagementModel ?? before.engagementModel,
      rules: changes.rules ?? before.rules,
      poolTeamId: changes.poolTeamId === undefined ? before.poolTeamId : changes.poolTeamId,
    };
    const customFields = await customFieldSpecs(trx, workspaceId);
    if (changes.rules) assertValidRulesOrThrow(changes.rules, customFields);
    if (after.name !== before.name) await assertNameFreeOrThrow(trx, workspaceId, after.name, id);
    if (after.poolTeamId !== before.poolTeamId) await assertPoolTeamOrThrow(trx, workspaceId, after.poolTeamId);
    const rulesChanged = JSON.stringify(after.rules) !== JSON.stringify(before.rules);
    await updateSegmentRow(trx, { workspaceId, id, values: after, rulesChanged, now: clock.now() });
    if (rulesChanged) await evaluateSegment(trx, { workspaceId, segment: { id, rules: after.rules }, customFields, clock });
    await recordAudit(trx, actor, { action: 'update', entityType: 'segment', entityId: id, before, after });
  });
  return getSegmentOrThrow(db, actor, id);
}

/** Deletes a segment; each member leaves (`segment.left`) in the same transaction. */
export async function deleteSegment(db: Conn, actor: Actor, id: string, clock: Clock = systemClock): Promise<void> {
  assertCanManageSegmentsOrThrow(actor);
  const { workspaceId } = actor;
  await inTransaction(db, async (trx) => {
    const row = await lockedSegmentOrThrow(trx, workspaceId, id);
    const members = await findMemberIds(trx, workspaceId, id);
    for (let start = 0; start < members.length; start += 5000)
      await emitDomainEvents(
        trx,
        members.slice(start, start + 5000).map((accountId) => ({ type: 'segment.left' as const, workspaceId, accountId, payload: { segmentId: id } })),
        clock,
      );
    await deleteSegmentRow(trx, workspaceId, id);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'segment', entityId: id, before: { name: row.name, engagementModel: row.engagement_model, rules: row.rules } });
  });
}

/** How many accounts unsaved rules match now, and the largest of them: the rule editor's live count. Changes nothing. */
export async function previewSegment(db: Conn, actor: Actor, input: PreviewSegmentInput, clock: Clock = systemClock): Promise<SegmentPreview> {
  assertCanManageSegmentsOrThrow(actor);
  const customFields = await customFieldSpecs(db, actor.workspaceId);
  assertValidRulesOrThrow(input.rules, customFields);
  const { count, rows } = await previewMatches(db, {
    workspaceId: actor.workspaceId,
    rules: input.rules,
    context: { today: todayOf(clock), customFields },
    limit: input.limit ?? 10,
  });
  return {
    count,
    accounts: rows.map((row) => ({
      id: row.id,
      name: row.name,
      arr: Number(row.arr),
      lifecycleStage: row.lifecycle_stage,
      renewalDate: row.renewal_date,
      ownerName: row.owner_name,
      healthBand: row.band,
      healthScore: row.score,
    })),
  };
}

/** A page of a segment's members, by account name. */
export async function listSegmentMembers(db: Conn, actor: Actor, id: string, query: SegmentMembersQuery): Promise<SegmentMembersPage> {
  await getSegmentOrThrow(db, actor, id);
  const cursor = query.cursor ? decodeCursorOrThrow(query.cursor) : undefined;
  const rows = await findMembersPage(db, {
    workspaceId: actor.workspaceId,
    segmentId: id,
    limit: query.limit,
    ...(cursor ? { after: { name: cursor.key ?? '', id: cursor.id } } : {}),
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      id: row.id,
      name: row.name,
      arr: Number(row.arr),
      lifecycleStage: row.lifecycle_stage,
      renewalDate: row.renewal_date,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      healthBand: row.band,
      healthScore: row.score,
      enteredAt: row.entered_at,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.name, id: last.id }) : null,
  };
}

/** The segments an account of the caller's workspace is in (NotFound for another workspace's account). */
export async function listAccountSegments(db: Conn, actor: Actor, accountId: string): Promise<AccountSegment[]> {
  await getAccountOrThrow(db, actor, accountId);
  return segmentsOfAccount(db, actor.workspaceId, accountId);
}

/**
 * The segments an account is in now, with their engagement models — for playbooks and the
 * CSM cockpit, which run as the system and check access themselves.
 *
 * @example
 *   const touch = (await segmentsOfAccount(db, workspaceId, accountId)).some((s) => s.engagementModel === 'high_touch');
 */
export async function segmentsOfAccount(db: Conn, workspaceId: string, accountId: string): Promise<AccountSegment[]> {
  const rows = await findSegmentsOfAccount(db, workspaceId, accountId);
  return rows.map((row) => ({ id: row.id, name: row.name, engagementModel: row.engagement_model as EngagementModel, enteredAt: row.entered_at }));
}

export type SegmentPool = { segment: { id: string; name: string }; team: { id: string; name: string } | null };

/**
 * The pool a playbook's "segment pool" task owner comes from: the named segment's, or (no
 * segment named) the pool of the first segment by name the account is in that has one. The
 * segment comes back without a team when it has no pool; undefined when there is no segment
 * to ask (the named one is gone, or the account is in none with a pool).
 *
 * @example
 *   const pool = await segmentPoolFor(trx, workspaceId, { accountId, segmentId: step.owner.segmentId });
 */
export async function segmentPoolFor(db: Conn, workspaceId: string, scope: { accountId: string; segmentId?: string }): Promise<SegmentPool | undefined> {
  const [row] = await findSegmentPoolRows(db, workspaceId, scope);
  if (!row) return undefined;
  return { segment: { id: row.id, name: row.name }, team: row.pool_team_id ? { id: row.pool_team_id, name: row.pool_name ?? '' } : null };
}

/**
 * The ids of the accounts in a segment now (stored membership), for playbooks' "enters a
 * segment" dry runs and the cockpit. Empty for another workspace's segment.
 */
export async function accountsInSegment(db: Conn, workspaceId: string, segmentId: string): Promise<string[]> {
  return findMemberIds(db, workspaceId, segmentId);
}

/**
 * The accounts unsaved rules match now, without storing anything (a playbook's dry run
 * over a segment-like condition). Throws validation_failed for bad rules.
 */
export async function accountsMatchingRules(db: Conn, options: { workspaceId: string; rules: SegmentRules; clock?: Clock }): Promise<string[]> {
  const customFields = await customFieldSpecs(db, options.workspaceId);
  assertValidRulesOrThrow(options.rules, customFields);
  return findMatchingAccountIds(db, { workspaceId: options.workspaceId, rules: options.rules, context: { today: todayOf(options.clock ?? systemClock), customFields } });
}

/** The fields a rule may use in the caller's workspace (built-in and custom), with their operators: the rule editor's menus. */
export async function listSegmentFields(db: Conn, actor: Actor): Promise<SegmentField[]> {
  const customFields = await customFieldSpecs(db, actor.workspaceId);
  const names = [...Object.keys(SEGMENT_FIELDS), ...customFields.map((field) => `${CUSTOM_FIELD_PREFIX}${field.key}`)];
  return names.map((field) => {
    const spec = fieldSpec(field, customFields)!;
    return {
      field,
      label: spec.label,
      kind: spec.kind,
      operators: [...OPERATORS_BY_KIND[spec.kind]],
      ...(spec.options ? { options: [...spec.options] } : {}),
      windowed: spec.windowed === true,
    };
  });
}

/** Creates the segments a workspace lacks among `inputs` (by name), as the system: the demo world's examples. */
export async function ensureSegments(db: Conn, options: { actor: Actor; inputs: CreateSegmentInput[]; clock?: Clock }): Promise<number> {
  const clock = options.clock ?? systemClock;
  let created = 0;
  for (const input of options.inputs) {
    await inTransaction(db, async (trx) => {
      if (await findSegmentByName(trx, options.actor.workspaceId, input.name)) return;
      await insertAndEvaluate(trx, { actor: options.actor, input, clock });
      created += 1;
    });
  }
  return created;
}
