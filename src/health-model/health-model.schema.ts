import { z } from 'zod';

/** Request and response shapes of the churn model's API; the OpenAPI document is generated from these. */
export const modelVersionSchema = z
  .object({
    version: z.number().int(),
    trainedAt: z.date(),
    decidedBy: z.string().describe('Trained on renewals decided on or before this day'),
    horizonDays: z.number().int().describe('Trained to predict a churn or contraction within this many days (versions before 2026-12: features read this many days before each renewal)'),
    trainingRows: z.number().int(),
    trainingPositives: z.number().int(),
    family: z.enum(['logistic', 'gbdt']),
    validationAuc: z.number().nullable().describe('ROC AUC on the held-out fifth of the training rows that chose the model'),
  })
  .meta({ id: 'HealthModelVersion' });
export type ModelVersion = z.infer<typeof modelVersionSchema>;

const calibrationBinSchema = z.object({ lower: z.number(), upper: z.number(), count: z.number().int(), meanPredicted: z.number(), observedRate: z.number() });

export const backtestReportSchema = z
  .object({
    as_of: z.string(),
    horizon_days: z.number().int(),
    accounts: z.number().int(),
    positives: z.number().int().describe('Accounts that churned or contracted within the horizon'),
    base_rate: z.number(),
    auc_scorecard: z.number().nullable(),
    auc_model: z.number().nullable(),
    pr_auc_scorecard: z.number().nullable(),
    pr_auc_model: z.number().nullable(),
    lift_top_decile_scorecard: z.number().nullable(),
    lift_top_decile_model: z.number().nullable(),
    calibration_model: z.array(calibrationBinSchema),
    loss_rate_by_band: z.array(z.object({ band: z.string(), accounts: z.number().int(), lost: z.number().int(), rate: z.number() })),
    training: z.object({
      rows: z.number().int(),
      positives: z.number().int().describe('Training rows lost within the horizon after their cut day'),
      model: z.string(),
      cut_every_days: z.number().int().optional().describe('Each term was cut on a grid of this many days; absent in reports from before 2026-12 (one row per renewal)'),
    }),
  })
  .meta({ id: 'HealthBacktestReport' });
export type BacktestReportView = z.infer<typeof backtestReportSchema>;

export const backtestRequestSchema = z.strictObject({
  asOf: z.iso.date().optional().describe('The past day accounts are scored as of (default: horizon days ago)'),
  horizonDays: z.number().int().min(1).max(730).default(180).describe('Days after the as-of day in which a churn or contraction counts as lost'),
});
export type BacktestRequestBody = z.infer<typeof backtestRequestSchema>;

export const backtestRunSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    asOf: z.string(),
    horizonDays: z.number().int(),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
    error: z.string().nullable().describe('Why a failed run failed'),
  })
  .meta({ id: 'HealthBacktestRun' });
export type BacktestRunView = z.infer<typeof backtestRunSchema>;

export const latestBacktestSchema = z
  .object({
    latest: backtestRunSchema.describe('The newest run, finished or not: queued or running means a report is on its way'),
    completed: backtestRunSchema.extend({ report: backtestReportSchema }).nullable().describe('The newest run with a report'),
  })
  .meta({ id: 'HealthLatestBacktest' });
export type LatestBacktestView = z.infer<typeof latestBacktestSchema>;
