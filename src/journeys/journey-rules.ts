import type { Criterion, GateFact, JourneyConfig, MilestoneDefinition, Stage, StageStatus } from './journey.schema.js';

/**
 * The journey's rules as plain functions (no clock, no database): which stage a value names,
 * what a gate lacks, whether criteria hold, how long a stay is expected to last and whether
 * an account is on track. The callers load the facts and pass `now`.
 */

const DAY_MS = 86_400_000;
const norm = (value: string) => value.trim().toLowerCase();

/** The stage a stored or typed value names: its name, key or an alias, ignoring case. */
export function findStage(config: JourneyConfig, value: string | null | undefined): Stage | undefined {
  if (!value) return undefined;
  const wanted = norm(value);
  return config.stages.find((s) => norm(s.name) === wanted || s.key === wanted || s.aliases.some((a) => norm(a) === wanted));
}

/** The stage after `stageKey` on the way (exits are never "next"). */
export function nextStageOf(config: JourneyConfig, stageKey: string | null | undefined): Stage | undefined {
  const index = config.stages.findIndex((s) => s.key === stageKey);
  if (index < 0 || config.stages[index]!.isExit) return undefined;
  return config.stages.slice(index + 1).find((s) => !s.isExit);
}

export type GateFacts = { customerGoals: string; successCriteria: string; ownerId: string | null };

/** The facts a stage's gate asks for that the account does not have, in the stage's order. */
export function missingFacts(stage: Stage, facts: GateFacts): GateFact[] {
  const has: Record<GateFact, boolean> = {
    customerGoals: facts.customerGoals.trim() !== '',
    successCriteria: facts.successCriteria.trim() !== '',
    owner: facts.ownerId !== null,
  };
  return stage.requiredFacts.filter((fact) => !has[fact]);
}

/** What criteria are evaluated over: the account's fields and the state of its current stay. */
export type CriteriaFacts = GateFacts & {
  fields: Record<string, unknown>;
  customFields: Record<string, unknown>;
  enteredAt: Date | null;
  /** The last time each domain event type happened to the account. */
  events: Map<string, Date>;
  /** Milestones of the current stay: key → completed. */
  milestones: Map<string, boolean>;
  now: Date;
};

function fieldHolds(criterion: Extract<Criterion, { kind: 'field' }>, facts: CriteriaFacts): boolean {
  const value = criterion.field.startsWith('customFields.') ? facts.customFields[criterion.field.slice(13)] : facts.fields[criterion.field];
  const present = value !== null && value !== undefined && value !== '';
  if (criterion.op === 'present') return present;
  if (!present || criterion.value === undefined) return false;
  if (criterion.op === 'eq') return String(value).toLowerCase() === String(criterion.value).toLowerCase();
  const [a, b] = [Number(value), Number(criterion.value)];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return criterion.op === 'gte' ? a >= b : a <= b;
}

export function criterionHolds(criterion: Criterion, facts: CriteriaFacts): boolean {
  switch (criterion.kind) {
    case 'field':
      return fieldHolds(criterion, facts);
    case 'event': {
      const at = facts.events.get(criterion.eventType);
      return at !== undefined && (facts.enteredAt === null || at >= facts.enteredAt);
    }
    case 'milestone':
      return facts.milestones.get(criterion.milestone) === true;
    case 'allMilestones':
      return [...facts.milestones.values()].every(Boolean);
    case 'fact':
      return missingFacts({ requiredFacts: [criterion.fact] } as Stage, facts).length === 0;
    case 'daysInStage':
      return facts.enteredAt !== null && (facts.now.getTime() - facts.enteredAt.getTime()) / DAY_MS >= criterion.atLeast;
  }
}

/** All hold (an empty list holds). */
export function criteriaHold(criteria: readonly Criterion[], facts: CriteriaFacts): boolean {
  return criteria.every((c) => criterionHolds(c, facts));
}

/**
 * Whether an account should move on by itself: its stage advances automatically, has exit
 * criteria (a stage without any never moves on its own), they hold, and the next stage's
 * entry criteria hold. The move still goes through the gate.
 */
export function autoAdvanceTarget(config: JourneyConfig, stage: Stage, facts: CriteriaFacts): Stage | undefined {
  if (!stage.autoAdvance || stage.exitCriteria.length === 0) return undefined;
  const next = nextStageOf(config, stage.key);
  if (!next || !criteriaHold(stage.exitCriteria, facts) || !criteriaHold(next.entryCriteria, facts)) return undefined;
  return next;
}

