import { z } from 'zod';
import { SIGNAL_TYPES } from '../signals/index.js';
import { TASK_PRIORITIES } from '../tasks/index.js';
import { templateProblems } from './playbook-templates.js';

/**
 * A playbook's definition: what makes an account enter (trigger + conditions), how often it
 * may enter again, what share is held out as a control, and the steps. One zod schema, used by
 * the API (so it is in the OpenAPI document), the editor and the engine; every save is a new
 * version. Steps nest one level (a branch or a wait-until holds plain steps), which keeps a
 * step's position a short path ("3", "3/then/1") and the editor a list.
 */

export const CONTACT_ROLES = ['champion', 'economic_buyer', 'decision_maker', 'admin', 'end_user'] as const;
export const HEALTH_BANDS = ['green', 'yellow', 'red'] as const;

const days = (max: number) => z.number().int().min(1).max(max);

export const triggerSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('health_below'), value: z.number().min(1).max(100).describe('Enters when the score falls from at or above this to below it') }),
    z.strictObject({ kind: z.literal('health_band'), band: z.enum(HEALTH_BANDS).describe('Enters when the band changes to this one') }),
    z.strictObject({
      kind: z.literal('usage_drop'),
      percent: z.number().int().min(1).max(100),
      days: days(90).describe('Compares the last N days with the N days before (schedule)'),
      measure: z.enum(['active_users', 'events']).default('active_users'),
    }),
    z.strictObject({ kind: z.literal('contact_left'), roles: z.array(z.enum(CONTACT_ROLES)).min(1).describe('A contact with one of these roles leaves or loses the role') }),
    z.strictObject({
      kind: z.literal('contact_arrived'),
      roles: z.array(z.enum(CONTACT_ROLES)).optional().describe('Only contacts with one of these roles; any new contact when left out'),
    }),
    z.strictObject({ kind: z.literal('nps_detractor'), maxScore: z.number().int().min(0).max(6).default(6) }),
    z.strictObject({ kind: z.literal('urgent_ticket') }),
    z.strictObject({ kind: z.literal('ticket_burst'), count: z.number().int().min(2).max(1000), hours: days(720) }),
    z.strictObject({ kind: z.literal('renewal_in'), days: days(730).describe('Enters once the renewal is N days away or less, once per renewal date (schedule)') }),
    z.strictObject({ kind: z.literal('signal'), signalKind: z.enum(SIGNAL_TYPES) }),
    z.strictObject({ kind: z.literal('segment_entered'), segmentId: z.uuid() }),
    z.strictObject({ kind: z.literal('stage_entered'), stage: z.string().trim().min(1).max(100) }),
    z.strictObject({
      kind: z.literal('date_field'),
      field: z.union([z.enum(['renewalDate', 'createdAt']), z.string().regex(/^custom\.[a-z][a-z0-9_]{0,62}$/)]).describe('renewalDate, createdAt or custom.<key> (a date custom field)'),
      offsetDays: z.number().int().min(-365).max(365).describe('Enters on the field’s date plus this many days (schedule)'),
    }),
  ])
  .meta({ id: 'PlaybookTrigger' });
export type PlaybookTrigger = z.infer<typeof triggerSchema>;
export type TriggerKind = PlaybookTrigger['kind'];
export const TRIGGER_KINDS = triggerSchema.options.map((option) => option.shape.kind.value) as TriggerKind[];
/** Triggers found by the recurring schedule job rather than by domain events. */
export const SCHEDULED_TRIGGER_KINDS: readonly TriggerKind[] = ['usage_drop', 'renewal_in', 'date_field'];

export const CONDITION_FIELDS = ['arr', 'healthScore', 'healthBand', 'lifecycleStage', 'segment', 'region', 'industry', 'ownerId', 'daysToRenewal', 'employeeCount'] as const;
export const CONDITION_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in', 'is_set', 'is_not_set'] as const;

