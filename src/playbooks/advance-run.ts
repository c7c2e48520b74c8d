import type { Kysely } from 'kysely';
import { updateAccount } from '../accounts/index.js';
import { automationActor } from '../auth/index.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { scheduleJob, type JobHandler } from '../jobs/index.js';
import { segmentPoolFor } from '../segments/index.js';
import { createTask } from '../tasks/index.js';
import { advanceJob, PLAYBOOK_ADVANCE_JOB } from './enter-playbooks.js';
import type { OutboundPort } from './outbound-steps.js';
import { playbookDefinitionSchema, type LeafStep, type PlaybookDefinition, type PlaybookStep } from './playbook-definition.js';
import {
  addDays,
  conditionsHold,
  enterList,
  formatPosition,
  nextPosition,
  parsePosition,
  stepAt,
  type AccountFacts,
  type Position,
} from './playbook-rules.js';
import { renderTemplate, type TemplateView } from './playbook-templates.js';
import {
  claimStep,
  findAccountFacts,
  findDefinitionVersion,
  findEscalationTarget,
  findRecipients,
  findRunForUpdate,
  findStepResult,
  findStepResults,
  findTaskState,
  isMember,
  pickPoolMember,
  saveStepResult,
  updateRun,
} from './playbooks.repository.js';

/**
 * Runs advance one step per transaction: lock the run row, do the step at its position, record
 * the step's result under the key (run id, step position) — the idempotency key of its side
 * effect, inserted in the same transaction, so a retried or duplicated job finds it and does
 * nothing — and move the position. Waits set `wake_at` and schedule the run's next job for then.
 */

type Run = NonNullable<Awaited<ReturnType<typeof findRunForUpdate>>>;
type StepContext = {
  trx: Kysely<Database>;
  run: Run;
  definition: PlaybookDefinition;
  playbookName: string;
  facts: AccountFacts;
  stepKey: string;
  now: Date;
  today: string;
  /** True when the run was waiting at this step and its time came. */
  woke: boolean;
  clock: Clock;
  outbound?: OutboundPort;
};
type StepOutcome =
  | { kind: 'next'; outcome: string; detail?: Record<string, unknown> }
  | { kind: 'goto'; position: Position | null; outcome: string; detail?: Record<string, unknown> }
  | { kind: 'wait'; until: Date; outcome: string; detail?: Record<string, unknown> };

const DAY_MS = 86_400_000;

function actorFor(context: StepContext) {
  return automationActor(context.run.workspace_id, `playbook: ${context.playbookName}`);
}

function templateView(context: StepContext, contact?: { name: string; email: string; title: string | null }): TemplateView {
  const { facts, today } = context;
  return {
    account: {
      name: facts.name,
      domain: facts.domain,
      arr: facts.arr,
      renewalDate: facts.renewalDate,
      daysToRenewal: facts.renewalDate ? Math.round((Date.parse(facts.renewalDate) - Date.parse(today)) / DAY_MS) : null,
      lifecycleStage: facts.lifecycleStage,
      segment: facts.segment,
      ownerName: facts.ownerName,
      ownerEmail: facts.ownerEmail,
      healthScore: facts.healthScore,
      healthBand: facts.healthBand,
    },
    contact: {
      name: contact?.name ?? null,
      firstName: contact?.name.split(/\s+/)[0] ?? null,
      email: contact?.email ?? null,
      title: contact?.title ?? null,
    },
    playbook: { name: context.playbookName },
    trigger: { reason: context.run.reason },
  };
}

/**
 * The pool's member with the fewest open tasks, or why the pool gave nobody (stated on the run
 * history with the fallback that took over).
 */
async function poolOwner(context: StepContext, segmentId: string | undefined): Promise<{ ownerId: string; rule: string } | { miss: string }> {
  const { trx, run } = context;
  const pool = await segmentPoolFor(trx, run.workspace_id, { accountId: run.account_id, ...(segmentId ? { segmentId } : {}) });
  if (!pool) return { miss: segmentId ? 'the step’s segment no longer exists' : 'no segment of the account has a pool' };
  if (!pool.team) return { miss: `segment '${pool.segment.name}' has no pool` };
  const member = await pickPoolMember(trx, run.workspace_id, pool.team.id);
  if (!member) return { miss: `segment pool '${pool.team.name}' has no members` };
  return { ownerId: member.userId, rule: `segment pool '${pool.team.name}': least open tasks` };
}

