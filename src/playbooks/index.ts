/**
 * Playbooks (issue 12 items 2, 3, 6's holdout, 7): a trigger, conditions and steps per
 * playbook, saved as numbered versions; the engine enters accounts from domain events
 * (`playbookTriggersConsumer`) and from the schedule (`playbookScheduleJob`), records a run
 * per entry (or a holdout), and advances each run step by step as durable jobs
 * (`createPlaybookAdvanceJob`), each side effect under the idempotency key (run, step).
 *
 * @example
 *   const playbook = await createPlaybook(db, actor, { definition, enabled: true });
 *   const preview = await dryRunPlaybook(db, actor, playbook.id);
 */
import type { Kysely } from 'kysely';
import { getAccountOrThrow } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { forbiddenUnlessLeader, type Actor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid, notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { findStage, loadJourney } from '../journeys/index.js';
import { reentryRefusal } from './enter-playbooks.js';
import { playbookDefinitionSchema, type LeafStep, type PlaybookDefinition, type PlaybookDefinitionInput, type PlaybookTrigger } from './playbook-definition.js';
import { addDays, conditionsHold, describeConditions } from './playbook-rules.js';
import { findScheduledCandidates } from './playbook-triggers.js';
import {
  countRunsByPlaybook,
  deletePlaybookRow,
  findAccountFacts,
  findAccountsByHealth,
  findAccountsInStage,
  findEntries,
  findOpenUrgentTickets,
  findPlaybookById,
  findPlaybooks,
  findRecentDepartures,
  findRecentDetractors,
  findRecentSignalAccounts,
  findRuns,
  findStepResults,
  findTicketBursts,
  findVersions,
  insertNextVersion,
  insertPlaybook,
  isMember,
  setPlaybookEnabled,
  type Candidate,
  type PlaybookRecord,
} from './playbooks.repository.js';
import type { Playbook, PlaybookDryRun, PlaybookRun, SavePlaybookInput } from './playbooks.schema.js';

export * from './playbook-definition.js';
export * from './playbooks.schema.js';
export { TEMPLATE_VARIABLES, templateProblems, renderTemplate } from './playbook-templates.js';
export { playbookTriggersConsumer, playbookScheduleJob, runScheduledTriggers, PLAYBOOK_SCHEDULE_JOB } from './playbook-triggers.js';
export { createPlaybookAdvanceJob, advanceRunOneStep } from './advance-run.js';
export { PLAYBOOK_ADVANCE_JOB } from './enter-playbooks.js';
export type { OutboundPort, OutboundOrigin } from './outbound-steps.js';
export { EXAMPLE_PLAYBOOKS, installExamplePlaybooks } from './example-playbooks.js';
export { getPlaybookUplift } from './get-playbook-uplift.js';
export { recordDemoPlaybookHistory } from './demo-playbook-history.js';
export { holdoutDraw } from './playbook-rules.js';

type Conn = Kysely<Database>;

/** Admins and leaders (the "managers") write playbooks; everyone in the workspace reads them. */
function assertCanWritePlaybooksOrThrow(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('change playbooks');
}

function toPlaybook(record: PlaybookRecord, stats?: { entered: number; held_out: number; active: number }): Playbook {
  return {
    id: record.id,
    name: record.name,
    enabled: record.enabled,
    version: record.current_version,
    definition: playbookDefinitionSchema.parse(record.definition),
    stats: { entered: stats?.entered ?? 0, heldOut: stats?.held_out ?? 0, active: stats?.active ?? 0 },
    createdAt: record.created_at,
    updatedAt: record.updated_at,
  };
}

export async function listPlaybooks(db: Conn, actor: Actor): Promise<{ data: Playbook[] }> {
  const [records, counts] = await Promise.all([findPlaybooks(db, actor.workspaceId), countRunsByPlaybook(db, actor.workspaceId)]);
  const byPlaybook = new Map(counts.map((row) => [row.playbook_id, row]));
  return { data: records.map((record) => toPlaybook(record, byPlaybook.get(record.id))) };
}

export async function getPlaybookOrThrow(db: Conn, actor: Actor, id: string): Promise<Playbook> {
  const record = await findPlaybookById(db, actor.workspaceId, id);
  if (!record) throw notFound('Playbook', id);
  const stats = (await countRunsByPlaybook(db, actor.workspaceId)).find((row) => row.playbook_id === id);
  return toPlaybook(record, stats);
}

export async function listPlaybookVersions(db: Conn, actor: Actor, id: string) {
  await getPlaybookOrThrow(db, actor, id);
  return (await findVersions(db, actor.workspaceId, id)).map((row) => ({ version: row.version, createdAt: row.created_at, createdByName: row.created_by_name }));
}

/**
 * Checks what the schema cannot — a named task owner must be a member of the workspace, a
 * stage (trigger or set-stage step) must be one of its journey — and returns the definition
 * with each stage written as the journey names it, as accounts store it, so a trigger given
 * a stage's key or alias still matches.
 */
async function fitDefinitionToWorkspaceOrThrow(db: Conn, workspaceId: string, definition: PlaybookDefinition): Promise<PlaybookDefinition> {
  const leaves: [LeafStep, string][] = [];
  definition.steps.forEach((step, index) => {
    if (step.type === 'branch') {
      step.then.forEach((leaf, at) => leaves.push([leaf, `steps.${index}.then.${at}`]));
      step.else.forEach((leaf, at) => leaves.push([leaf, `steps.${index}.else.${at}`]));
    } else if (step.type === 'wait_until') {
      step.onTimeout.forEach((leaf, at) => leaves.push([leaf, `steps.${index}.onTimeout.${at}`]));
    } else {
      leaves.push([step, `steps.${index}`]);
    }
  });
  for (const [step, path] of leaves) {
    if (step.type === 'create_task' && step.owner.kind === 'user' && !(await isMember(db, workspaceId, step.owner.userId))) {
      throw invalid('The task’s named owner is not a member of this workspace.', [{ path: `definition.${path}.owner.userId`, message: 'is not a member of this workspace' }]);
    }
  }
  const stageRefs: [string, string][] = leaves.flatMap(([step, path]): [string, string][] =>
    step.type === 'set_field' && step.field === 'lifecycleStage' && step.value !== null ? [[step.value, `definition.${path}.value`]] : [],
  );
  if (definition.trigger.kind === 'stage_entered') stageRefs.push([definition.trigger.stage, 'definition.trigger.stage']);
  if (stageRefs.length === 0) return definition;
  const { config } = await loadJourney(db, workspaceId);
  const names = new Map<string, string>();
  for (const [value, path] of stageRefs) {
    const stage = findStage(config, value);
    if (!stage) {
      const known = config.stages.map((s) => s.name).join(', ');
      throw invalid(`“${value}” is not a stage of this workspace’s journey (its stages: ${known}).`, [{ path, message: 'not a stage of the journey' }]);
    }
    names.set(value, stage.name);
  }
  const named = <T extends LeafStep>(step: T): T =>
    step.type === 'set_field' && step.field === 'lifecycleStage' && step.value !== null ? { ...step, value: names.get(step.value)! } : step;
  return {
    ...definition,
    trigger: definition.trigger.kind === 'stage_entered' ? { ...definition.trigger, stage: names.get(definition.trigger.stage)! } : definition.trigger,
    steps: definition.steps.map((step) => {
      if (step.type === 'branch') return { ...step, then: step.then.map(named), else: step.else.map(named) };
      if (step.type === 'wait_until') return { ...step, onTimeout: step.onTimeout.map(named) };
      return named(step);
    }),
  };
}

/**
 * Saves a new playbook (version 1). Bad definitions — unknown template variables, a named
 * owner from elsewhere, a stage the journey lacks — are refused with the field that is
 * wrong, and nothing is stored.
 */
export async function createPlaybook(db: Conn, actor: Actor, input: SavePlaybookInput, clock: Clock = systemClock): Promise<Playbook> {
  assertCanWritePlaybooksOrThrow(actor);
  const definition = await fitDefinitionToWorkspaceOrThrow(db, actor.workspaceId, playbookDefinitionSchema.parse(input.definition));
  return inTransaction(db, async (trx) => {
    const now = clock.now();
    const id = await insertPlaybook(trx, {
      workspaceId: actor.workspaceId,
      name: definition.name,
      enabled: false,
      triggerKind: definition.trigger.kind,
      definition,
      createdBy: actor.userId,
      now,
    });
    if (input.enabled) await setPlaybookEnabled(trx, actor.workspaceId, id, true, now);
    const playbook = await getPlaybookOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'create', entityType: 'playbook', entityId: id, after: playbook });
    return playbook;
  });
}

