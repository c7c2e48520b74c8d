import { z } from 'zod';
import { playbookDefinitionSchema } from './playbook-definition.js';

/** Request and response shapes of the playbooks API; the OpenAPI document is generated from these. */

export const playbookSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    enabled: z.boolean(),
    version: z.number().int().describe('Each save is a new version; runs keep the version they entered with'),
    definition: playbookDefinitionSchema,
    stats: z.object({ entered: z.number().int(), heldOut: z.number().int(), active: z.number().int() }),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Playbook' });
export type Playbook = z.infer<typeof playbookSchema>;

export const playbookListSchema = z.object({ data: z.array(playbookSchema) });

export const savePlaybookInputSchema = z.strictObject({
  definition: playbookDefinitionSchema,
  enabled: z.boolean().optional().describe('Default false on create; unchanged on update'),
});
export type SavePlaybookInput = z.input<typeof savePlaybookInputSchema>;

export const playbookVersionSchema = z.object({ version: z.number().int(), createdAt: z.date(), createdByName: z.string().nullable() });

export const dryRunSchema = z
  .object({
    asOf: z.string().describe('The UTC day the dry run evaluated'),
    wouldEnter: z.array(z.object({ accountId: z.uuid(), accountName: z.string(), reason: z.string() })),
    excluded: z.array(z.object({ accountId: z.uuid(), accountName: z.string(), reason: z.string(), why: z.string() })),
    holdoutPercent: z.number().describe('This share of those entering would be held out as a control'),
    note: z.string().nullable().describe('What the dry run cannot tell, if anything'),
  })
  .meta({ id: 'PlaybookDryRun' });
export type PlaybookDryRun = z.infer<typeof dryRunSchema>;

export const playbookStepResultSchema = z.object({
  stepKey: z.string().describe('The step’s position: "2", or "3/then/0" inside a branch'),
  stepType: z.string(),
  outcome: z.string(),
  detail: z.record(z.string(), z.unknown()),
  at: z.date(),
});

export const playbookRunSchema = z
  .object({
    id: z.uuid(),
    playbookId: z.uuid(),
    playbookName: z.string(),
    version: z.number().int(),
    accountId: z.uuid(),
    accountName: z.string(),
    reason: z.string().describe('Why the account entered'),
    isHoldout: z.boolean().describe('Recorded as control at entry: gets no steps'),
    state: z.enum(['running', 'waiting', 'done', 'failed', 'holdout']),
    position: z.string().nullable(),
    wakeAt: z.date().nullable(),
    lastError: z.string().nullable(),
    startedAt: z.date(),
    finishedAt: z.date().nullable(),
    steps: z.array(playbookStepResultSchema),
  })
  .meta({ id: 'PlaybookRun' });
export type PlaybookRun = z.infer<typeof playbookRunSchema>;

export const playbookRunListSchema = z.object({ data: z.array(playbookRunSchema) });

export const runListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
