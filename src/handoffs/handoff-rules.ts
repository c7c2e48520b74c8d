import type { Kysely } from 'kysely';
import { assertCanAdministerOrThrow, type Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { conflict, invalid, notFound, type FieldIssue } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { DEFAULT_TEAMS, ensureTeams, listTeams, teamSlug } from '../teams/index.js';
import { DEFAULT_HANDOFF_RULES } from './default-rules.js';
import { claimSetup, deleteRuleRow, findRuleRows, insertRules, updateRuleRow, type RuleRow, type RuleValues } from './handoffs.repository.js';
import type { EscalationStep, HandoffCompletion, HandoffRule, HandoffRuleInput, HandoffTrigger, UpdateHandoffRuleInput } from './handoffs.schema.js';

type Conn = Kysely<Database>;

/** A rule as the engine uses it. */
export type ParsedRule = {
  id: string;
  name: string;
  senderTeamId: string;
  receiverTeamId: string;
  triggers: HandoffTrigger[];
  completion: HandoffCompletion[];
  clock: { amount: number; unit: 'hours' | 'days'; businessHours: boolean };
  escalation: EscalationStep[];
  enabled: boolean;
};

export function parseRule(row: RuleRow): ParsedRule {
  return {
    id: row.id,
    name: row.name,
    senderTeamId: row.sender_team_id,
    receiverTeamId: row.receiver_team_id,
    triggers: row.triggers as HandoffTrigger[],
    completion: row.completion as HandoffCompletion[],
    clock: { amount: row.clock_amount, unit: row.clock_unit, businessHours: row.business_hours },
    escalation: row.escalation as EscalationStep[],
    enabled: row.enabled,
  };
}

function ruleValues(input: Omit<HandoffRuleInput, 'senderTeamId' | 'receiverTeamId'> & { senderTeamId: string; receiverTeamId: string }): RuleValues {
  return {
    name: input.name,
    sender_team_id: input.senderTeamId,
    receiver_team_id: input.receiverTeamId,
    triggers: JSON.stringify(input.triggers),
    completion: JSON.stringify(input.completion),
    clock_amount: input.clock.amount,
    clock_unit: input.clock.unit,
    business_hours: input.clock.businessHours,
    escalation: JSON.stringify(input.escalation),
    enabled: input.enabled,
  };
}

/**
 * Gives a new workspace the default teams and hand-off rules (setup's `createWorkspaceWithDefaults`
 * calls it as the workspace is created; migration 0043 did the same for workspaces created
 * before), once: a `handoff_setup` row records it, so a deleted default stays deleted and reads
 * never write. Idempotent and safe in parallel: the setup row's insert waits for a concurrent
 * one and then does nothing.
 */
export async function setUpHandoffDefaults(db: Conn, workspaceId: string, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (!(await claimSetup(trx, workspaceId, now))) return;
    const teams = await ensureTeams(trx, workspaceId, DEFAULT_TEAMS.map((name) => ({ name })));
    const teamId = (name: string) => teams.get(teamSlug(name))!;
    const taken = new Set((await findRuleRows(trx, workspaceId)).map((row) => row.name.toLowerCase()));
    await insertRules(
      trx,
      workspaceId,
      DEFAULT_HANDOFF_RULES.filter((rule) => !taken.has(rule.name.toLowerCase())).map(({ sender, receiver, ...rule }) =>
        ruleValues({ ...rule, senderTeamId: teamId(sender), receiverTeamId: teamId(receiver) }),
      ),
      now,
    );
  });
}

/** The workspace's enabled rules (the consumer's view). */
export async function findEnabledRules(db: Conn, workspaceId: string): Promise<ParsedRule[]> {
  return (await findRuleRows(db, workspaceId, { enabledOnly: true })).map(parseRule);
}

/** Every rule, enabled or not, by id (for completing hand-offs whose rule was switched off since). */
export async function findRulesById(db: Conn, workspaceId: string): Promise<Map<string, ParsedRule>> {
  return new Map((await findRuleRows(db, workspaceId)).map((row) => [row.id, parseRule(row)]));
}

async function toViews(db: Conn, workspaceId: string, rows: RuleRow[]): Promise<HandoffRule[]> {
  const teams = new Map((await listTeams(db, { workspaceId })).map((t) => [t.id, t.name]));
  return rows.map((row) => {
    const rule = parseRule(row);
    return {
      id: rule.id,
      name: rule.name,
      sender: { id: rule.senderTeamId, name: teams.get(rule.senderTeamId) ?? '?' },
      receiver: { id: rule.receiverTeamId, name: teams.get(rule.receiverTeamId) ?? '?' },
      triggers: rule.triggers,
      completion: rule.completion,
      clock: rule.clock,
      escalation: rule.escalation,
      enabled: rule.enabled,
    };
  });
}