/** Fewer completed stays than this and the expectation falls back (segment → workspace → configured). */
export const MIN_STAYS = 3;

export type StayMedians = Map<string, { days: number; stays: number }>;
export const stayKey = (stage: string, segment: string | null | undefined) => `${stage}\u0000${segment ?? ''}`;

/**
 * How long a stay in `stage` is expected to last for an account of `segment`: the median of
 * completed stays of similar accounts (same segment), else of the workspace, else the stage's
 * configured days. `medians` holds both, keyed by `stayKey(stage, segment)` and `stayKey(stage, null)`.
 */
export function expectedStay(
  stage: Stage,
  segment: string | null,
  medians: StayMedians,
): { days: number | null; from: 'segment' | 'workspace' | 'configured' | null } {
  if (stage.isExit) return { days: null, from: null };
  const bySegment = segment ? medians.get(stayKey(stage.name, segment)) : undefined;
  if (bySegment && bySegment.stays >= MIN_STAYS) return { days: round1(bySegment.days), from: 'segment' };
  const all = medians.get(stayKey(stage.name, null));
  if (all && all.stays >= MIN_STAYS) return { days: round1(all.days), from: 'workspace' };
  return stage.expectedDays ? { days: stage.expectedDays, from: 'configured' } : { days: null, from: null };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Days between two instants, to a tenth. */
export function daysBetween(from: Date, to: Date): number {
  return round1((to.getTime() - from.getTime()) / DAY_MS);
}

/**
 * On track, behind (past the expected stay, or a milestone of the stay is overdue) or stuck
 * (past twice the expected stay: no progress for much longer than similar accounts needed).
 */
export function stageStatus(options: { daysInStage: number | null; expectedDays: number | null; hasOverdueMilestone: boolean }): StageStatus {
  const { daysInStage, expectedDays } = options;
  if (daysInStage !== null && expectedDays !== null && daysInStage > 2 * expectedDays) return 'stuck';
  if ((daysInStage !== null && expectedDays !== null && daysInStage > expectedDays) || options.hasOverdueMilestone) return 'behind';
  return 'on_track';
}

/**
 * The first instant `stageStatus` calls a stay stuck: past twice the expected stay, as
 * `daysBetween` measures it (to a tenth of a day, so a tenth later than 2 × expected).
 */
export function stuckFrom(enteredAt: Date, expectedDays: number): Date {
  return new Date(enteredAt.getTime() + (2 * expectedDays + 0.1) * DAY_MS);
}

/**
 * When a stay's time-based rules can first change their answer with no event to wake the
 * account: each `daysInStage` threshold its rules read (exit criteria and the next stage's
 * entry criteria when the stage advances by itself, milestone rules) and the moment it
 * becomes stuck. Only times after `now`, each once, in order.
 */
export function stayCheckTimes(options: { config: JourneyConfig; stage: Stage; enteredAt: Date; expectedDays: number | null; now: Date }): Date[] {
  const { config, stage, enteredAt } = options;
  const next = stage.autoAdvance ? nextStageOf(config, stage.key) : undefined;
  const criteria = [
    ...(stage.autoAdvance ? stage.exitCriteria : []),
    ...(next?.entryCriteria ?? []),
    ...stage.milestones.flatMap((m) => m.completeWhen),
  ];
  const times = criteria.flatMap((c) => (c.kind === 'daysInStage' ? [enteredAt.getTime() + c.atLeast * DAY_MS] : []));
  if (options.expectedDays !== null && !stage.isExit) times.push(stuckFrom(enteredAt, options.expectedDays).getTime());
  return [...new Set(times)].filter((t) => t > options.now.getTime()).sort((a, b) => a - b).map((t) => new Date(t));
}

/** The milestones a stay starts with, each due its days after the entry. */
export function planMilestones(stage: Stage, enteredAt: Date): (MilestoneDefinition & { dueAt: Date })[] {
  return stage.milestones.map((m) => ({ ...m, dueAt: new Date(enteredAt.getTime() + m.dueDays * DAY_MS) }));
}

/** "Cannot enter Decision & Contract: record the customer's goals and success criteria first." */
export function gateMessage(stageName: string, missing: readonly GateFact[], labels: Record<GateFact, string>): string {
  const names = missing.map((fact) => labels[fact]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return `Cannot enter ${stageName}: record ${list} first.`;
}
