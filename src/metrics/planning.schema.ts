import { z } from 'zod';
import { metricsFiltersSchema } from './metrics.schema.js';
import { DEFAULT_DISCOUNT_RATE, DEFAULT_GROSS_MARGIN } from './subscription-clv.js';

/** Request and response shapes of the forecast, backtest, CLV, capacity and time-to-value routes. */
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
const isoDate = z.iso.date().describe('YYYY-MM-DD');
const money = z.number().describe('Major units; currencies are summed as stored (currency-free)');

function customFieldNeeded(value: { customField?: string | undefined; customValue?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.customValue !== undefined && !value.customField) ctx.addIssue({ code: 'custom', path: ['customField'], message: 'is required with customValue' });
}

export const forecastQuerySchema = metricsFiltersSchema
  .extend({
    asOf: isoDate.optional().describe('Forecast date; default: today'),
    horizonMonths: z.coerce.number().int().min(1).max(24).default(12).describe('Renewals from the day after asOf to this many months later (12 = the next four quarters)'),
  })
  .superRefine(customFieldNeeded);
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

export const backtestQuerySchema = metricsFiltersSchema
  .extend({
    asOf: isoDate.optional().describe('The date the past forecast is made on, from what was known then; default: twelve months before today'),
    horizonMonths: z.coerce.number().int().min(1).max(24).default(12),
  })
  .superRefine(customFieldNeeded);
export type BacktestQuery = z.infer<typeof backtestQuerySchema>;

export const clvQuerySchema = metricsFiltersSchema
  .extend({
    anchor: yearMonth.optional().describe('Last month of the twelve that ARPA and churn are read over; default: the last complete month'),
    margin: z.coerce.number().min(0).max(1).default(DEFAULT_GROSS_MARGIN).describe(`Gross margin (0–1); default ${DEFAULT_GROSS_MARGIN}`),
    discountRate: z.coerce.number().min(0).max(1).default(DEFAULT_DISCOUNT_RATE).describe(`Yearly discount rate (0–1); default ${DEFAULT_DISCOUNT_RATE}`),
  })
  .superRefine(customFieldNeeded);
export type ClvQuery = z.infer<typeof clvQuerySchema>;

export const capacityQuerySchema = z.object({
  segment: z.string().max(200).optional(),
  asOf: isoDate.optional().describe('Books as of this day (ARR from the ledger); default: today'),
});
export type CapacityQuery = z.infer<typeof capacityQuerySchema>;

export const timeToValueQuerySchema = metricsFiltersSchema
  .extend({
    anchor: yearMonth.optional().describe('Censor at the end of this month; default: the last complete month'),
    measure: z
      .enum(['milestone', 'firstUsage'])
      .optional()
      .describe('milestone: to the first completion of a journey milestone; firstUsage: to the first day with product usage. Default: milestone when the journey marks a value milestone, else firstUsage'),
    milestone: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be a milestone key')
      .optional()
      .describe('The milestone key (measure=milestone); default: the first milestone of the journey marked marksValue'),
    by: z.enum(['segment', 'startQuarter', 'channel']).default('segment').describe('Group customers by segment, by the quarter of their first ARR, or by acquisition channel'),
  })
  .superRefine(customFieldNeeded);
export type TimeToValueQuery = z.infer<typeof timeToValueQuerySchema>;

const sumsSchema = z.object({
  key: z.string(),
  label: z.string(),
  contracts: z.number().int(),
  arr: money.describe('ARR up for renewal'),
  expectedArr: money,
  expectedExpansion: money,
  expectedContraction: money.describe('Negative'),
  expectedChurn: money.describe('Negative'),
  expectedRenewals: z.number().describe('Σ P(renew)'),
});

const ratesSchema = z.object({
  segment: z.string(),
  renewals: z.number().int().describe('Past renewals in the segment (before shrinkage)'),
  renewed: z.number(),
  expanded: z.number(),
  contracted: z.number(),
  churned: z.number(),
  expansionRatio: z.number(),
  contractionRatio: z.number(),
});

const sourceCountsSchema = z.array(z.object({ source: z.string(), contracts: z.number().int() })).describe('Contracts per source of P(renew)');

export const forecastResponseSchema = z
  .object({
    asOf: z.string(),
    through: z.string(),
    source: z.string().describe('Where P(renew) comes from: "segment history", or "churn model, else segment history" once the churn-risk model has scored accounts'),
    sources: sourceCountsSchema,
    formula: z.string(),
    history: z.object({ definition: z.string(), rates: z.array(ratesSchema) }),
    total: sumsSchema,
    byMonth: z.array(sumsSchema),
    byCsm: z.array(sumsSchema),
    contracts: z.array(
      z.object({
        contractId: z.uuid(),
        accountId: z.uuid(),
        accountName: z.string(),
        segment: z.string().nullable(),
        ownerId: z.uuid().nullable(),
        ownerName: z.string().nullable(),
        renewalOn: z.string().describe('The day after the contract’s end date'),
        arr: money,
        probability: z.number(),
        source: z.string().describe('Where this P(renew) came from: "churn model vN" (1 − its predicted risk) or "segment history"'),
        expectedArr: money,
        expectedExpansion: money,
        expectedContraction: money,
        expectedChurn: money,
      }),
    ),
    unestimated: z.number().int().describe('Contracts left out for want of any renewal history'),
  })
  .meta({ id: 'RenewalForecast' });
