import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import { AppError, invalid } from '../core/errors.js';
import type { Database, StageChangeSource } from '../db/schema.js';
import { scheduleJobs } from '../jobs/index.js';
import { findStays, loadStayMedians } from './account-journey.js';
import { expectedStay, findStage, gateMessage, missingFacts, planMilestones, stayCheckTimes } from './journey-rules.js';
import { GATE_FACT_LABELS, type GateFact, type JourneyConfig } from './journey.schema.js';
import { findAccountFieldRows, findGoalsRows, insertAccountMilestones, insertStageChangeRows } from './journeys.repository.js';
import { scheduleStayMediansRefresh } from './stay-medians-job.js';
import { loadJourney } from './load-journey.js';

type Conn = Kysely<Database>;

export const MILESTONE_DUE_JOB = 'journey.milestone-due';
export const STAY_CHECK_JOB = 'journey.stay-check';

/** One intended stage value for one account (null id: an account about to be created). */
export type StageMoveRequest = { accountId: string | null; accountName: string; from: string | null; to: string | null; ownerId: string | null };

export type StageMoveCheck =
  | { ok: true; stage: string | null; changed: boolean }
  | { ok: false; code: 'unknown_stage' | 'gate'; reason: string; missing: GateFact[] };

function unknownStageReason(config: JourneyConfig, value: string): string {
  return `"${value}" is not a stage of this workspace's journey (stages: ${config.stages.map((s) => s.name).join(', ')}).`;
}

/**
 * Checks intended stage values against the journey, in one read for any number of accounts:
 * the value must name a stage (its name, key or an alias; stored as the stage's name), and an
 * account entering a stage must have the facts its gate asks for. Imports use it to refuse rows
 * with the reason; `prepareStageMoveOrThrow` throws the same refusal for single moves.
 */
export async function checkStageMoves(db: Conn, workspaceId: string, requests: readonly StageMoveRequest[]): Promise<StageMoveCheck[]> {
  const { config } = await loadJourney(db, workspaceId);
  const ids = requests.map((r) => r.accountId).filter((id): id is string => id !== null);
  const goals = new Map((await findGoalsRows(db, workspaceId, ids)).map((g) => [g.account_id, g]));
  return requests.map((request) => {
    if (request.to === null || request.to.trim() === '') return { ok: true, stage: null, changed: request.from !== null };
    if (request.to === request.from) return { ok: true, stage: request.from, changed: false };
    const stage = findStage(config, request.to);
    if (!stage) return { ok: false, code: 'unknown_stage', reason: unknownStageReason(config, request.to), missing: [] };
    if (stage.name === request.from) return { ok: true, stage: stage.name, changed: false };
    const g = request.accountId ? goals.get(request.accountId) : undefined;
    const missing = missingFacts(stage, { customerGoals: g?.goals ?? '', successCriteria: g?.success_criteria ?? '', ownerId: request.ownerId });
    if (missing.length) return { ok: false, code: 'gate', reason: gateMessage(stage.name, missing, GATE_FACT_LABELS), missing };
    return { ok: true, stage: stage.name, changed: true };
  });
}

/**
 * The one check every way of moving a stage passes (the accounts module's create and update,
 * so PATCH /api/accounts, the journey API, the UI, imports and playbooks): returns the stage
 * name to store, or throws — 400 for a value that is no stage, 409 (`conflict`) naming the
 * missing facts when the stage's gate refuses.
 *
 * @example
 *   const stage = await prepareStageMoveOrThrow(trx, workspaceId, { accountId, accountName, from: 'Trial', to: 'Decision & Contract', ownerId });
 */
export async function prepareStageMoveOrThrow(db: Conn, workspaceId: string, request: StageMoveRequest): Promise<{ stage: string | null; changed: boolean }> {
  const [check] = await checkStageMoves(db, workspaceId, [request]);
  if (check!.ok) return { stage: check!.stage, changed: check!.changed };
  if (check!.code === 'unknown_stage') throw invalid(check!.reason, [{ path: 'lifecycleStage', message: 'not a stage of the journey' }]);
  throw new AppError('conflict', `${request.accountName}: ${check!.reason}`, {
    detail: `${request.accountName}: ${check!.reason}`,
    issues: check!.missing.map((fact) => ({ path: fact, message: `missing: ${GATE_FACT_LABELS[fact]}` })),
  });
}

export type StageChangeRecord = {
  accountId: string;
  from: string | null;
  to: string | null;
  reason?: string | null;
  source: StageChangeSource;
};

function actorColumns(actor: Actor) {
  if (actor.automation) return { actor_kind: 'automation' as const, actor_user_id: null, actor_automation: actor.automation };
  if (actor.tokenId) return { actor_kind: 'token' as const, actor_user_id: actor.userId, actor_automation: null };
  if (actor.userId) return { actor_kind: 'user' as const, actor_user_id: actor.userId, actor_automation: null };
  return { actor_kind: 'operator' as const, actor_user_id: null, actor_automation: null };
}