export const conditionSchema = z
  .strictObject({
    field: z.union([z.enum(CONDITION_FIELDS), z.string().regex(/^custom\.[a-z][a-z0-9_]{0,62}$/)]),
    op: z.enum(CONDITION_OPS),
    value: z.union([z.string().max(200), z.number(), z.array(z.string().max(200)).max(100)]).optional(),
  })
  .superRefine((condition, ctx) => {
    const needsValue = condition.op !== 'is_set' && condition.op !== 'is_not_set';
    if (needsValue && condition.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `${condition.op} needs a value` });
    if ((condition.op === 'in' || condition.op === 'not_in') && !Array.isArray(condition.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${condition.op} needs a list of values` });
    if (['lt', 'lte', 'gt', 'gte'].includes(condition.op) && typeof condition.value !== 'number')
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${condition.op} compares numbers` });
  })
  .meta({ id: 'PlaybookCondition' });
export type PlaybookCondition = z.infer<typeof conditionSchema>;

const template = (max: number) => z.string().trim().min(1).max(max);

export const taskOwnerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('account_owner') }),
  z.strictObject({ kind: z.literal('user'), userId: z.uuid() }),
  z.strictObject({ kind: z.literal('segment_pool'), segmentId: z.uuid().optional() }).describe('The least-loaded member of a segment’s pool team: the named segment’s, or (none named) the first by name of the account’s segments that has a pool; the account owner when there is no pool or it is empty, said on the run history'),
]);

export const emailRecipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('contact_roles'), roles: z.array(z.enum(CONTACT_ROLES)).min(1) }),
  z.strictObject({ kind: z.literal('all_contacts') }),
  z.strictObject({ kind: z.literal('trigger_contact') }).describe('The contact the trigger was about (NPS answer, departure)'),
]);

const leafStepSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('create_task'),
    title: template(200),
    description: template(5000).optional(),
    owner: taskOwnerSchema.default({ kind: 'account_owner' }),
    dueInDays: z.number().int().min(0).max(365).default(3),
    priority: z.enum(TASK_PRIORITIES).default('medium'),
  }),
  z.strictObject({
    type: z.literal('send_email'),
    to: emailRecipientSchema,
    subject: template(300).describe('For contacts whose expertise is novice (and the default)'),
    text: template(20_000),
    expertSubject: template(300).optional().describe('For contacts whose expertise is expert; the novice subject when left out'),
    expertText: template(20_000).optional(),
    bulk: z.boolean().default(false).describe('One-to-many (tech-touch): honours unsubscribes'),
  }),
  z.strictObject({
    type: z.literal('call_webhook'),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    format: z.enum(['json', 'slack']).default('json'),
    text: template(4000),
  }),
  z.strictObject({
    type: z.literal('set_field'),
    field: z.enum(['lifecycleStage', 'segment', 'region', 'industry']),
    value: z.string().trim().min(1).max(200).nullable(),
  }),
  z.strictObject({ type: z.literal('wait'), days: z.number().positive().max(365) }),
  z.strictObject({
    type: z.literal('escalate'),
    afterDaysOverdue: z.number().int().min(0).max(90).describe('Days past the due date of the run’s latest task'),
    priority: z.enum(TASK_PRIORITIES).default('high'),
  }),
]);
export type LeafStep = z.infer<typeof leafStepSchema>;

export const stepSchema = z
  .union([
    leafStepSchema,
    z.strictObject({
      type: z.literal('branch'),
      if: z.array(conditionSchema).min(1).max(20).describe('All must hold'),
      then: z.array(leafStepSchema).max(20).default([]),
      else: z.array(leafStepSchema).max(20).default([]),
    }),
    z.strictObject({
      type: z.literal('wait_until'),
      until: z.array(conditionSchema).min(1).max(20),
      timeoutDays: z.number().positive().max(365),
      checkEveryHours: z.number().positive().max(168).default(6),
      onTimeout: z.array(leafStepSchema).max(20).default([]).describe('Run when the timeout passes; the run ends after them'),
    }),
  ])
  .meta({ id: 'PlaybookStep' });
