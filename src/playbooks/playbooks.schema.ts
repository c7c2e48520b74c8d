import { z } from 'zod';
import { WEAKER_EVIDENCE } from './measure-playbook-outcomes.js';
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
    entryKey: z.string().describe('What made it enter; with the playbook and account ids it seeds the holdout draw'),
    holdoutDraw: z
      .number()
      .nullable()
      .describe('The draw in [0, 1) that decided the holdout: the first 48 bits of SHA-256("playbookId:accountId:entryKey") / 2^48; held out when draw × 100 < holdoutPercent'),
    holdoutPercent: z.number().nullable().describe('The share held out by the version the run entered with'),
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

export const playbookUpliftQuerySchema = z.object({
  days: z.coerce.number().int().min(7).max(365).default(90).describe('The window after entry in which outcomes are measured'),
});
export type PlaybookUpliftQuery = z.infer<typeof playbookUpliftQuerySchema>;

const intervalSchema = z.object({ low: z.number(), high: z.number() });
const outcomeKind = z.enum(['retained', 'health_improved', 'usage_change', 'no_churn_within']);
const outcomeKeySchema = z.string().describe('Tells apart outcomes of one kind: no_churn_within:30, usage_change:events');

const groupOutcomeSchema = z.object({
  accounts: z.number().int().describe('Accounts whose first entry is at least `days` old and that have the data this outcome needs'),
  successes: z.number().int(),
  rate: z.number().nullable(),
  interval: intervalSchema.nullable().describe('Wilson 95 % interval of the rate'),
});

/** One outcome for the enrolled group; the holdout and the matched comparison each add their own control group. */
const outcomeOfEnrolled = z.object({ kind: outcomeKind, key: outcomeKeySchema, label: z.string(), enrolled: groupOutcomeSchema });

export const playbookUpliftSchema = z
  .object({
    playbookId: z.uuid(),
    asOf: z.string(),
    windowDays: z.number().int(),
    holdoutPercent: z.number().describe('The share the current version holds out'),
    stepsDone: z.number().int().describe('Steps the playbook’s runs have executed'),
    entries: z.object({
      enrolled: z.number().int().describe('Accounts whose first entry got the steps'),
      holdout: z.number().int().describe('Accounts whose first entry was held out'),
      enrolledPending: z.number().int().describe('Enrolled accounts still inside their window (not counted yet)'),
      holdoutPending: z.number().int(),
    }),
    meanHealthChange: z.object({ enrolled: z.number().nullable(), holdout: z.number().nullable() }),
    outcomes: z.array(
      outcomeOfEnrolled.extend({
        holdout: groupOutcomeSchema,
        uplift: intervalSchema.extend({ difference: z.number() }).nullable().describe('Enrolled rate − holdout rate, with Newcombe’s 95 % interval'),
        verdict: z.enum(['works', 'harms', 'unclear', 'no_holdout', 'too_early']),
        statement: z.string().describe('What the numbers allow, in plain words'),
      }),
    ),
    comparison: z
      .object({
        caveat: z.literal(WEAKER_EVIDENCE),
        enrolledMatched: z.number().int().describe('Enrolled accounts (first entries) paired with at least one similar account'),
        enrolledUnmatched: z.number().int().describe('Enrolled accounts with no similar account on their entry day'),
        matchedAccounts: z.number().int().describe('Similar accounts never enrolled that were picked, each once'),
        outcomes: z.array(
          outcomeOfEnrolled.extend({
            matched: groupOutcomeSchema,
            difference: intervalSchema.extend({ difference: z.number() }).nullable().describe('Enrolled rate − matched rate, with Newcombe’s 95 % interval'),
            verdict: z.enum(['better', 'worse', 'unclear', 'too_early', 'no_match']),
            statement: z.string().describe('Starts with the caveat: this is weaker evidence than a holdout'),
          }),
        ),
      })
      .nullable()
      .describe(
        'Enrolled accounts against similar accounts never enrolled (same segment, ARR band and health band on the entry day, score within 10 points, up to 3 each, each used once); null before any account enrolled',
      ),
  })
  .meta({ id: 'PlaybookUplift' });
export type PlaybookUplift = z.infer<typeof playbookUpliftSchema>;
