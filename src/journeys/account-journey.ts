import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { daysBetween, expectedStay, findStage, missingFacts, nextStageOf, stageStatus, stayKey, stuckFrom, type StayMedians } from './journey-rules.js';
import type { AccountGoals, AccountJourney, AccountMilestone, StageStatus } from './journey.schema.js';
import { findGoalsRows, findHistoryRows, findMilestonesOfEntries, findStagesAtRows, findStayMedians, findStayRows, type BoardFilters } from './journeys.repository.js';
import { loadJourney, type LoadedJourney } from './load-journey.js';

type Conn = Kysely<Database>;

/** The account as the caller already read it with its access checked (accounts module). */
export type JourneyAccount = { id: string; segment: string | null; ownerId: string | null; lifecycleStage: string | null };

/** The learnt stay medians as `journey.stay-medians` last refreshed them (a few rows, read on every move). */
export async function loadStayMedians(db: Conn, workspaceId: string): Promise<StayMedians> {
  const medians: StayMedians = new Map();
  for (const row of await findStayMedians(db, workspaceId)) {
    medians.set(stayKey(row.stage, row.segment), { days: row.days, stays: row.stays });
  }
  return medians;
}

export type StayView = {
  id: string;
  name: string;
  segment: string | null;
  ownerName: string | null;
  stage: string | null;
  stageKey: string | null;
  isExit: boolean;
  enteredAt: Date | null;
  entryId: string | null;
  daysInStage: number | null;
  expectedDays: number | null;
  expectedFrom: 'segment' | 'workspace' | 'configured' | null;
  status: StageStatus;
};

/** Every matching account's stay: time in stage, expected stay and status (one read each for accounts and medians). */
export async function findStays(db: Conn, journey: LoadedJourney, filters: BoardFilters, now: Date): Promise<StayView[]> {
  const [rows, medians] = await Promise.all([findStayRows(db, { ...filters, now }), loadStayMedians(db, filters.workspaceId)]);
  return rows.map((row) => {
    const stage = findStage(journey.config, row.lifecycle_stage);
    const expected = stage ? expectedStay(stage, row.segment, medians) : { days: null, from: null };
    const daysInStage = row.entered_at ? daysBetween(row.entered_at, now) : null;
    return {
      id: row.id,
      name: row.name,
      segment: row.segment,
      ownerName: row.owner_name,
      stage: row.lifecycle_stage,
      stageKey: stage?.key ?? null,
      isExit: stage?.isExit ?? false,
      enteredAt: row.entered_at,
      entryId: row.entry_id,
      daysInStage,
      expectedDays: expected.days,
      expectedFrom: expected.from,
      status: stageStatus({ daysInStage, expectedDays: expected.days, hasOverdueMilestone: row.overdue }),
    };
  });
}

export function toGoals(row: { goals: string; success_criteria: string; updated_at: Date; updated_by_name: string | null } | undefined): AccountGoals {
  return { goals: row?.goals ?? '', successCriteria: row?.success_criteria ?? '', updatedAt: row?.updated_at ?? null, updatedByName: row?.updated_by_name ?? null };
}

/**
 * An account's journey: its stage, time there against the expected stay of similar accounts,
 * status, the current stay's milestones, the history of stage changes and the goals the
 * gate of Decision & Contract asks for.
 */
export async function getAccountJourney(db: Conn, workspaceId: string, account: JourneyAccount, now: Date): Promise<AccountJourney> {
  const journey = await loadJourney(db, workspaceId);
  const [stay] = await findStays(db, journey, { workspaceId, accountIds: [account.id] }, now);
  const [history, goalsRows, milestoneRows] = await Promise.all([
    findHistoryRows(db, workspaceId, account.id),
    findGoalsRows(db, workspaceId, [account.id]),
    stay?.entryId ? findMilestonesOfEntries(db, workspaceId, [stay.entryId]) : Promise.resolve([]),
  ]);
  const goals = toGoals(goalsRows[0]);
  const stage = findStage(journey.config, account.lifecycleStage);
  const next = stage ? nextStageOf(journey.config, stage.key) : journey.config.stages[0];
  const milestones: AccountMilestone[] = milestoneRows.map((m) => ({
    id: m.id,
    key: m.milestone_key,
    name: m.name,
    stageKey: m.stage_key,
    dueAt: m.due_at,
    completedAt: m.completed_at,
    completedHow: m.completed_how,
    isOverdue: m.completed_at === null && m.due_at < now,
  }));
  return {
    stage: account.lifecycleStage,
    stageKey: stage?.key ?? null,
    enteredAt: stay?.enteredAt ?? null,
    daysInStage: stay?.daysInStage ?? null,
    expectedDays: stay?.expectedDays ?? null,
    expectedFrom: stay?.expectedFrom ?? null,
    status: account.lifecycleStage ? (stay?.status ?? null) : null,
    nextStage: next?.name ?? null,
    missingForNextStage: next ? missingFacts(next, { ...goals, customerGoals: goals.goals, ownerId: account.ownerId }) : [],
    milestones,
    history: history.map((h) => ({
      id: h.id,
      fromStage: h.from_stage,
      toStage: h.to_stage,
      changedAt: h.changed_at,
      reason: h.reason,
      source: h.source,
      actorKind: h.actor_kind,
      actorUserId: h.actor_user_id,
      actorName: h.actor_name,
      actorAutomation: h.actor_automation,
    })),
    goals,
  };
}

/**
 * The stage each account was in at each instant, from `account_stage_history` (the one record
 * of stage changes): what the experience module files a moment of truth under.
 *
 * @example
 *   const [stage] = await findStagesAt(db, workspaceId, [{ accountId, at: ticket.createdAt }]);
 */
export function findStagesAt(db: Conn, workspaceId: string, points: readonly { accountId: string; at: Date }[]): Promise<(string | null)[]> {
  return findStagesAtRows(db, workspaceId, points);
}

export type StalledStay = { accountId: string; stage: string; enteredAt: Date; stuckSince: Date; daysInStage: number; expectedDays: number };

/**
 * The workspace's accounts stuck in their stage as of `now` (past twice the stay similar
 * accounts needed, as the board says), each with when its stay began and became stuck.
 */
export async function findStalledAccounts(db: Conn, workspaceId: string, now: Date): Promise<StalledStay[]> {
  const stays = await findStays(db, await loadJourney(db, workspaceId), { workspaceId }, now);
  return stays.flatMap((s) =>
    s.status === 'stuck' && s.stage && s.enteredAt && s.daysInStage !== null && s.expectedDays !== null
      ? [{ accountId: s.id, stage: s.stage, enteredAt: s.enteredAt, stuckSince: stuckFrom(s.enteredAt, s.expectedDays), daysInStage: s.daysInStage, expectedDays: s.expectedDays }]
      : [],
  );
}