async function taskOwner(context: StepContext, step: Extract<LeafStep, { type: 'create_task' }>): Promise<{ ownerId: string | null; rule: string }> {
  const { trx, run, facts } = context;
  let why: string;
  if (step.owner.kind === 'user') {
    if (await isMember(trx, run.workspace_id, step.owner.userId)) return { ownerId: step.owner.userId, rule: 'named user' };
    why = 'named user is no longer a member';
  } else if (step.owner.kind === 'segment_pool') {
    const picked = await poolOwner(context, step.owner.segmentId);
    if ('ownerId' in picked) return picked;
    why = picked.miss;
  } else why = '';
  if (facts.ownerId) return { ownerId: facts.ownerId, rule: why ? `account owner (${why})` : 'account owner' };
  const fallback = await findEscalationTarget(trx, run.workspace_id, null);
  const rule = fallback ? `the account has no owner: its ${fallback.role}` : 'nobody';
  return { ownerId: fallback?.userId ?? null, rule: why ? `${rule} (${why})` : rule };
}

async function createTaskStep(context: StepContext, step: Extract<LeafStep, { type: 'create_task' }>): Promise<StepOutcome> {
  const { trx, run } = context;
  const { ownerId, rule } = await taskOwner(context, step);
  if (!ownerId) return { kind: 'next', outcome: 'skipped', detail: { why: 'no owner and no leader or admin to give the task to' } };
  if (!(await claimStep(trx, { runId: run.id, stepKey: context.stepKey, workspaceId: run.workspace_id, stepType: step.type, outcome: 'created', detail: {}, at: context.now }))) {
    return { kind: 'next', outcome: 'already done' };
  }
  const view = templateView(context);
  const dueDate = addDays(context.today, step.dueInDays);
  const description = [step.description ? renderTemplate(step.description, view) : null, `Playbook “${context.playbookName}”: ${run.reason}`].filter(Boolean).join('\n\n');
  const task = await createTask(trx, actorFor(context), run.account_id, { title: renderTemplate(step.title, view), description, dueDate, priority: step.priority, ownerId });
  return { kind: 'next', outcome: 'created', detail: { taskId: task.id, ownerId, ownerRule: rule, dueDate, title: task.title } };
}

async function sendEmailStep(context: StepContext, step: Extract<LeafStep, { type: 'send_email' }>): Promise<StepOutcome> {
  const { trx, run } = context;
  if (!context.outbound) return { kind: 'next', outcome: 'not_sent', detail: { why: 'outbound email is not wired into this build' } };
  const who = step.to.kind === 'contact_roles' ? { roles: step.to.roles } : step.to.kind === 'trigger_contact' ? { contactId: (run.context.contactId as string | null) ?? null } : {};
  const recipients = await findRecipients(trx, run.workspace_id, run.account_id, who);
  if (recipients.length === 0) return { kind: 'next', outcome: 'skipped', detail: { why: 'no active contact with an email matches' } };
  const messages = [];
  for (const contact of recipients) {
    const expert = contact.expertise === 'expert';
    const view = templateView(context, contact);
    const result = await context.outbound.queueEmail(
      trx,
      {
        workspaceId: run.workspace_id,
        accountId: run.account_id,
        contactId: contact.id,
        to: contact.email,
        subject: renderTemplate(expert ? (step.expertSubject ?? step.subject) : step.subject, view),
        text: renderTemplate(expert ? (step.expertText ?? step.text) : step.text, view),
        bulk: step.bulk,
        idempotencyKey: `playbook:${run.id}:${context.stepKey}:${contact.id}`,
        origin: { kind: 'playbook', playbookId: run.playbook_id, runId: run.id },
      },
      context.clock,
    );
    messages.push({ contactId: contact.id, variant: expert ? 'expert' : 'novice', status: result.status, messageId: result.messageId });
  }
  return { kind: 'next', outcome: 'queued', detail: { messages } };
}

async function callWebhookStep(context: StepContext, step: Extract<LeafStep, { type: 'call_webhook' }>): Promise<StepOutcome> {
  const { run } = context;
  if (!context.outbound) return { kind: 'next', outcome: 'not_sent', detail: { why: 'outbound webhooks are not wired into this build' } };
  const text = renderTemplate(step.text, templateView(context), step.format === 'slack' ? 'slack' : 'plain');
  const payload =
    step.format === 'slack'
      ? { text }
      : { event: 'playbook.step', playbook: { id: run.playbook_id, name: context.playbookName }, account: { id: run.account_id, name: context.facts.name }, runId: run.id, reason: run.reason, text };
  const result = await context.outbound.queueWebhook(
    context.trx,
    { workspaceId: run.workspace_id, accountId: run.account_id, url: step.url, format: step.format, payload, idempotencyKey: `playbook:${run.id}:${context.stepKey}`, origin: { kind: 'playbook', playbookId: run.playbook_id, runId: run.id } },
    context.clock,
  );
  return { kind: 'next', outcome: result.status, detail: { deliveryId: result.deliveryId, ...(result.reason ? { why: result.reason } : {}) } };
}

