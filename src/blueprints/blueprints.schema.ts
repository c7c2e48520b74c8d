import { z } from 'zod';

/**
 * Request and response shapes of the blueprints API (the OpenAPI document is generated from
 * these). Lanes top to bottom as in a classic service blueprint (Shostack; Bitner et al.):
 * the customer's side above the line of interaction, the front stage above the line of
 * visibility, back-stage work above the line of internal interaction, then support processes
 * and the technology they run on. Issue 13 item 4 names customer action, front stage, back
 * stage, support processes and technology; physical evidence is the classic top row.
 */
export const BLUEPRINT_LANES = ['evidence', 'customer', 'frontstage', 'backstage', 'support', 'technology'] as const;
export type BlueprintLane = (typeof BLUEPRINT_LANES)[number];

export const LANE_LABELS: Record<BlueprintLane, string> = {
  evidence: 'Physical evidence',
  customer: 'Customer actions',
  frontstage: 'Front stage',
  backstage: 'Back stage',
  support: 'Support processes',
  technology: 'Technology',
};

/** The three lines, each drawn below the lane named here. */
export const BLUEPRINT_LINES = [
  { key: 'interaction', label: 'Line of interaction', below: 'customer' },
  { key: 'visibility', label: 'Line of visibility', below: 'frontstage' },
  { key: 'internal', label: 'Line of internal interaction', below: 'backstage' },
] as const satisfies ReadonlyArray<{ key: string; label: string; below: BlueprintLane }>;

export const MAX_COLUMNS = 50;
export const TARGET_UNITS = ['minutes', 'hours', 'days'] as const;

export const blueprintStepInputSchema = z.strictObject({
  id: z.uuid().optional().describe('Keep a step’s id when editing it, so its moments stay linked; leave out for a new step'),
  lane: z.enum(BLUEPRINT_LANES),
  column: z.number().int().min(0).max(MAX_COLUMNS - 1).describe('Position in time, left to right (0 = first); one step per lane and column'),
  title: z.string().trim().min(1).max(120),
  detail: z.string().trim().max(1000).default(''),
  ownerTeam: z.string().trim().min(1).max(80).nullable().default(null).describe('Slug of the team that owns the step (GET /api/teams), e.g. "onboarding"'),
  target: z
    .strictObject({ amount: z.number().int().min(1).max(10_000), unit: z.enum(TARGET_UNITS) })
    .nullable()
    .default(null)
    .describe('Target time for the step, e.g. {amount: 2, unit: "days"}'),
  momentKinds: z
    .array(z.string().trim().min(1).max(40))
    .max(20)
    .default([])
    .describe('Moments of truth of these kinds (ticket_opened, onboarding_step, survey…) in the blueprint’s stage happened at this step'),
});
export type BlueprintStepInput = z.infer<typeof blueprintStepInputSchema>;

export const blueprintInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  stageKey: z.string().trim().min(1).max(100).nullable().default(null).describe('Journey stage key (GET /api/journey); null = a process across every stage'),
  description: z.string().trim().max(2000).default(''),
  steps: z.array(blueprintStepInputSchema).max(300).default([]),
});
export type BlueprintInput = z.infer<typeof blueprintInputSchema>;

export const blueprintStepSchema = z
  .object({
    id: z.uuid(),
    lane: z.enum(BLUEPRINT_LANES),
    column: z.number().int(),
    title: z.string(),
    detail: z.string(),
    ownerTeam: z.string().nullable(),
    target: z.object({ amount: z.number().int(), unit: z.enum(TARGET_UNITS) }).nullable(),
    momentKinds: z.array(z.string()),
  })
  .meta({ id: 'BlueprintStep' });
export type BlueprintStep = z.infer<typeof blueprintStepSchema>;

export const blueprintSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    stageKey: z.string().nullable(),
    stageName: z.string().nullable().describe('The stage’s current name; null for every stage or a stage no longer in the journey'),
    description: z.string(),
    steps: z.array(blueprintStepSchema),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Blueprint' });
export type Blueprint = z.infer<typeof blueprintSchema>;

export const blueprintSummarySchema = z
  .object({ id: z.uuid(), name: z.string(), stageKey: z.string().nullable(), stageName: z.string().nullable(), steps: z.number().int(), updatedAt: z.date() })
  .meta({ id: 'BlueprintSummary' });
export const blueprintListSchema = z.object({ data: z.array(blueprintSummarySchema) });

export const stepMomentCountsSchema = z
  .object({ stepId: z.uuid(), positive: z.number().int(), neutral: z.number().int(), negative: z.number().int(), total: z.number().int() })
  .meta({ id: 'BlueprintStepMoments' });
export type StepMomentCounts = z.infer<typeof stepMomentCountsSchema>;

const boxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export const blueprintLayoutSchema = z
  .object({
    width: z.number(),
    height: z.number(),
    lanes: z.array(boxSchema.extend({ lane: z.enum(BLUEPRINT_LANES), label: z.string() })),
    lines: z.array(z.object({ key: z.string(), label: z.string(), y: z.number() })),
    columns: z.array(z.object({ column: z.number().int(), x: z.number() })),
    steps: z.array(boxSchema.extend({ stepId: z.uuid() })),
    connectors: z.array(z.object({ from: z.uuid(), to: z.uuid(), kind: z.enum(['flow', 'support']), points: z.array(z.tuple([z.number(), z.number()])) })),
  })
  .meta({ id: 'BlueprintLayout' });
export type BlueprintLayout = z.infer<typeof blueprintLayoutSchema>;

/** A blueprint as the editor shows it: the steps, the diagram's geometry and the moments of truth at each step. */
export const blueprintViewSchema = z
  .object({ blueprint: blueprintSchema, layout: blueprintLayoutSchema, moments: z.array(stepMomentCountsSchema) })
  .meta({ id: 'BlueprintView' });
export type BlueprintView = z.infer<typeof blueprintViewSchema>;

export const EXPORT_FORMATS = ['svg', 'mermaid', 'json'] as const;
export const blueprintExportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default('svg').describe('svg: the diagram for slides and docs; mermaid: a flowchart for Markdown wikis; json: the blueprint as code (the POST/PUT body)'),
});

export const blueprintMomentsQuerySchema = z.object({
  stepId: z.uuid().optional().describe('Only this step’s moments'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const stepMomentSchema = z
  .object({
    stepId: z.uuid(),
    momentId: z.uuid(),
    accountId: z.uuid(),
    accountName: z.string(),
    occurredAt: z.date(),
    kind: z.string(),
    stage: z.string().nullable(),
    outcome: z.enum(['positive', 'neutral', 'negative']),
    intensity: z.number().int(),
    title: z.string(),
  })
  .meta({ id: 'BlueprintStepMoment' });
export type StepMoment = z.infer<typeof stepMomentSchema>;
export const stepMomentListSchema = z.object({ data: z.array(stepMomentSchema) });
