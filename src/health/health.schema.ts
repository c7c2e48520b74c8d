import { z } from 'zod';
import { isoDateTimeSchema } from '../core/storable-input.js';
import { FRESHNESS_FLAGS } from './score-account.js';
import { DISAGREEMENT_KINDS } from './signal-disagreements.js';
import { HEALTH_BANDS, MEASURE_INPUTS, healthConfigSchema } from './scorecard-config.js';

/** Request and response shapes of the health API; the OpenAPI document is generated from these. */
const band = z.enum(HEALTH_BANDS);

export const healthMeasureSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    input: z.enum(MEASURE_INPUTS),
    value: z.number().nullable(),
    /** The value in words ("38%", "12 days") or why it is flagged. */
    valueText: z.string(),
    points: z.number().nullable(),
    weight: z.number(),
    contribution: z.number(),
    flag: z.enum(FRESHNESS_FLAGS).nullable().describe('Why the value is not trusted (left out of the score), or null'),
  })
  .meta({ id: 'HealthMeasure' });

export const healthOverrideSchema = z
  .object({
    id: z.uuid(),
    score: z.number().int().nullable(),
    band,
    reason: z.string(),
    expiresAt: z.date(),
    createdAt: z.date(),
    createdBy: z.uuid().nullable(),
    createdByName: z.string().nullable(),
  })
  .meta({ id: 'HealthOverride' });
export type HealthOverride = z.infer<typeof healthOverrideSchema>;

/** The churn model's risk for the account (src/health-model), or null before a model is trained. */
export const accountRiskSchema = z
  .object({
    probability: z.number().min(0).max(1).describe('Chance of churning or contracting within `horizonDays` after `asOf`'),
    horizonDays: z.number().int().describe('The horizon the model was trained to predict a loss in'),
    modelVersion: z.number().int().describe('The stored model version that made this prediction'),
    asOf: z.string(),
    computedAt: z.date(),
    reasons: z
      .array(z.object({ feature: z.string(), value: z.union([z.number(), z.string()]).nullable(), contribution: z.number(), text: z.string() }))
      .describe('What raises the risk most (per-account feature contributions to the log-odds), in words (neither days to renewal nor the segment: background, not causes)'),
  })
  .meta({ id: 'AccountRisk' });
export type AccountRisk = z.infer<typeof accountRiskSchema>;
export const signalDisagreementSchema = z
  .object({ kind: z.enum(DISAGREEMENT_KINDS), text: z.string().describe('What disagrees, in a sentence') })
  .meta({ id: 'SignalDisagreement' });

export const accountHealthSchema = z
  .object({
    accountId: z.uuid(),
    /** What the account shows: the override's when one is in force, else the computed one. */
    score: z.number().int().nullable(),
    band: band.nullable(),
    computedScore: z.number().int().nullable(),
    computedBand: band.nullable(),
    isOverridden: z.boolean(),
    override: healthOverrideSchema.nullable(),
    trend: z.enum(['up', 'down', 'flat', 'unknown']).describe('Computed score against a week before'),
    scoreWeekAgo: z.number().int().nullable(),
    asOf: z.string().nullable(),
    computedAt: z.date().nullable(),
    scorecard: z.object({ key: z.string(), name: z.string(), version: z.number().int() }),
    bands: z.object({ green: z.number().int(), yellow: z.number().int() }).describe('Scores at or above green are green, at or above yellow are yellow'),
    measures: z.array(healthMeasureSchema),
    reasons: z.array(z.string()).describe('Why the score is low, in sentences a CSM can repeat'),
    moves: z.array(z.string()).describe('What moved the score since a week before'),
    disagreements: z.array(signalDisagreementSchema).describe('Signals that point opposite ways (heavy usage but a shrinking contract; rising spend with falling adoption)'),
    history: z.array(z.object({ day: z.string(), score: z.number().int(), band })),
    risk: accountRiskSchema.nullable().describe('The churn-risk model’s probability and reasons (null until a model is trained)'),
  })
  .meta({ id: 'AccountHealth' });
export type AccountHealth = z.infer<typeof accountHealthSchema>;

export const setHealthOverrideInputSchema = z.strictObject({
  band,
  score: z.number().int().min(0).max(100).nullish().describe('Optional score shown with the band'),
  reason: z.string().trim().min(3).max(2000).describe('Why the computed score is wrong, shown beside the override'),
  expiresAt: isoDateTimeSchema.describe('When the override lapses (at most a year ahead)'),
});
export type SetHealthOverrideInput = z.infer<typeof setHealthOverrideInputSchema>;

export const healthConfigViewSchema = z
  .object({ version: z.number().int(), updatedAt: z.date().nullable(), config: healthConfigSchema })
  .meta({ id: 'HealthScorecards' });
export { healthConfigSchema };