/**
 * Records stage changes in the caller's transaction (the one that changed the stage): one
 * history row each, the new stay's milestones, a durable timer per milestone at its due
 * date (`journey.milestone-due`), which raises the overdue signal once if it is still open,
 * and a `journey.stay-check` timer at each time the stay's time-based rules can first hold
 * (`stayCheckTimes`), so an account with no events still moves on or is flagged stuck.
 */
export async function recordStageChanges(db: Conn, actor: Actor, changes: readonly StageChangeRecord[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  const { config } = await loadJourney(db, actor.workspaceId);
  const ids = await insertStageChangeRows(
    db,
    changes.map((change) => ({
      workspace_id: actor.workspaceId,
      account_id: change.accountId,
      from_stage: change.from,
      to_stage: change.to,
      changed_at: now,
      reason: change.reason ?? null,
      source: change.source,
      ...actorColumns(actor),
    })),
  );
  const milestones = changes.flatMap((change, index) => {
    const stage = findStage(config, change.to);
    if (!stage) return [];
    return planMilestones(stage, now).map((m) => ({
      workspace_id: actor.workspaceId,
      account_id: change.accountId,
      stage_entry_id: ids[index]!,
      stage_key: stage.key,
      milestone_key: m.key,
      name: m.name,
      due_at: m.dueAt,
    }));
  });
  const inserted = await insertAccountMilestones(db, milestones);
  await scheduleMilestoneTimers(db, actor.workspaceId, inserted, now);
  const [medians, accounts] = await Promise.all([
    loadStayMedians(db, actor.workspaceId),
    findAccountFieldRows(db, actor.workspaceId, changes.map((c) => c.accountId)),
  ]);
  const segments = new Map(accounts.map((a) => [a.id, a.segment]));
  const checks = changes.flatMap((change, index) => {
    const stage = findStage(config, change.to);
    if (!stage) return [];
    const expectedDays = expectedStay(stage, segments.get(change.accountId) ?? null, medians).days;
    return [{ entryId: ids[index]!, times: stayCheckTimes({ config, stage, enteredAt: now, expectedDays, now }) }];
  });
  await scheduleStayChecks(db, actor.workspaceId, checks, now);
  await scheduleStayMediansRefresh(db, actor.workspaceId, now);
}

/**
 * The stay timers of every account's current stay, as a move into it would have set them,
 * for stays written without a move (the demo loader's histories): one read of the stays and
 * the medians, one insert per thousand timers. Only times after `now`; the unique keys are a
 * move's, so a second pass, or a stay that has its timers already, adds none.
 */
export async function scheduleCurrentStayChecks(db: Conn, workspaceId: string, now: Date): Promise<number> {
  const journey = await loadJourney(db, workspaceId);
  const checks = (await findStays(db, journey, { workspaceId }, now)).flatMap((stay) => {
    const stage = findStage(journey.config, stay.stage);
    if (!stage || !stay.entryId || !stay.enteredAt) return [];
    return [{ entryId: stay.entryId, times: stayCheckTimes({ config: journey.config, stage, enteredAt: stay.enteredAt, expectedDays: stay.expectedDays, now }) }];
  });
  let scheduled = 0;
  for (let start = 0; start < checks.length; start += 1000) scheduled += await scheduleStayChecks(db, workspaceId, checks.slice(start, start + 1000), now);
  return scheduled;
}

/** Timers of stays at the given times; the unique key (stay, time) keeps one per time. Returns how many are new. */
export async function scheduleStayChecks(db: Conn, workspaceId: string, checks: readonly { entryId: string; times: readonly Date[] }[], now: Date): Promise<number> {
  const jobs = checks.flatMap((check) =>
    check.times.map((runAt) => ({ type: STAY_CHECK_JOB, workspaceId, payload: { entryId: check.entryId }, runAt, uniqueKey: `${check.entryId}:${runAt.toISOString()}`, maxAttempts: 8 })),
  );
  return jobs.length ? (await scheduleJobs(db, jobs, { now: () => now })).scheduled : 0;
}

/** One timer per open milestone at its due date; the unique key keeps one per milestone. */
export async function scheduleMilestoneTimers(
  db: Conn,
  workspaceId: string,
  milestones: readonly { id: string; due_at: Date; completed_at: Date | null }[],
  now: Date,
): Promise<void> {
  const open = milestones.filter((m) => m.completed_at === null);
  if (open.length === 0) return;
  await scheduleJobs(
    db,
    open.map((m) => ({ type: MILESTONE_DUE_JOB, workspaceId, payload: { milestoneId: m.id }, runAt: m.due_at, uniqueKey: m.id, maxAttempts: 8 })),
    { now: () => now },
  );
}
