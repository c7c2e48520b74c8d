import type { Kysely } from 'kysely';
import { getAccountForWriteOrThrow, getAccountOrThrow } from '../accounts/index.js';
import type { Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid, notFound } from '../core/errors.js';
import type { Database, HealthBand } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { addTimelineEntry } from '../timeline/index.js';
import { explainMoves, explainReasons, formatMeasureValue } from './explain-score.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { loadHealthConfig } from './health-config.js';
import {
  findCurrentOverride,
  findHistoryMonths,
  findScore,
  insertOverride,
  removeOverride,
} from './health.repository.js';
import type { AccountHealth, HealthOverride, SetHealthOverrideInput } from './health.schema.js';
import { scoreFacts } from './recompute-health.js';
import type { ScoredMeasure } from './score-account.js';
import { addDays, DAY_MS } from './days.js';
import { findExpansionArr } from './disagreements.repository.js';
import { disagreementInputsOf, findSignalDisagreements, type SignalDisagreement } from './signal-disagreements.js';

type Conn = Kysely<Database>;

const HISTORY_DAYS = 365;
export const BAND_OF_LETTER: Record<string, HealthBand> = { g: 'green', y: 'yellow', r: 'red' };

/**
 * Unpacks the monthly history rows into dated points, oldest first. Days are spelled from the
 * month's own text (no date arithmetic per cell): readers unpack years of many accounts.
 */
export function historyPoints(months: Array<{ month: string; scores: Array<number | null>; bands: string }>, from: string) {
  const points: Array<{ day: string; score: number; band: HealthBand }> = [];
  for (const row of months) {
    const prefix = row.month.slice(0, 8);
    const daysInMonth = new Date(Date.UTC(Number(row.month.slice(0, 4)), Number(row.month.slice(5, 7)), 0)).getUTCDate();
    row.scores.forEach((score, index) => {
      const band = BAND_OF_LETTER[row.bands.charAt(index)];
      if (score === null || !band || index >= daysInMonth) return;
      const day = `${prefix}${String(index + 1).padStart(2, '0')}`;
      if (day >= from) points.push({ day, score, band });
    });
  }
  return points;
}

/** The history point on or before `day`, within a few days (weekly backfills leave gaps). */
function pointNear(points: Array<{ day: string; score: number }>, day: string): number | null {
  const candidates = points.filter((p) => p.day <= day && p.day > addDays(day, -4));
  return candidates.length > 0 ? candidates[candidates.length - 1]!.score : null;
}

function toOverride(row: NonNullable<Awaited<ReturnType<typeof findCurrentOverride>>>): HealthOverride {
  return {
    id: row.id,
    score: row.score,
    band: row.band,
    reason: row.reason,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
  };
}

/**
 * An account's health as the Health tab shows it: the score (an override in force shows
 * instead, flagged as one), every measure with value, points, weight, contribution and
 * freshness, the reasons it is low, what moved since a week before (both days scored with
 * the same scorecard from stored facts), and a year of history. Any member may read it. An
 * account not scored yet is scored on the fly (nothing is written).
 *
 * @example
 *   const health = await getAccountHealth(db, actor, accountId, clock);
 *   health.reasons // → ['No champion: the last one left or none was named', …]
 */
export async function getAccountHealth(db: Conn, actor: Actor, accountId: string, clock: Clock = systemClock): Promise<Omit<AccountHealth, 'risk'>> {
  await getAccountOrThrow(db, actor, accountId);
  const workspaceId = actor.workspaceId;
  const now = clock.now();
  const { version, config } = await loadHealthConfig(db, workspaceId);
  const stored = await findScore(db, workspaceId, accountId);
  const asOf = stored?.as_of ?? now.toISOString().slice(0, 10);
  const weekAgo = addDays(asOf, -7);
  const [factsNow, factsBefore] = await Promise.all([
    stored ? Promise.resolve([]) : findMeasureFacts(db, { workspaceId, asOf, accountIds: [accountId] }),
    findMeasureFacts(db, { workspaceId, asOf: weekAgo, accountIds: [accountId] }),
  ]);
  const current = stored
    ? { score: stored.score, band: stored.band, scorecardKey: stored.scorecard_key, measures: stored.measures as ScoredMeasure[] }
    : scoreFacts(config, factsNow[0]!, asOf);
  const before = factsBefore[0] ? scoreFacts(config, factsBefore[0], weekAgo) : null;
  const disagreements = stored
    ? (stored.disagreements as SignalDisagreement[])
    : findSignalDisagreements(disagreementInputsOf(factsNow[0]!, (await findExpansionArr(db, { workspaceId, asOf, accountIds: [accountId] })).get(accountId) ?? 0, asOf));
  const from = addDays(asOf, -HISTORY_DAYS);
  const history = historyPoints(await findHistoryMonths(db, { workspaceId, accountId, fromMonth: `${from.slice(0, 8)}01` }), from);
  const pastScore = pointNear(history, weekAgo) ?? before?.score ?? null;
  const overrideRow = await findCurrentOverride(db, workspaceId, accountId);
  const override = overrideRow && overrideRow.expires_at > now ? toOverride(overrideRow) : null;
  const card = config.scorecards.find((c) => c.key === current.scorecardKey);
  const trend =
    current.score === null || pastScore === null ? 'unknown' : current.score - pastScore >= 3 ? 'up' : pastScore - current.score >= 3 ? 'down' : 'flat';
  return {
    accountId,
    score: override ? override.score : current.score,
    band: override ? override.band : current.band,
    computedScore: current.score,
    computedBand: current.band,
    isOverridden: override !== null,
    override,
    trend,
    scoreWeekAgo: pastScore,
    asOf: stored?.as_of ?? asOf,
    computedAt: stored?.computed_at ?? null,
    scorecard: { key: current.scorecardKey, name: card?.name ?? current.scorecardKey, version: stored?.config_version ?? version },
    bands: config.bands,
    measures: current.measures.map((m) => ({ ...m, valueText: formatMeasureValue(m) })),
    reasons: explainReasons(current.measures),
    moves: before ? explainMoves(current.measures, before.measures) : [],
    disagreements,
    history,
  };
}