/** Saves a new version; runs already under way finish on the version they entered with. */
export async function updatePlaybook(db: Conn, actor: Actor, id: string, input: SavePlaybookInput, clock: Clock = systemClock): Promise<Playbook> {
  assertCanWritePlaybooksOrThrow(actor);
  const definition = await fitDefinitionToWorkspaceOrThrow(db, actor.workspaceId, playbookDefinitionSchema.parse(input.definition));
  return inTransaction(db, async (trx) => {
    const record = await findPlaybookById(trx, actor.workspaceId, id, true);
    if (!record) throw notFound('Playbook', id);
    const before = toPlaybook(record);
    const now = clock.now();
    await insertNextVersion(trx, {
      workspaceId: actor.workspaceId,
      playbookId: id,
      version: record.current_version + 1,
      name: definition.name,
      triggerKind: definition.trigger.kind,
      definition,
      createdBy: actor.userId,
      now,
    });
    if (input.enabled !== undefined && input.enabled !== record.enabled) await setPlaybookEnabled(trx, actor.workspaceId, id, input.enabled, now);
    const after = await getPlaybookOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'update', entityType: 'playbook', entityId: id, before, after });
    return after;
  });
}

/** Turns a playbook on (it reacts to events from now on) or off (runs under way continue). */
export async function setPlaybookEnabledState(db: Conn, actor: Actor, id: string, enabled: boolean, clock: Clock = systemClock): Promise<Playbook> {
  assertCanWritePlaybooksOrThrow(actor);
  return inTransaction(db, async (trx) => {
    const record = await findPlaybookById(trx, actor.workspaceId, id, true);
    if (!record) throw notFound('Playbook', id);
    if (record.enabled !== enabled) await setPlaybookEnabled(trx, actor.workspaceId, id, enabled, clock.now());
    const after = await getPlaybookOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'update', entityType: 'playbook', entityId: id, before: { enabled: record.enabled }, after: { enabled } });
    return after;
  });
}