export type ForecastResponse = z.infer<typeof forecastResponseSchema>;

export const backtestResponseSchema = z
  .object({
    asOf: z.string(),
    knownBy: z.string(),
    method: z.string(),
    source: z.string().describe('Where P(renew) came from, as in the forecast'),
    sources: z.array(z.object({ source: z.string(), renewals: z.number().int(), brier: z.number().nullable() })).describe('Renewals scored and Brier score per source of P(renew)'),
    renewals: z.number().int().describe('Renewals due within the horizon whose outcome is known'),
    historyRenewals: z.number().int().describe('Past renewals the forecast learnt from (all before asOf)'),
    brier: z.number().nullable(),
    baselineBrier: z.number().nullable().describe('Brier of the constant forecast p = the workspace renewal rate as of asOf'),
    baseRate: z.number().nullable(),
    calibration: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int(), meanPredicted: z.number(), actualRate: z.number() })),
    byMonth: z.array(z.object({ month: z.string(), contracts: z.number().int(), arr: money, expectedArr: money, actualArr: money, expectedRenewals: z.number(), actualRenewals: z.number().int() })),
  })
  .meta({ id: 'RenewalForecastBacktest' });
export type BacktestResponse = z.infer<typeof backtestResponseSchema>;

export const clvResponseSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), label: z.string() }),
    margin: z.number(),
    discountRate: z.number(),
    formula: z.string(),
    segments: z.array(
      z.object({
        segment: z.string(),
        accounts: z.number().int(),
        arpa: money,
        cohortAccounts: z.number().int(),
        churnedLogos: z.number().int(),
        churnRate: z.number().nullable(),
        expectedLifetimeYears: z.number().nullable(),
        clv: money.nullable().describe('null: unbounded (no churn and no discounting) or no cohort'),
      }),
    ),
  })
  .meta({ id: 'SubscriptionClv' });
export type ClvResponse = z.infer<typeof clvResponseSchema>;

const modelSchema = z.enum(['high-touch', 'low-touch', 'tech-touch']);

export const capacityResponseSchema = z
  .object({
    asOf: z.string(),
    definition: z.string(),
    targets: z.object({ 'high-touch': z.number().nullable(), 'low-touch': z.number().nullable(), 'tech-touch': z.number().nullable() }),
    segmentModels: z.array(z.object({ segment: z.string(), model: modelSchema })),
    csms: z.array(
      z.object({
        ownerId: z.uuid(),
        ownerName: z.string(),
        accounts: z.number().int(),
        arr: money,
        load: z.number().describe('Σ 1 ÷ target of each account’s engagement model; 1 = a full book'),
        segments: z.array(z.object({ segment: z.string(), model: modelSchema, target: z.number().nullable(), accounts: z.number().int(), arr: money })),
      }),
    ),
    unowned: z.object({ accounts: z.number().int(), arr: money, list: z.array(z.object({ accountId: z.uuid(), accountName: z.string(), segment: z.string().nullable(), arr: money })) }),
    rebalancing: z
      .object({
        method: z.string(),
        moves: z.array(z.object({ accountId: z.uuid(), accountName: z.string(), segment: z.string(), arr: money, fromOwnerId: z.uuid(), fromOwnerName: z.string(), toOwnerId: z.uuid(), toOwnerName: z.string() })),
      })
      .nullable()
      .describe('Suggested moves; leaders and admins only (null for others)'),
  })
  .meta({ id: 'CsCapacity' });
export type CapacityResponse = z.infer<typeof capacityResponseSchema>;

const ttvMilestoneSchema = z.object({ key: z.string(), name: z.string(), stage: z.string(), marksValue: z.boolean() });

export const timeToValueResponseSchema = z
  .object({
    asOf: z.string(),
    measure: z.enum(['milestone', 'firstUsage']),
    milestone: ttvMilestoneSchema.nullable().describe('The milestone measured (measure=milestone)'),
    milestones: z.array(ttvMilestoneSchema).describe('Every milestone of the workspace’s journey, for choosing another'),
    by: z.enum(['segment', 'startQuarter', 'channel']),
    method: z.string(),
    groups: z.array(
      z.object({
        group: z.string().describe('"(all)" first, then each group; "(none)" for accounts without the attribute'),
        customers: z.number().int(),
        reached: z.number().int(),
        medianDays: z.number().nullable().describe('Kaplan–Meier median; null while fewer than half have reached value'),
        observedMedianDays: z.number().nullable().describe('Median over those who reached value only (biased low)'),
        within30: z.number(),
        within90: z.number(),
        histogram: z
          .array(z.object({ fromDay: z.number().int(), toDay: z.number().int().nullable().describe('null: open-ended last bin'), customers: z.number().int() }))
          .describe('Customers who reached value, by days taken'),
      }),
    ),
  })
  .meta({ id: 'TimeToValue' });
export type TimeToValueResponse = z.infer<typeof timeToValueResponseSchema>;
