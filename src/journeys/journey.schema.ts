import { z } from 'zod';
import { DOMAIN_EVENT_TYPES } from '../domain-events/index.js';

/** Request and response shapes of the journey API; the OpenAPI document is generated from these. */

const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and dashes')
  .describe('Stable identifier; the name may change, the key stays');

/** Facts a gate can require before an account enters a stage. */
export const GATE_FACTS = ['customerGoals', 'successCriteria', 'owner'] as const;
export type GateFact = (typeof GATE_FACTS)[number];
export const GATE_FACT_LABELS: Record<GateFact, string> = {
  customerGoals: "the customer's goals",
  successCriteria: 'success criteria',
  owner: 'an owner',
};

/** Account fields a criterion may test; `customFields.<key>` reads a custom field. */
export const CRITERION_FIELDS = ['arr', 'segment', 'employeeCount', 'ownerId', 'domain', 'region', 'industry'] as const;

export const criterionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('field'),
      field: z.union([z.enum(CRITERION_FIELDS), z.string().regex(/^customFields\.[a-z][a-z0-9_]{0,49}$/)]),
      op: z.enum(['present', 'eq', 'gte', 'lte']),
      value: z.union([z.string().max(200), z.number()]).optional(),
    }),
    z.strictObject({
      kind: z.literal('event').describe('A domain event of this type happened to the account since it entered the stage'),
      eventType: z.enum(DOMAIN_EVENT_TYPES),
    }),
    z.strictObject({ kind: z.literal('milestone').describe('This milestone of the current stage is complete'), milestone: key }),
    z.strictObject({ kind: z.literal('allMilestones').describe('Every milestone of the current stage is complete') }),
    z.strictObject({ kind: z.literal('fact'), fact: z.enum(GATE_FACTS) }),
    z.strictObject({ kind: z.literal('daysInStage'), atLeast: z.number().int().min(0).max(3650) }),
  ])
  .meta({ id: 'JourneyCriterion' });
export type Criterion = z.infer<typeof criterionSchema>;

export const milestoneDefinitionSchema = z.strictObject({
  key,
  name: z.string().trim().min(1).max(200),
  dueDays: z.number().int().min(0).max(3650).describe('Due this many days after the account entered the stage'),
  completeWhen: z.array(criterionSchema).max(10).default([]).describe('Completed automatically when all hold; empty: by hand only'),
  marksValue: z
    .boolean()
    .default(false)
    .describe('The customer has reached value when this milestone is done: the default milestone of the time-to-value metric (GET /api/metrics/time-to-value)'),
});
export type MilestoneDefinition = z.infer<typeof milestoneDefinitionSchema>;

export const stageSchema = z
  .strictObject({
    key,
    name: z.string().trim().min(1).max(100),
    isExit: z.boolean().default(false).describe('An exit from the journey (e.g. Churned): no expected duration, not a column of the board'),
    expectedDays: z.number().int().min(1).max(3650).nullable().default(null).describe('Used until enough similar accounts have completed a stay here'),
    autoAdvance: z.boolean().default(false).describe('Move on automatically when this stage’s exit and the next stage’s entry criteria hold'),
    entryCriteria: z.array(criterionSchema).max(20).default([]),
    exitCriteria: z.array(criterionSchema).max(20).default([]),
    requiredFacts: z.array(z.enum(GATE_FACTS)).max(GATE_FACTS.length).default([]).describe('The gate: facts an account must have before it may enter'),
    aliases: z.array(z.string().trim().min(1).max(100)).max(20).default([]).describe('Other spellings imports and older data use for this stage'),
    milestones: z.array(milestoneDefinitionSchema).max(20).default([]),
  })
  .meta({ id: 'JourneyStage' });
export type Stage = z.infer<typeof stageSchema>;

const lower = (s: string) => s.trim().toLowerCase();

export const journeyConfigSchema = z
  .strictObject({ stages: z.array(stageSchema).min(1).max(30) })
  .superRefine((config, ctx) => {
    const seen = new Map<string, { index: number; name: string }>();
    config.stages.forEach((stage, index) => {
      for (const [label, value] of [['key', stage.key], ['name', lower(stage.name)], ...stage.aliases.map((a) => ['alias', lower(a)])] as const) {
        const id = label === 'key' ? `key:${value}` : `name:${value}`;
        const owner = seen.get(id);
        if (owner && owner.index !== index) ctx.addIssue({ code: 'custom', path: ['stages', index, label], message: `"${value}" is used by stage ${owner.name} too` });
        else seen.set(id, { index, name: stage.name });
      }
      const milestoneKeys = new Set<string>();
      stage.milestones.forEach((m, j) => {
        if (milestoneKeys.has(m.key)) ctx.addIssue({ code: 'custom', path: ['stages', index, 'milestones', j, 'key'], message: 'repeated milestone key' });
        milestoneKeys.add(m.key);
      });
    });
  })
  .meta({ id: 'JourneyConfig' });