export type PlaybookStep = z.infer<typeof stepSchema>;

export const reentrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once') }).describe('Once per account, ever'),
  z.strictObject({ kind: z.literal('every'), days: days(3650) }).describe('Again once N days passed since the last entry'),
]);

export const outcomeSpecSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('retained') }).describe('Good when no churn is booked within the outcome window'),
    z.strictObject({ kind: z.literal('health_improved') }).describe('Good when the health score is higher at the end of the window than at entry'),
    z
      .strictObject({ kind: z.literal('usage_change'), measure: z.enum(['active_users', 'events']).default('active_users') })
      .describe('Good when daily usage in the 14 days up to the end of the window is higher than in the 14 days up to entry'),
    z.strictObject({ kind: z.literal('no_churn_within'), days: days(730) }).describe('Good when no churn is booked within N days of entry, whatever the window'),
  ])
  .meta({ id: 'PlaybookOutcomeSpec' });
export type OutcomeSpec = z.infer<typeof outcomeSpecSchema>;

/** What a playbook is judged on when its definition names nothing. */
export const DEFAULT_OUTCOMES: readonly OutcomeSpec[] = [{ kind: 'retained' }, { kind: 'health_improved' }];

/** One outcome's identity: two specs with the same key would report the same figures twice. */
export function outcomeKey(spec: OutcomeSpec): string {
  if (spec.kind === 'usage_change') return `usage_change:${spec.measure}`;
  if (spec.kind === 'no_churn_within') return `no_churn_within:${spec.days}`;
  return spec.kind;
}

const definitionObject = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).optional(),
  trigger: triggerSchema,
  conditions: z.array(conditionSchema).max(20).default([]).describe('All must hold for an account to enter'),
  reentry: reentrySchema.default({ kind: 'once' }),
  holdoutPercent: z.number().min(0).max(50).default(0).describe('Share of entering accounts recorded as a control that get no steps'),
  steps: z.array(stepSchema).min(1).max(50),
  outcomes: z.array(outcomeSpecSchema).min(1).max(6).optional().describe('What the “does it work?” page judges the playbook on; retained and health improved when left out'),
});

/** Template fields of a step, for the unknown-variable check. */
function templatesOf(step: PlaybookStep): [string, string][] {
  switch (step.type) {
    case 'create_task':
      return [['title', step.title], ...(step.description ? [['description', step.description] as [string, string]] : [])];
    case 'send_email':
      return Object.entries({ subject: step.subject, text: step.text, expertSubject: step.expertSubject, expertText: step.expertText }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      );
    case 'call_webhook':
      return [['text', step.text]];
    default:
      return [];
  }
}

function nestedSteps(step: PlaybookStep): [string, LeafStep[]][] {
  if (step.type === 'branch') return [['then', step.then], ['else', step.else]];
  if (step.type === 'wait_until') return [['onTimeout', step.onTimeout]];
  return [];
}

export const playbookDefinitionSchema = definitionObject
  .superRefine((definition, ctx) => {
    const check = (step: PlaybookStep, path: (string | number)[]) => {
      for (const [field, text] of templatesOf(step)) {
        for (const message of templateProblems(text)) ctx.addIssue({ code: 'custom', path: [...path, field], message });
      }
    };
    const seen = new Set<string>();
    definition.outcomes?.forEach((spec, index) => {
      const key = outcomeKey(spec);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['outcomes', index], message: `${key} is named twice` });
      seen.add(key);
    });
    definition.steps.forEach((step, index) => {
      check(step, ['steps', index]);
      for (const [label, inner] of nestedSteps(step)) inner.forEach((leaf, at) => check(leaf, ['steps', index, label, at]));
    });
  })
  .meta({ id: 'PlaybookDefinition' });
export type PlaybookDefinition = z.infer<typeof playbookDefinitionSchema>;
export type PlaybookDefinitionInput = z.input<typeof playbookDefinitionSchema>;