/** Deletes a playbook with its versions and run history (the tasks it created stay). */
export async function deletePlaybook(db: Conn, actor: Actor, id: string): Promise<void> {
  assertCanWritePlaybooksOrThrow(actor);
  const before = await getPlaybookOrThrow(db, actor, id);
  await inTransaction(db, async (trx) => {
    await deletePlaybookRow(trx, actor.workspaceId, id);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'playbook', entityId: id, before });
  });
}

const DAY_MS = 86_400_000;
/** How far back a dry run looks for event triggers (a signal, a departure, an answer). */
const DRY_RUN_LOOKBACK_DAYS = 7;

/** The accounts an event trigger would concern now, read from the present state. */
async function presentCandidates(db: Conn, workspaceId: string, trigger: PlaybookTrigger, now: Date): Promise<{ candidates: Candidate[]; note: string | null }> {
  const since = new Date(now.getTime() - DRY_RUN_LOOKBACK_DAYS * DAY_MS);
  const recent = `in the last ${DRY_RUN_LOOKBACK_DAYS} days`;
  switch (trigger.kind) {
    case 'health_below':
      return { candidates: (await findAccountsByHealth(db, workspaceId, { below: trigger.value })).map((r) => ({ accountId: r.account_id, reason: `Health is ${r.score} (below ${trigger.value})` })), note: 'Event trigger: lists accounts below the value now; a live run enters them when their score falls below it.' };
    case 'health_band':
      return { candidates: (await findAccountsByHealth(db, workspaceId, { band: trigger.band })).map((r) => ({ accountId: r.account_id, reason: `Health band is ${r.band}` })), note: 'Event trigger: lists accounts in the band now; a live run enters them when their band changes to it.' };
    case 'contact_left':
      return { candidates: (await findRecentDepartures(db, workspaceId, trigger.roles, since)).map((r) => ({ accountId: r.account_id, reason: `${r.name} (${r.role}) left ${recent}` })), note: null };
    case 'contact_arrived':
      return { candidates: [], note: 'Event trigger: accounts enter when a new contact arrives; nothing is waiting now.' };
    case 'nps_detractor':
      return { candidates: (await findRecentDetractors(db, workspaceId, trigger.maxScore, since)).map((r) => ({ accountId: r.account_id, reason: `NPS ${r.score} ${recent}` })), note: null };
    case 'urgent_ticket':
      return { candidates: (await findOpenUrgentTickets(db, workspaceId)).map((r) => ({ accountId: r.account_id!, reason: `${r.n} urgent ticket(s) open` })), note: null };
    case 'ticket_burst':
      return {
        candidates: (await findTicketBursts(db, workspaceId, trigger.count, new Date(now.getTime() - trigger.hours * 3_600_000))).map((r) => ({ accountId: r.account_id!, reason: `${r.n} tickets within ${trigger.hours} h` })),
        note: null,
      };
    case 'signal':
      return { candidates: (await findRecentSignalAccounts(db, workspaceId, trigger.signalKind, since)).map((r) => ({ accountId: r.account_id, reason: `Signal “${r.title}” ${recent}` })), note: null };
    case 'stage_entered':
      return { candidates: (await findAccountsInStage(db, workspaceId, trigger.stage)).map((r) => ({ accountId: r.id, reason: `Lifecycle stage is ${trigger.stage}` })), note: 'Event trigger: lists accounts in the stage now; a live run enters them when they move into it.' };
    case 'segment_entered':
      return { candidates: [], note: 'Segment membership is kept by the segments module; accounts enter when it reports them entering (segment.entered).' };
    default:
      return { candidates: await findScheduledCandidates(db, workspaceId, trigger, now.toISOString().slice(0, 10)), note: null };
  }
}

