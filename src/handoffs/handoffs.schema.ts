import { z } from 'zod';
import { isoDateSchema } from '../core/storable-input.js';

/** Request and response shapes of the hand-offs API; the OpenAPI document is generated from these. */

export const HANDOFF_STATES = ['open', 'accepted', 'overdue', 'escalated', 'completed'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];

const stage = z.string().trim().min(1).max(80);

/**
 * What starts a hand-off: a domain event, with the lifecycle stage it must bring for account
 * events (created in that stage; updated into it).
 */
export const handoffTriggerSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('account.created'), stage: stage.optional().describe('Only accounts created in this stage') }),
  z.strictObject({ event: z.literal('account.updated'), stage: stage.describe('The lifecycle stage the account enters') }),
  z.strictObject({ event: z.literal('contract.signed') }),
  z.strictObject({ event: z.literal('contract.renewed') }),
  z.strictObject({ event: z.literal('ticket.opened') }),
]);
export type HandoffTrigger = z.infer<typeof handoffTriggerSchema>;

/** What completes a running hand-off (any one of a rule's conditions), besides a person completing it on the board. */
export const handoffCompletionSchema = z.discriminatedUnion('event', [
  z.strictObject({
    event: z.literal('interaction.logged'),
    kinds: z.array(z.enum(['meeting', 'call', 'email'])).min(1).max(3).describe('Which logged interactions count; it must have happened after the hand-off started'),
  }),
  z.strictObject({ event: z.literal('task.completed'), titleContains: z.string().trim().min(1).max(100).optional().describe('Case-insensitive; any task when left out') }),
  z.strictObject({ event: z.literal('account.updated'), stages: z.array(stage).min(1).max(20).describe('The account enters one of these stages') }),
  z.strictObject({ event: z.literal('contract.signed') }),
  z.strictObject({ event: z.literal('ticket.solved') }),
]);
export type HandoffCompletion = z.infer<typeof handoffCompletionSchema>;

export const ESCALATION_TARGETS = ['receiver_lead', 'sender_lead', 'admin'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** One level of the escalation path, counted from the due time. */
export const escalationStepSchema = z.strictObject({
  afterHours: z.number().int().min(0).max(2160).describe('Hours after the due time (wall-clock)'),
  to: z.enum(ESCALATION_TARGETS).describe("The receiving team's lead, the sending team's lead, or an admin (a lead-less team falls back to an admin)"),
  createTask: z.boolean().default(true).describe('Also give the person a task on the account (the timeline is always told)'),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

export const handoffClockSchema = z.strictObject({
  amount: z.number().int().min(1).max(1000),
  unit: z.enum(['hours', 'days']),
  businessHours: z
    .boolean()
    .default(false)
    .describe('Count only Monday–Friday 09:00–17:00 UTC; a day is then 8 working hours'),
});
export type HandoffClock = z.infer<typeof handoffClockSchema>;

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  senderTeamId: z.uuid(),
  receiverTeamId: z.uuid(),
  triggers: z.array(handoffTriggerSchema).min(1).max(10),
  completion: z.array(handoffCompletionSchema).max(10).describe('Any one completes it; empty: only a person completes it on the board'),
  clock: handoffClockSchema,
  escalation: z.array(escalationStepSchema).max(5).describe('Levels in order, each once'),
  enabled: z.boolean().default(true),
};

export const handoffRuleInputSchema = z.strictObject(ruleFields);
export type HandoffRuleInput = z.infer<typeof handoffRuleInputSchema>;

export const updateHandoffRuleInputSchema = z
  .strictObject({
    name: ruleFields.name.optional(),
    senderTeamId: ruleFields.senderTeamId.optional(),
    receiverTeamId: ruleFields.receiverTeamId.optional(),
    triggers: ruleFields.triggers.optional(),
    completion: ruleFields.completion.optional(),
    clock: ruleFields.clock.optional(),
    escalation: ruleFields.escalation.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });
export type UpdateHandoffRuleInput = z.infer<typeof updateHandoffRuleInputSchema>;

const teamRef = z.object({ id: z.uuid(), name: z.string() });

export const handoffRuleSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    sender: teamRef,
    receiver: teamRef,
    triggers: z.array(handoffTriggerSchema),
    completion: z.array(handoffCompletionSchema),
    clock: z.object({ amount: z.number(), unit: z.enum(['hours', 'days']), businessHours: z.boolean() }),
    escalation: z.array(z.object({ afterHours: z.number(), to: z.enum(ESCALATION_TARGETS), createTask: z.boolean() })),
    enabled: z.boolean(),
  })
  .meta({ id: 'HandoffRule' });