async function setFieldStep(context: StepContext, step: Extract<LeafStep, { type: 'set_field' }>): Promise<StepOutcome> {
  const { trx, run } = context;
  if (!(await claimStep(trx, { runId: run.id, stepKey: context.stepKey, workspaceId: run.workspace_id, stepType: step.type, outcome: 'set', detail: {}, at: context.now }))) {
    return { kind: 'next', outcome: 'already done' };
  }
  // Through the accounts module's use case: audit, timeline, account.updated and any rule it
  // enforces on stage changes apply to a playbook as to a person.
  await updateAccount(trx, actorFor(context), run.account_id, { [step.field]: step.value }, { now: context.now });
  return { kind: 'next', outcome: 'set', detail: { field: step.field, value: step.value } };
}

/** The task the run's latest create-task step made, if any. */
async function latestRunTask(context: StepContext): Promise<string | null> {
  const results = await findStepResults(context.trx, context.run.workspace_id, [context.run.id]);
  const created = results.filter((row) => row.step_type === 'create_task' && typeof row.detail.taskId === 'string' && !row.step_key.endsWith(':escalation'));
  return (created[created.length - 1]?.detail.taskId as string | undefined) ?? null;
}

async function escalateStep(context: StepContext, step: Extract<LeafStep, { type: 'escalate' }>): Promise<StepOutcome> {
  const { trx, run } = context;
  const taskId = await latestRunTask(context);
  const task = taskId ? await findTaskState(trx, run.workspace_id, taskId) : undefined;
  if (!task || !task.due_date) return { kind: 'next', outcome: 'skipped', detail: { why: 'no dated task before this step' } };
  if (task.status === 'done' || task.status === 'cancelled') return { kind: 'next', outcome: 'not needed', detail: { taskId, status: task.status } };
  const fireAt = new Date(Date.parse(`${addDays(task.due_date, 1 + step.afterDaysOverdue)}T00:00:00Z`));
  if (context.now < fireAt) return { kind: 'wait', until: fireAt, outcome: 'waiting', detail: { taskId, until: fireAt.toISOString() } };
  const target = await findEscalationTarget(trx, run.workspace_id, task.owner_id);
  if (!target) return { kind: 'next', outcome: 'skipped', detail: { why: 'no leader or admin to escalate to', taskId } };
  const key = `${context.stepKey}:escalation`;
  if (!(await claimStep(trx, { runId: run.id, stepKey: key, workspaceId: run.workspace_id, stepType: 'create_task', outcome: 'created', detail: {}, at: context.now }))) {
    return { kind: 'next', outcome: 'already escalated' };
  }
  const escalation = await createTask(trx, actorFor(context), run.account_id, {
    title: `Escalation: “${task.title}” is overdue on ${context.facts.name}`,
    description: `The task was due ${task.due_date} and is still ${task.status}. Playbook “${context.playbookName}”: ${run.reason}`,
    dueDate: context.today,
    priority: step.priority,
    ownerId: target.userId,
  });
  await saveStepResult(trx, { runId: run.id, stepKey: key, workspaceId: run.workspace_id, stepType: 'create_task', outcome: 'created', detail: { taskId: escalation.id, escalationOf: taskId }, at: context.now });
  return { kind: 'next', outcome: 'escalated', detail: { taskId, escalationTaskId: escalation.id, to: target.userId, toRole: target.role } };
}

async function waitUntilStep(context: StepContext, step: Extract<PlaybookStep, { type: 'wait_until' }>, index: number): Promise<StepOutcome> {
  const previous = context.woke ? await findStepResult(context.trx, context.run.id, context.stepKey) : undefined;
  const deadline = typeof previous?.detail.deadline === 'string' ? new Date(previous.detail.deadline) : new Date(context.now.getTime() + step.timeoutDays * DAY_MS);
  if (conditionsHold(step.until, context.facts, context.today)) return { kind: 'next', outcome: 'condition met' };
  if (context.now >= deadline) return { kind: 'goto', position: enterTimeout(context.definition.steps, index), outcome: 'timed out' };
  const nextCheck = new Date(Math.min(context.now.getTime() + step.checkEveryHours * 3_600_000, deadline.getTime()));
  return { kind: 'wait', until: nextCheck, outcome: 'waiting', detail: { deadline: deadline.toISOString() } };
}

function enterTimeout(steps: readonly PlaybookStep[], index: number): Position | null {
  return enterList(steps, index, 'timeout');
}