export type JourneyConfig = z.infer<typeof journeyConfigSchema>;

export const putJourneyInputSchema = z.strictObject({
  stages: journeyConfigSchema.shape.stages,
  stageMapping: z
    .record(z.string().max(100), z.string().max(100))
    .default({})
    .describe('For each removed stage that still holds accounts: the name of the stage they move to'),
});
export type PutJourneyInput = z.infer<typeof putJourneyInputSchema>;

export const journeySchema = z.object({ stages: z.array(stageSchema), isDefault: z.boolean(), updatedAt: z.date().nullable() }).meta({ id: 'Journey' });
export type Journey = z.infer<typeof journeySchema>;

export const STAGE_STATUSES = ['on_track', 'behind', 'stuck'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const accountMilestoneSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  stageKey: z.string(),
  dueAt: z.date(),
  completedAt: z.date().nullable(),
  completedHow: z.enum(['manual', 'rule']).nullable(),
  isOverdue: z.boolean(),
});
export type AccountMilestone = z.infer<typeof accountMilestoneSchema>;

export const stageChangeSchema = z.object({
  id: z.uuid(),
  fromStage: z.string().nullable(),
  toStage: z.string().nullable(),
  changedAt: z.date(),
  reason: z.string().nullable(),
  source: z.enum(['api', 'journey', 'import', 'automation', 'demo', 'migration']),
  actorKind: z.enum(['user', 'token', 'automation', 'operator']),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorAutomation: z.string().nullable(),
});
export type StageChange = z.infer<typeof stageChangeSchema>;

export const accountGoalsSchema = z
  .object({
    goals: z.string(),
    successCriteria: z.string(),
    updatedAt: z.date().nullable(),
    updatedByName: z.string().nullable(),
  })
  .meta({ id: 'AccountGoals' });
export type AccountGoals = z.infer<typeof accountGoalsSchema>;

export const putAccountGoalsInputSchema = z.strictObject({
  goals: z.string().trim().max(5000).describe("The customer's goals: the business outcomes they bought for"),
  successCriteria: z.string().trim().max(5000).describe('How the customer and we will know the goals are met'),
});
export type PutAccountGoalsInput = z.infer<typeof putAccountGoalsInputSchema>;

export const accountJourneySchema = z
  .object({
    stage: z.string().nullable(),
    stageKey: z.string().nullable().describe('Null when the stage is not one of the journey (shown as unmapped)'),
    enteredAt: z.date().nullable(),
    daysInStage: z.number().nullable(),
    expectedDays: z.number().nullable(),
    expectedFrom: z.enum(['segment', 'workspace', 'configured']).nullable().describe('Where the expected duration came from'),
    status: z.enum(STAGE_STATUSES).nullable(),
    nextStage: z.string().nullable(),
    missingForNextStage: z.array(z.enum(GATE_FACTS)).describe('Facts the next stage’s gate asks for that the account lacks'),
    milestones: z.array(accountMilestoneSchema),
    history: z.array(stageChangeSchema),
    goals: accountGoalsSchema,
  })
  .meta({ id: 'AccountJourney' });
export type AccountJourney = z.infer<typeof accountJourneySchema>;

export const moveStageInputSchema = z.strictObject({
  stage: z.string().trim().min(1).max(100).describe('The stage name (or a known alias)'),
  reason: z.string().trim().max(1000).optional(),
});
export type MoveStageInput = z.infer<typeof moveStageInputSchema>;

export const journeyBoardQuerySchema = z.object({
  ownerId: z.uuid().optional(),
  segment: z.string().max(100).optional(),
  perStage: z.coerce.number().int().min(0).max(200).default(25).describe('Accounts listed per stage (counts cover all)'),
});
export type JourneyBoardQuery = z.infer<typeof journeyBoardQuerySchema>;

export const boardAccountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ownerName: z.string().nullable(),
  segment: z.string().nullable(),
  daysInStage: z.number().nullable(),
  expectedDays: z.number().nullable(),
  status: z.enum(STAGE_STATUSES),
});
export type BoardAccount = z.infer<typeof boardAccountSchema>;

export const journeyBoardSchema = z
  .object({
    columns: z.array(
      z.object({
        stage: z.string().describe('Stage name; "" for accounts whose stage is not one of the journey'),
        stageKey: z.string().nullable(),
        isExit: z.boolean(),
        total: z.number(),
        onTrack: z.number(),
        behind: z.number(),
        stuck: z.number(),
        accounts: z.array(boardAccountSchema),
      }),
    ),
  })
  .meta({ id: 'JourneyBoard' });
export type JourneyBoard = z.infer<typeof journeyBoardSchema>;
