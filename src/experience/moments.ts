import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow } from '../accounts/index.js';
import type { Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { getContactOrThrow, listAccountContacts } from '../contacts/index.js';
import { invalid, type FieldIssue } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { listMembers } from '../workspaces/index.js';
import { dailyExperienceSeries, experienceAt, type ExperienceParams } from './experience-score.js';
import { countMomentsByKind, findMomentRows, findMomentsByKind, type MomentKindQuery, type MomentRow } from './experience.repository.js';
import { storeMoments } from './store-moments.js';
import type { Experience, Moment, MomentInput } from './experience.schema.js';
import { loadExperienceParams } from './experience-settings.js';

type Conn = Kysely<Database>;
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

function toMoment(row: MomentRow): Moment {
  return {
    id: row.id,
    accountId: row.account_id,
    contactIds: row.contact_ids,
    occurredAt: new Date(row.occurred_at),
    kind: row.kind,
    team: row.team,
    channel: row.channel,
    stage: row.stage,
    outcome: row.outcome,
    intensity: row.intensity,
    title: row.title,
    reason: row.reason,
    derived: row.source_key !== null,
    recordedBy: row.recorded_by,
  };
}

/**
 * The account's moments of truth, newest first. Anyone in the workspace may read them.
 *
 * @example
 *   const moments = await listAccountMoments(db, actor, accountId);
 */
export async function listAccountMoments(db: Conn, actor: Actor, accountId: string): Promise<Moment[]> {
  await getAccountOrThrow(db, actor, accountId);
  return (await findMomentRows(db, { workspaceId: actor.workspaceId, accountId })).map(toMoment).reverse();
}

/**
 * Records a moment by hand — an onboarding step, an invoice, an outage, a plan review — with
 * its outcome (needs write access to the account); audited, and `moment.recorded` marks the
 * account's health stale. The stage defaults to the account's stage at that time (its stage history).
 *
 * @example
 *   await recordMoment(db, actor, accountId, { kind: 'onboarding_step', title: 'Kickoff held', outcome: 'positive', intensity: 1 }, now);
 */
export async function recordMoment(db: Conn, actor: Actor, accountId: string, input: MomentInput, now: Date): Promise<Moment> {
  await getAccountForWriteOrThrow(db, actor, accountId, now);
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const issues: FieldIssue[] = [];
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) issues.push({ path: 'occurredAt', message: 'is in the future: record a moment once it has happened' });
  const contacts = new Set((await listAccountContacts(db, actor, accountId)).map((c) => c.id));
  input.contactIds.forEach((id, index) => {
    if (!contacts.has(id)) issues.push({ path: `contactIds.${index}`, message: 'is not a contact of this account' });
  });
  if (issues.length) throw invalid(`The moment cannot be recorded: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
  const me = actor.userId ? (await listMembers(db, actor)).find((m) => m.id === actor.userId)?.name : undefined;
  return inTransaction(db, async (trx) => {
    const [row] = await storeMoments(trx, actor.workspaceId, [
      {
        accountId,
        contactIds: [...new Set(input.contactIds)],
        occurredAt,
        kind: input.kind,
        team: input.team,
        channel: input.channel,
        ...(input.stage ? { stage: input.stage } : {}),
        outcome: input.outcome,
        intensity: input.intensity,
        title: input.title,
        reason: input.reason ?? `Recorded as ${input.outcome} by ${me ?? 'an API token'}`,
        sourceKey: null,
        recordedBy: actor.userId,
      },
    ]);
    const [moment] = (await findMomentRows(trx, { workspaceId: actor.workspaceId, accountId, ids: [row!.id] })).map(toMoment);
    await recordAudit(trx, actor, { action: 'create', entityType: 'experience_moment', entityId: row!.id, after: moment });
    await emitDomainEvents(trx, [{ type: 'moment.recorded', workspaceId: actor.workspaceId, accountId, payload: { momentId: row!.id } }]);
    return moment!;
  });
}

function explainExperience(rows: MomentRow[], params: ExperienceParams, now: Date, days: number): Experience {
  const moments = rows.map(toMoment);
  const at = experienceAt(moments, now, params);
  const today = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return {
    score: at.score,
    balance: Math.round(at.balance * 1000) / 1000,
    moments: moments.length,
    asOf: now,
    params,
    history: dailyExperienceSeries(moments, { from, to: today }, params).map(({ day, score }) => ({ day, score })),
    topMoments: at.contributions
      .filter((c) => c.effect !== 0)
      .slice(0, 5)
      .map((c) => ({ moment: c.moment, effect: Math.round(c.effect * 1000) / 1000, knockOn: c.knockOn })),
  };
}

/**
 * The account's running experience score now, its daily history over `days`, and the moments
 * that move it most. Computed from the moments on read with the workspace's parameters.
 *
 * @example
 *   const { score, history } = await getAccountExperience(db, actor, accountId, { now, days: 365 });
 */
export async function getAccountExperience(db: Conn, actor: Actor, accountId: string, options: { now: Date; days: number }): Promise<Experience> {
  await getAccountOrThrow(db, actor, accountId);
  const { params } = await loadExperienceParams(db, actor.workspaceId);
  return explainExperience(await findMomentRows(db, { workspaceId: actor.workspaceId, accountId }), params, options.now, options.days);
}

/** A stakeholder's own running score: the moments that concern them (they asked, answered or attended). */
export async function getContactExperience(db: Conn, actor: Actor, contactId: string, options: { now: Date; days: number }): Promise<Experience> {
  const contact = await getContactOrThrow(db, actor, contactId);
  const { params } = await loadExperienceParams(db, actor.workspaceId);
  return explainExperience(await findMomentRows(db, { workspaceId: actor.workspaceId, accountId: contact.accountId, contactId }), params, options.now, options.days);
}

export type { MomentKindQuery } from './experience.repository.js';

/**
 * Moments per kind and outcome in some stages (null = any) — how a service blueprint links
 * moments of truth to the step they happened at (blueprints/). Workspace-scoped by the query.
 */
export async function countMomentsOfKinds(db: Conn, query: MomentKindQuery): Promise<Array<{ kind: string; outcome: Moment['outcome']; count: number }>> {
  return countMomentsByKind(db, query);
}

/** The newest moments of some kinds in some stages (null = any), with their account's name. */
export async function findMomentsOfKinds(db: Conn, query: MomentKindQuery & { limit: number }) {
  return (await findMomentsByKind(db, query)).map((row) => ({
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_name,
    occurredAt: new Date(row.occurred_at),
    kind: row.kind,
    stage: row.stage,
    outcome: row.outcome,
    intensity: row.intensity,
    title: row.title,
  }));
}