async function runStep(context: StepContext, step: PlaybookStep, position: Position): Promise<StepOutcome> {
  switch (step.type) {
    case 'create_task':
      return createTaskStep(context, step);
    case 'send_email':
      return sendEmailStep(context, step);
    case 'call_webhook':
      return callWebhookStep(context, step);
    case 'set_field':
      return setFieldStep(context, step);
    case 'wait': {
      if (context.woke) return { kind: 'next', outcome: 'waited' };
      const until = new Date(context.now.getTime() + step.days * DAY_MS);
      return { kind: 'wait', until, outcome: 'waiting', detail: { until: until.toISOString() } };
    }
    case 'escalate':
      return escalateStep(context, step);
    case 'branch': {
      const holds = conditionsHold(step.if, context.facts, context.today);
      return { kind: 'goto', position: enterList(context.definition.steps, position.index, holds ? 'then' : 'else'), outcome: holds ? 'then' : 'else' };
    }
    case 'wait_until':
      return waitUntilStep(context, step, position.index);
  }
}

const definitions = new Map<string, PlaybookDefinition>();

async function definitionOf(trx: Kysely<Database>, playbookId: string, version: number): Promise<PlaybookDefinition> {
  const key = `${playbookId}:${version}`;
  let definition = definitions.get(key);
  if (!definition) {
    // Versions never change once written, so each process parses one once.
    definition = playbookDefinitionSchema.parse(await findDefinitionVersion(trx, playbookId, version));
    if (definitions.size > 1000) definitions.clear();
    definitions.set(key, definition);
  }
  return definition;
}

/** Does the run's next step; true when another step is due at once. */
export async function advanceRunOneStep(db: Kysely<Database>, runId: string, options: { clock: Clock; outbound?: OutboundPort }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const run = await findRunForUpdate(trx, runId);
    if (!run || (run.state !== 'running' && run.state !== 'waiting') || run.position === null) return false;
    const now = options.clock.now();
    if (run.state === 'waiting' && run.wake_at !== null && run.wake_at > now) return false;
    const definition = await definitionOf(trx, run.playbook_id, run.version);
    const position = parsePosition(run.position);
    const step = stepAt(definition.steps, position);
    if (step === null) {
      await updateRun(trx, run.id, { state: 'done', position: null, finishedAt: now });
      return false;
    }
    const facts = (await findAccountFacts(trx, run.workspace_id, [run.account_id])).get(run.account_id);
    if (!facts) return false;
    const playbook = await trx.selectFrom('playbooks').select('name').where('id', '=', run.playbook_id).executeTakeFirst();
    const stepKey = formatPosition(position);
    const context: StepContext = {
      trx,
      run,
      definition,
      playbookName: playbook?.name ?? 'playbook',
      facts,
      stepKey,
      now,
      today: now.toISOString().slice(0, 10),
      woke: run.state === 'waiting',
      clock: options.clock,
      outbound: options.outbound,
    };
    const result = await runStep(context, step, position);
    if (!result.outcome.startsWith('already ')) await saveStepResult(trx, { runId: run.id, stepKey, workspaceId: run.workspace_id, stepType: step.type, outcome: result.outcome, detail: result.detail ?? {}, at: now });
    if (result.kind === 'wait') {
      await updateRun(trx, run.id, { state: 'waiting', position: run.position, wakeAt: result.until });
      await scheduleJob(trx, advanceJob(run.workspace_id, run.id, run.position, result.until), options.clock);
      return false;
    }
    const next = result.kind === 'goto' ? result.position : nextPosition(definition.steps, position);
    if (next === null) {
      await updateRun(trx, run.id, { state: 'done', position: null, finishedAt: now });
      return false;
    }
    await updateRun(trx, run.id, { state: 'running', position: formatPosition(next) });
    return true;
  });
}

/**
 * The job that moves a run: steps one after another until a wait or the end. A step that
 * throws is retried with the job's backoff; on the last attempt the run is marked failed with
 * the error, visible in its history.
 */
export function createPlaybookAdvanceJob(options: { outbound?: OutboundPort } = {}): JobHandler {
  return {
    type: PLAYBOOK_ADVANCE_JOB,
    backoff: { baseMs: 5_000, maxMs: 600_000 },
    async run(job) {
      const runId = String(job.payload.runId);
      try {
        for (let steps = 0; steps < 100 && (await advanceRunOneStep(job.db, runId, { clock: job.clock, outbound: options.outbound })); steps += 1) {
          if (job.signal.aborted) return;
        }
      } catch (error) {
        if (job.attempt >= job.maxAttempts) {
          await inTransaction(job.db, async (trx) => {
            const run = await findRunForUpdate(trx, runId);
            if (run) await updateRun(trx, runId, { state: 'failed', position: run.position, lastError: (error as Error).message, finishedAt: job.clock.now() });
          });
        }
        throw error;
      }
    },
  };
}