/** The workspace's hand-off rules; anyone in the workspace reads them. */
export async function listHandoffRules(db: Conn, actor: Actor): Promise<HandoffRule[]> {
  return toViews(db, actor.workspaceId, await findRuleRows(db, actor.workspaceId));
}

export async function getHandoffRuleOrThrow(db: Conn, actor: Pick<Actor, 'workspaceId'>, id: string): Promise<HandoffRule> {
  const rows = await findRuleRows(db, actor.workspaceId, { id });
  if (rows.length === 0) throw notFound('Hand-off rule', id);
  return (await toViews(db, actor.workspaceId, rows))[0]!;
}

async function checkRuleOrThrow(db: Conn, actor: Actor, rule: { name: string; senderTeamId: string; receiverTeamId: string }, exceptId?: string) {
  const teams = new Set((await listTeams(db, actor)).map((t) => t.id));
  const issues: FieldIssue[] = [];
  if (!teams.has(rule.senderTeamId)) issues.push({ path: 'senderTeamId', message: 'is not a team of this workspace' });
  if (!teams.has(rule.receiverTeamId)) issues.push({ path: 'receiverTeamId', message: 'is not a team of this workspace' });
  if (rule.senderTeamId === rule.receiverTeamId) issues.push({ path: 'receiverTeamId', message: 'must differ from the sending team' });
  if (issues.length) throw invalid(`The hand-off rule cannot be saved: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
  const clash = (await findRuleRows(db, actor.workspaceId)).find((row) => row.id !== exceptId && row.name.toLowerCase() === rule.name.toLowerCase());
  if (clash) throw conflict(`A hand-off rule named "${clash.name}" already exists.`);
}

/** Adds a rule (admin). */
export async function createHandoffRule(db: Conn, actor: Actor, input: HandoffRuleInput, now: Date): Promise<HandoffRule> {
  assertCanAdministerOrThrow(actor);
  await checkRuleOrThrow(db, actor, input);
  return inTransaction(db, async (trx) => {
    const [id] = await insertRules(trx, actor.workspaceId, [ruleValues(input)], now);
    const rule = await getHandoffRuleOrThrow(trx, actor, id!);
    await recordAudit(trx, actor, { action: 'create', entityType: 'handoff_rule', entityId: id!, after: rule });
    return rule;
  });
}

/** Changes a rule (admin). Running hand-offs keep their clock and escalation path; new conditions complete them. */
export async function updateHandoffRule(db: Conn, actor: Actor, id: string, input: UpdateHandoffRuleInput, now: Date): Promise<HandoffRule> {
  assertCanAdministerOrThrow(actor);
  const before = await getHandoffRuleOrThrow(db, actor, id);
  const merged = {
    name: input.name ?? before.name,
    senderTeamId: input.senderTeamId ?? before.sender.id,
    receiverTeamId: input.receiverTeamId ?? before.receiver.id,
    triggers: input.triggers ?? before.triggers,
    completion: input.completion ?? before.completion,
    clock: input.clock ?? before.clock,
    escalation: input.escalation ?? before.escalation,
    enabled: input.enabled ?? before.enabled,
  };
  await checkRuleOrThrow(db, actor, merged, id);
  return inTransaction(db, async (trx) => {
    await updateRuleRow(trx, actor.workspaceId, id, { ...ruleValues(merged), updated_at: now });
    const after = await getHandoffRuleOrThrow(trx, actor, id);
    await recordAudit(trx, actor, { action: 'update', entityType: 'handoff_rule', entityId: id, before, after });
    return after;
  });
}

/** Deletes a rule (admin). Its hand-offs stay, with the rule's name; running ones keep their clocks. */
export async function deleteHandoffRule(db: Conn, actor: Actor, id: string): Promise<void> {
  assertCanAdministerOrThrow(actor);
  const before = await getHandoffRuleOrThrow(db, actor, id);
  await inTransaction(db, async (trx) => {
    await deleteRuleRow(trx, actor.workspaceId, id);
    await recordAudit(trx, actor, { action: 'delete', entityType: 'handoff_rule', entityId: id, before });
  });
}
