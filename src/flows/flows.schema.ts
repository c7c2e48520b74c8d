import { z } from 'zod';
import { isoDateSchema } from '../core/storable-input.js';

/** Request and response shapes of the flows API; the OpenAPI document is generated from these. */

const eventName = z.string().trim().min(1).max(200).describe('A track event name, as sent to /v1/track');

/** A property test on the event: present (no `equals`), or equal to a value. */
export const flowConditionSchema = z
  .strictObject({
    property: z.string().trim().min(1).max(200).describe('A top-level property of the event'),
    equals: z.union([z.string().max(500), z.number(), z.boolean()]).optional().describe('Omitted: the property is present and not null'),
  })
  .meta({ id: 'FlowCondition' });
export type FlowCondition = z.infer<typeof flowConditionSchema>;

export const flowStepSchema = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _')
      .describe('Stable id of the step within the flow'),
    name: z.string().trim().min(1).max(100),
    event: eventName,
    where: flowConditionSchema.optional().describe('Only events with this property count for the step'),
    failure: z
      .strictObject({ event: eventName.optional(), where: flowConditionSchema.optional() })
      .optional()
      .describe('What a failed attempt looks like: another event, and/or the step’s event with a property (e.g. `error`)'),
    maxFailures: z.number().int().min(1).max(1000).optional().describe('Failed attempts that make the user stuck here (default 1 when `failure` is set)'),
    maxRepeats: z.number().int().min(2).max(1000).optional().describe('Doing this step more than this many times without reaching the next makes the user stuck at the next'),
    idleMinutes: z
      .number()
      .int()
      .min(1)
      .max(366 * 24 * 60)
      .optional()
      .describe('Minutes allowed to reach this step after the previous one; later, the user is stuck here'),
  })
  .meta({ id: 'FlowStep' });
export type FlowStep = z.infer<typeof flowStepSchema>;

const stepsSchema = z
  .array(flowStepSchema)
  .min(2)
  .max(20)
  .superRefine((steps, context) => {
    const keys = new Set<string>();
    steps.forEach((step, index) => {
      if (keys.has(step.key)) context.addIssue({ code: 'custom', path: [index, 'key'], message: `The key "${step.key}" is used twice` });
      keys.add(step.key);
      if (step.failure && !step.failure.event && !step.failure.where) {
        context.addIssue({ code: 'custom', path: [index, 'failure'], message: 'A failure needs an event or a property condition' });
      }
      if (step.failure && (step.failure.event ?? step.event) === step.event && !step.failure.where) {
        context.addIssue({ code: 'custom', path: [index, 'failure'], message: 'A failure on the step’s own event needs a property condition, or every attempt would fail' });
      }
      if (step.maxFailures !== undefined && !step.failure) {
        context.addIssue({ code: 'custom', path: [index, 'maxFailures'], message: 'maxFailures needs a failure definition' });
      }
      if (index === 0 && step.idleMinutes !== undefined) {
        context.addIssue({ code: 'custom', path: [index, 'idleMinutes'], message: 'The first step has no previous step to wait from' });
      }
      if (index === steps.length - 1 && step.maxRepeats !== undefined) {
        context.addIssue({ code: 'custom', path: [index, 'maxRepeats'], message: 'Repeating the last step is not being stuck: there is no next step' });
      }
    });
  });

export const createFlowInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).nullish(),
  isActive: z.boolean().default(true),
  steps: stepsSchema,
});
export type CreateFlowInput = z.infer<typeof createFlowInputSchema>;

export const updateFlowInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(2000).nullish(),
  isActive: z.boolean().optional(),
  steps: stepsSchema.optional(),
});
export type UpdateFlowInput = z.infer<typeof updateFlowInputSchema>;

export const flowSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    isActive: z.boolean(),
    steps: z.array(flowStepSchema),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Flow' });
export type Flow = z.infer<typeof flowSchema>;

export const flowListSchema = z.object({ data: z.array(flowSchema) });

export const FLOW_STUCK_REASONS = ['failed', 'repeated', 'idle'] as const;

export const funnelQuerySchema = z
  .strictObject({
    from: isoDateSchema.optional().describe('First day (UTC) users entered the flow; default 30 days ago'),
    to: isoDateSchema.optional().describe('Last day (UTC) users entered the flow; default today'),
    segment: z.string().trim().min(1).max(100).optional().describe('Only users of accounts in this segment'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: '`from` must not be after `to`', path: ['from'] });
export type FunnelQuery = z.infer<typeof funnelQuerySchema>;

export const funnelSchema = z
  .object({
    flowId: z.uuid(),
    from: z.string(),
    to: z.string(),
    segment: z.string().nullable(),
    /** Users who reached the first step in the period; each later step counts those who also reached it and every step before. */
    steps: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        users: z.number().int(),
        conversionFromPrevious: z.number().nullable().describe('Share of the previous step’s users who reached this one'),
        conversionFromStart: z.number().nullable(),
        medianMinutesFromPrevious: z.number().nullable(),
        stuck: z.number().int().describe('Of the period’s users, how many are stuck at this step now'),
      }),
    ),
  })
  .meta({ id: 'FlowFunnel' });
export type Funnel = z.infer<typeof funnelSchema>;

export const stuckUserSchema = z
  .object({
    flowId: z.uuid(),
    flowName: z.string(),
    userKey: z.string(),
    accountId: z.uuid(),
    accountName: z.string(),
    step: z.string().describe('The step the user cannot get past (its key)'),
    stepName: z.string(),
    reason: z.enum(FLOW_STUCK_REASONS),
    detail: z.string(),
    since: z.date(),
  })
  .meta({ id: 'FlowStuckUser' });
export type StuckUser = z.infer<typeof stuckUserSchema>;

export const stuckQuerySchema = z.strictObject({
  segment: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const stuckListSchema = z.object({ data: z.array(stuckUserSchema) });

export const accountFlowsSchema = z
  .object({
    data: z.array(
      z.object({
        flowId: z.uuid(),
        flowName: z.string(),
        /** The furthest step any of the account's users reached (index into steps), -1 for none. */
        furthestStep: z.number().int(),
        steps: z.array(z.object({ key: z.string(), name: z.string() })),
        users: z.array(
          z.object({
            userKey: z.string(),
            /** The step the user is working on (index), or `steps.length` when done. */
            currentStep: z.number().int(),
            steps: z.array(
              z.object({ reachedAt: z.date().nullable(), lastAt: z.date().nullable(), successes: z.number().int(), failures: z.number().int() }),
            ),
            stuck: z.object({ step: z.string(), reason: z.enum(FLOW_STUCK_REASONS), detail: z.string(), since: z.date() }).nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'AccountFlows' });
export type AccountFlows = z.infer<typeof accountFlowsSchema>;