/**
 * Which accounts would enter now, and why; and which the conditions or the re-entry rule keep
 * out. Reads only; enters nobody. Admins and leaders (it is part of editing).
 */
export async function dryRunPlaybook(db: Conn, actor: Actor, id: string, clock: Clock = systemClock): Promise<PlaybookDryRun> {
  // Part of editing a playbook, so for those who may change it.
  assertCanWritePlaybooksOrThrow(actor);
  const playbook = await getPlaybookOrThrow(db, actor, id);
  const { definition } = playbook;
  const now = clock.now();
  const today = now.toISOString().slice(0, 10);
  const { candidates, note } = await presentCandidates(db, actor.workspaceId, definition.trigger, now);
  const unique = [...new Map(candidates.map((c) => [c.accountId, c])).values()];
  const ids = unique.map((c) => c.accountId);
  const [facts, entries] = await Promise.all([findAccountFacts(db, actor.workspaceId, ids), findEntries(db, id, ids)]);
  const result: PlaybookDryRun = { asOf: today, wouldEnter: [], excluded: [], holdoutPercent: definition.holdoutPercent, note };
  for (const candidate of unique) {
    const account = facts.get(candidate.accountId);
    if (!account) continue;
    const row = { accountId: account.id, accountName: account.name, reason: candidate.reason };
    const refusal = reentryRefusal(definition, entries.get(account.id), now);
    if (!conditionsHold(definition.conditions, account, today)) result.excluded.push({ ...row, why: `conditions do not hold (${describeConditions(definition.conditions)})` });
    else if (refusal) result.excluded.push({ ...row, why: refusal });
    else result.wouldEnter.push(row);
  }
  const byName = (a: { accountName: string }, b: { accountName: string }) => a.accountName.localeCompare(b.accountName);
  result.wouldEnter.sort(byName);
  result.excluded.sort(byName);
  return result;
}

async function runsWithSteps(db: Conn, workspaceId: string, rows: Awaited<ReturnType<typeof findRuns>>): Promise<PlaybookRun[]> {
  const steps = await findStepResults(db, workspaceId, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    playbookId: row.playbook_id,
    playbookName: row.playbook_name,
    version: row.version,
    accountId: row.account_id,
    accountName: row.account_name,
    reason: row.reason,
    isHoldout: row.is_holdout,
    entryKey: row.entry_key,
    holdoutDraw: row.holdout_draw,
    holdoutPercent: row.holdout_percent,
    state: row.state,
    position: row.position,
    wakeAt: row.wake_at,
    lastError: row.last_error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    steps: steps
      .filter((step) => step.run_id === row.id)
      .map((step) => ({ stepKey: step.step_key, stepType: step.step_type, outcome: step.outcome, detail: step.detail, at: step.at })),
  }));
}

/** A playbook's runs, newest first: what fired, when, why, and each step's result. */
export async function listPlaybookRuns(db: Conn, actor: Actor, id: string, query: { limit: number }): Promise<{ data: PlaybookRun[] }> {
  await getPlaybookOrThrow(db, actor, id);
  return { data: await runsWithSteps(db, actor.workspaceId, await findRuns(db, { workspaceId: actor.workspaceId, playbookId: id, limit: query.limit })) };
}

/** An account's playbook runs, newest first. */
export async function listAccountPlaybookRuns(db: Conn, actor: Actor, accountId: string, query: { limit: number }): Promise<{ data: PlaybookRun[] }> {
  await getAccountOrThrow(db, actor, accountId);
  return { data: await runsWithSteps(db, actor.workspaceId, await findRuns(db, { workspaceId: actor.workspaceId, accountId, limit: query.limit })) };
}

export type { PlaybookDefinitionInput };
export { addDays };