export type HandoffRule = z.infer<typeof handoffRuleSchema>;
export const handoffRuleListSchema = z.object({ data: z.array(handoffRuleSchema) });

export const handoffHistorySchema = z.object({
  at: z.date(),
  action: z.string().describe('started, accepted, reassigned, overdue, escalated, completed'),
  actorName: z.string().nullable().describe('Null when the system acted'),
  detail: z.string().nullable(),
});

export const handoffSchema = z
  .object({
    id: z.uuid(),
    account: z.object({ id: z.uuid(), name: z.string() }),
    ruleId: z.uuid().nullable().describe('Null once the rule was deleted'),
    ruleName: z.string(),
    sender: teamRef,
    receiver: teamRef,
    assignee: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('Who accepted it'),
    state: z.enum(HANDOFF_STATES),
    startedAt: z.date(),
    dueAt: z.date(),
    businessHours: z.boolean(),
    acceptedAt: z.date().nullable(),
    overdueAt: z.date().nullable(),
    completedAt: z.date().nullable(),
    completedHow: z.string().nullable().describe('manual, or the event that completed it'),
    onTime: z.boolean().nullable().describe('Completed by its due time; null while running'),
    escalationLevel: z.number().int(),
    escalationLevels: z.number().int(),
    history: z.array(handoffHistorySchema).optional().describe('On GET /api/handoffs/{id} only'),
  })
  .meta({ id: 'Handoff' });
export type Handoff = z.infer<typeof handoffSchema>;
export const handoffListSchema = z.object({ data: z.array(handoffSchema) });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listHandoffsQuerySchema = z.strictObject({
  teamId: z.uuid().optional().describe('Sent or received by this team'),
  state: z.enum([...HANDOFF_STATES, 'live']).optional().describe('live: every state but completed'),
  overdue: booleanQuery.optional().describe('true: running and past due now'),
  accountId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListHandoffsQuery = z.infer<typeof listHandoffsQuerySchema>;

export const acceptHandoffInputSchema = z.strictObject({
  assigneeId: z.uuid().optional().describe('Defaults to the caller; someone else only for team leads, leaders and admins'),
});
export const completeHandoffInputSchema = z.strictObject({
  note: z.string().trim().min(1).max(2000).optional(),
});
export const reassignHandoffInputSchema = z
  .strictObject({
    teamId: z.uuid().optional().describe('Another receiving team'),
    assigneeId: z.uuid().nullable().optional().describe('A person of the receiving team; null sends it back to the team'),
  })
  .refine((value) => value.teamId !== undefined || value.assigneeId !== undefined, { message: 'Send teamId and/or assigneeId' });
export type ReassignHandoffInput = z.infer<typeof reassignHandoffInputSchema>;

export const slaQuerySchema = z.strictObject({
  from: isoDateSchema.optional().describe('First day (UTC) of hand-offs started; default 90 days ago'),
  to: isoDateSchema.optional().describe('Last day (UTC), inclusive; default today'),
});

const slaFigures = {
  started: z.number().int(),
  completed: z.number().int(),
  completedOnTime: z.number().int(),
  openOverdue: z.number().int().describe('Started in the period, not completed, past due now'),
  decided: z.number().int().describe('Completed, or past due while running: the hand-offs whose outcome is known'),
  attainment: z.number().nullable().describe('completedOnTime / decided, 0–1; null when none is decided'),
  medianHours: z.number().nullable().describe('Median hours from start to completion of the completed ones'),
};
export const slaReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    teams: z.array(z.object({ team: teamRef, ...slaFigures })),
    rules: z.array(z.object({ ruleId: z.uuid().nullable(), ruleName: z.string(), team: teamRef, ...slaFigures })),
  })
  .meta({ id: 'HandoffSla' });
export type SlaReport = z.infer<typeof slaReportSchema>;
