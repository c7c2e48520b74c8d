import { z } from 'zod';
import { isoDateTimeSchema } from '../core/storable-input.js';
import { DEFAULT_EXPERIENCE_PARAMS, type ExperienceParams } from './experience-score.js';
import { ROOT_CAUSE_DIMENSIONS } from './root-causes.js';

/** Request and response shapes of the experience API; the OpenAPI document is generated from these. */
export const MOMENT_OUTCOMES = ['positive', 'neutral', 'negative'] as const;
/** Touchpoints a person records by hand (derived moments also use ticket_opened, survey, contract, …). */
export const MANUAL_MOMENT_KINDS = ['onboarding_step', 'invoice', 'outage', 'plan_review', 'meeting', 'call', 'email', 'training', 'other'] as const;
export const MOMENT_TEAMS = ['marketing', 'sales', 'onboarding', 'customer_success', 'support', 'product', 'finance', 'other'] as const;

export const momentInputSchema = z.strictObject({
  kind: z.enum(MANUAL_MOMENT_KINDS),
  title: z.string().trim().min(1).max(200).describe('What happened, e.g. "Kickoff call held"'),
  outcome: z.enum(MOMENT_OUTCOMES),
  intensity: z.number().int().min(1).max(3).default(1).describe('1 = minor, 2 = clear, 3 = strong'),
  occurredAt: isoDateTimeSchema.optional().describe('When it happened (default now); not in the future'),
  team: z.enum(MOMENT_TEAMS).default('customer_success'),
  channel: z.string().trim().min(1).max(40).default('manual').describe('How it reached the customer: meeting, email, product, invoice…'),
  stage: z.string().trim().min(1).max(100).optional().describe('Lifecycle stage it happened in (default: the account’s stage at that time)'),
  reason: z.string().trim().min(1).max(500).optional().describe('Why this outcome (default: "Recorded as <outcome> by <name>")'),
  contactIds: z.array(z.uuid()).max(50).default([]).describe('The stakeholders it concerns: contacts of this account'),
});
export type MomentInput = z.infer<typeof momentInputSchema>;

export const momentSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    contactIds: z.array(z.uuid()),
    occurredAt: z.date(),
    kind: z.string(),
    team: z.string(),
    channel: z.string(),
    stage: z.string().nullable(),
    outcome: z.enum(MOMENT_OUTCOMES),
    intensity: z.number().int(),
    title: z.string(),
    reason: z.string(),
    derived: z.boolean().describe('Derived from an event (ticket, survey, meeting…) rather than recorded by hand'),
    recordedBy: z.uuid().nullable(),
  })
  .meta({ id: 'ExperienceMoment' });
export type Moment = z.infer<typeof momentSchema>;
export const momentListSchema = z.object({ data: z.array(momentSchema) });

export const experienceParamsSchema = z
  .strictObject({
    negativeWeight: z.number().min(1).max(10).describe('How many positive moments one negative moment of the same intensity outweighs'),
    halfLifeDays: z.number().min(1).max(3650).describe('Days after which a moment has half its effect'),
    knockOnMultiplier: z.number().min(1).max(5).describe('Weight of moments that follow a negative one within the window'),
    knockOnWindowDays: z.number().min(0).max(365).describe('How long after a negative moment the knock-on lasts'),
    scale: z.number().min(0.5).max(100).describe('Balance at which the 0–100 score reaches about 73 (or 27 when negative)'),
  })
  .meta({ id: 'ExperienceParams' });

/** Stored parameters (possibly from an older shape) over the defaults, field by field; invalid → the defaults. */
export function experienceParamsFrom(stored: unknown): ExperienceParams {
  if (!stored || typeof stored !== 'object') return DEFAULT_EXPERIENCE_PARAMS;
  const parsed = experienceParamsSchema.safeParse({ ...DEFAULT_EXPERIENCE_PARAMS, ...stored });
  return parsed.success ? parsed.data : DEFAULT_EXPERIENCE_PARAMS;
}

export const experienceSettingsSchema = z
  .object({ params: experienceParamsSchema, defaults: experienceParamsSchema, updatedAt: z.date().nullable() })
  .meta({ id: 'ExperienceSettings' });
export type ExperienceSettings = z.infer<typeof experienceSettingsSchema>;

export const experienceSchema = z
  .object({
    score: z.number().describe('0–100; 50 = no net experience'),
    balance: z.number().describe('Sum of the moments’ decayed effects'),
    moments: z.number().int(),
    asOf: z.date(),
    params: experienceParamsSchema,
    history: z.array(z.object({ day: z.string(), score: z.number() })).describe('End-of-day score, oldest first'),
    topMoments: z.array(z.object({ moment: momentSchema, effect: z.number(), knockOn: z.boolean() })).describe('The moments that move the score most today'),
  })
  .meta({ id: 'Experience' });
export type Experience = z.infer<typeof experienceSchema>;

export const experienceQuerySchema = z.object({ days: z.coerce.number().int().min(7).max(1095).default(365) });

const rootCauseRowSchema = z.object({
  value: z.string(),
  accounts: z.number().int(),
  churned: z.number().int(),
  churnRate: z.number(),
  accountsWithout: z.number().int(),
  churnedWithout: z.number().int(),
  churnRateWithout: z.number(),
  lift: z.number().nullable(),
  firstNegative: z.number().int(),
  stalled: z.number().int().describe('Accounts with a negative moment of this value (before they got stuck) that are stuck in their stage now'),
  stalledRate: z.number(),
  stalledWithout: z.number().int(),
  stalledRateWithout: z.number(),
  stalledLift: z.number().nullable().describe('stalledRate / stalledRateWithout; null when no account without it stalled'),
  firstNegativeStalled: z.number().int(),
});
const rootCauseMomentSchema = z.object({
  id: z.uuid(),
  occurredAt: z.date(),
  stage: z.string().nullable(),
  team: z.string(),
  channel: z.string(),
  kind: z.string(),
  title: z.string(),
  reason: z.string(),
  intensity: z.number().int(),
});
export const rootCausesSchema = z
  .object({
    accounts: z.number().int(),
    churned: z.number().int(),
    stalled: z.number().int().describe('Accounts stuck in their stage now (past twice the stay similar accounts needed) and not lost'),
    minAccounts: z.number().int(),
    dimensions: z.object(Object.fromEntries(ROOT_CAUSE_DIMENSIONS.map((d) => [d, z.array(rootCauseRowSchema)])) as Record<(typeof ROOT_CAUSE_DIMENSIONS)[number], z.ZodArray<typeof rootCauseRowSchema>>),
    lostAccounts: z.array(
      z.object({ accountId: z.uuid(), name: z.string(), lost: z.enum(['churned', 'contracted']), lostOn: z.string().nullable(), earliestNegative: z.array(rootCauseMomentSchema) }),
    ),
    stalledAccounts: z.array(
      z.object({
        accountId: z.uuid(),
        name: z.string(),
        stalled: z.object({ stage: z.string(), since: z.string().describe('The day the stay became stuck'), enteredOn: z.string() }),
        earliestNegative: z.array(rootCauseMomentSchema),
      }),
    ),
  })
  .meta({ id: 'ExperienceRootCauses' });
export const rootCausesQuerySchema = z.object({
  minAccounts: z.coerce.number().int().min(1).max(1000).default(5),
  lostLimit: z.coerce.number().int().min(1).max(500).default(100).describe('Lost accounts listed, and stalled accounts listed'),
});