const MAX_OVERRIDE_MS = 366 * DAY_MS;
const OVERRIDE_TIMELINE = { kind: 'health_override', team: 'customer_success' } as const;

/**
 * A CSM's judgement over the computed score, with a reason and an expiry: shown as an
 * override, never silently. Needs write access to the account (its CSM, leaders, admins).
 * Replaces an override in force; audited and told on the timeline in one transaction.
 *
 * @example
 *   await setHealthOverride(db, actor, accountId, { band: 'yellow', reason: 'New sponsor engaged, renewal call booked', expiresAt: '2027-01-15T00:00:00Z' }, clock);
 */
export async function setHealthOverride(
  db: Conn,
  actor: Actor,
  accountId: string,
  input: SetHealthOverrideInput,
  clock: Clock = systemClock,
): Promise<HealthOverride> {
  const now = clock.now();
  await getAccountForWriteOrThrow(db, actor, accountId, now);
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt <= now || expiresAt.getTime() - now.getTime() > MAX_OVERRIDE_MS) {
    throw invalid('The override must expire in the future and within a year', [{ path: 'expiresAt', message: 'must be in the future and within a year' }]);
  }
  return inTransaction(db, async (trx) => {
    const previous = await findCurrentOverride(trx, actor.workspaceId, accountId);
    await removeOverride(trx, { workspaceId: actor.workspaceId, accountId, removedBy: actor.userId, now });
    const { id } = await insertOverride(trx, {
      workspaceId: actor.workspaceId,
      accountId,
      score: input.score ?? null,
      band: input.band,
      reason: input.reason,
      expiresAt,
      createdBy: actor.userId,
      now,
    });
    const override = toOverride((await findCurrentOverride(trx, actor.workspaceId, accountId))!);
    await recordAudit(trx, actor, {
      action: 'create',
      entityType: 'health_override',
      entityId: id,
      before: previous ? toOverride(previous) : null,
      after: override,
    });
    await addTimelineEntry(trx, {
      workspaceId: actor.workspaceId,
      accountId,
      ...OVERRIDE_TIMELINE,
      title: `Health overridden to ${input.band}${input.score != null ? ` (${input.score})` : ''} until ${expiresAt.toISOString().slice(0, 10)}`,
      body: input.reason,
      actorUserId: actor.userId,
      subjectType: 'health_override',
      subjectId: id,
      occurredAt: now,
    });
    return override;
  });
}

/** Ends the override in force (same rights as setting one); audited and on the timeline. Not found when none is. */
export async function removeHealthOverride(db: Conn, actor: Actor, accountId: string, clock: Clock = systemClock): Promise<void> {
  const now = clock.now();
  await getAccountForWriteOrThrow(db, actor, accountId, now);
  await inTransaction(db, async (trx) => {
    const previous = await findCurrentOverride(trx, actor.workspaceId, accountId);
    if (!previous || previous.expires_at <= now) {
      throw notFound('Health override for account', accountId);
    }
    await removeOverride(trx, { workspaceId: actor.workspaceId, accountId, removedBy: actor.userId, now });
    await recordAudit(trx, actor, { action: 'delete', entityType: 'health_override', entityId: previous.id, before: toOverride(previous) });
    await addTimelineEntry(trx, {
      workspaceId: actor.workspaceId,
      accountId,
      ...OVERRIDE_TIMELINE,
      title: 'Health override removed: the computed score shows again',
      body: previous.reason,
      actorUserId: actor.userId,
      subjectType: 'health_override',
      subjectId: previous.id,
      occurredAt: now,
    });
  });
}
