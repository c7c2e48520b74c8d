import { z } from 'zod';

/** Request and response shapes of the metrics API; the OpenAPI document is generated from these. */
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
const isoDate = z.iso.date().describe('YYYY-MM-DD');

/** Which accounts a figure covers; every figure is also limited to the caller's workspace. */
export const metricsFiltersSchema = z.object({
  segment: z.string().max(200).optional(),
  ownerId: z.uuid().optional().describe('The owning CSM'),
  product: z.string().max(200).optional().describe('The account’s main product: the line with the largest ARR on its contracts, active ones first'),
  lifecycleStage: z.string().max(200).optional(),
  channel: z.string().max(200).optional().describe('Acquisition channel (the account’s acquisition_channel)'),
  customField: z.string().min(1).max(64).optional().describe('Custom field key, for customValue or groupBy=customField'),
  customValue: z.string().max(200).optional().describe('Only accounts whose customField has this value (as text)'),
});
export type MetricsFilters = z.infer<typeof metricsFiltersSchema>;

const periodFields = {
  period: z.enum(['month', 'quarter', 'ttm', 'custom']).default('ttm').describe('ttm = the twelve months ending with anchor'),
  anchor: yearMonth.optional().describe('The month, a month of the quarter, or the last month of the twelve; default: the last complete month'),
  from: isoDate.optional().describe('First day, with period=custom'),
  to: isoDate.optional().describe('Last day, with period=custom'),
};

type PeriodFields = { period: string; from?: string | undefined; to?: string | undefined; customField?: string | undefined; customValue?: string | undefined };

/** Cross-field rules, each naming the field that is wrong. */
function checkPeriodAndFilters(value: PeriodFields & { groupBy?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.period === 'custom') {
    if (!value.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required with period=custom' });
    if (!value.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required with period=custom' });
    if (value.from && value.to && value.from > value.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  } else {
    if (value.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is only read with period=custom' });
    if (value.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is only read with period=custom' });
  }
  if (value.customValue !== undefined && !value.customField) ctx.addIssue({ code: 'custom', path: ['customField'], message: 'is required with customValue' });
  if (value.groupBy === 'customField' && !value.customField) ctx.addIssue({ code: 'custom', path: ['customField'], message: 'is required with groupBy=customField' });
}

export const bridgeQuerySchema = metricsFiltersSchema
  .extend({
    ...periodFields,
    unit: z.enum(['arr', 'mrr']).default('arr').describe('mrr = ARR ÷ 12, rounded so the bridge still adds up to the cent'),
    groupBy: z.enum(['segment', 'owner', 'product', 'lifecycleStage', 'customField']).optional(),
  })
  .superRefine(checkPeriodAndFilters);
export type BridgeQuery = z.infer<typeof bridgeQuerySchema>;

export const bridgeComponentSchema = z.enum(['start', 'end', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'churnedLogos']);
export type BridgeComponentName = z.infer<typeof bridgeComponentSchema>;

export const bridgeDetailsQuerySchema = metricsFiltersSchema
  .extend({
    ...periodFields,
    component: bridgeComponentSchema.default('end').describe('Default end. start/end: accounts with ARR then; a movement kind: its ledger rows; churnedLogos: cohort accounts at 0 at the end. A breakdown group is its filter (segment, ownerId, …)'),
  })
  .superRefine(checkPeriodAndFilters);
export type BridgeDetailsQuery = z.infer<typeof bridgeDetailsQuerySchema>;

export const retentionQuerySchema = metricsFiltersSchema
  .extend({
    anchor: yearMonth.optional().describe('Last month of the trend; default: the last complete month'),
    months: z.coerce.number().int().min(1).max(60).default(12),
    window: z.enum(['month', 'ttm']).default('ttm').describe('Each point’s NRR/GRR over that month alone, or over the twelve months ending with it'),
  })
  .superRefine((value, ctx) => checkPeriodAndFilters({ ...value, period: 'month' }, ctx));
export type RetentionQuery = z.infer<typeof retentionQuerySchema>;

export const cohortsQuerySchema = metricsFiltersSchema
  .extend({
    by: z.enum(['month', 'quarter', 'segment', 'product', 'channel']).default('month'),
    anchor: yearMonth.optional().describe('Measure up to the end of this month; default: the last complete month'),
    months: z.coerce.number().int().min(1).max(60).default(12).describe('Accounts that started in this many months up to anchor'),
  })
  .superRefine((value, ctx) => checkPeriodAndFilters({ ...value, period: 'month' }, ctx));
export type CohortsQuery = z.infer<typeof cohortsQuerySchema>;

export const survivalQuerySchema = metricsFiltersSchema
  .extend({
    by: z.enum(['all', 'segment', 'product', 'channel', 'startYear']).default('segment'),
    anchor: yearMonth.optional().describe('Customers still with ARR are censored at the end of this month; default: the last complete month'),
    groupA: z.string().max(200).optional().describe('Log-rank: the first group (default: the largest)'),
    groupB: z.string().max(200).optional().describe('Log-rank: the second group (default: the second largest)'),
  })
  .superRefine((value, ctx) => checkPeriodAndFilters({ ...value, period: 'month' }, ctx));
export type SurvivalQuery = z.infer<typeof survivalQuerySchema>;

const money = z.number().describe('Major units of the reporting currency, from exact cents');

/** How the figures were converted (constant currency: every currency at its rate on `ratesOn`). */
export const moneyBasisSchema = z.object({
  reportingCurrency: z.string(),
  ratesOn: z.string().describe('Every currency is converted at its latest rate on or before this day'),
  unratedCurrencies: z.array(z.string()).describe('Currencies with no rate by ratesOn: their contracts are left out of every figure'),
});
const ratio = z.number().nullable().describe('null when the cohort is empty');

export const bridgeFiguresSchema = z.object({
  start: money,
  new: money,
  expansion: money,
  contraction: money.describe('Negative'),
  churn: money.describe('Negative'),
  reactivation: money,
  end: money,
});

const retentionSchema = z.object({
  cohortAccounts: z.number().int(),
  cohortStart: money,
  cohortEnd: money,
  cohortEndCapped: money,
  cohortExpansion: money,
  churnedLogos: z.number().int(),
  nrr: ratio,
  grr: ratio,
  logoChurn: ratio,
  logoRetention: ratio,
  expansionRate: ratio,
});

const bridgeResultSchema = z.object({
  bridge: bridgeFiguresSchema,
  movementCounts: z.object({ new: z.number().int(), expansion: z.number().int(), contraction: z.number().int(), churn: z.number().int(), reactivation: z.number().int() }),
  startAccounts: z.number().int(),
  endAccounts: z.number().int(),
  retention: retentionSchema,
});

const periodSchema = z.object({ kind: z.enum(['month', 'quarter', 'ttm', 'custom']), from: z.string(), to: z.string(), label: z.string() });

const formulasSchema = z.object({ nrr: z.string(), grr: z.string(), logoChurn: z.string(), expansionRate: z.string() });

export const bridgeResponseSchema = z
  .object({
    period: periodSchema,
    unit: z.enum(['arr', 'mrr']),
    money: moneyBasisSchema,
    formulas: formulasSchema,
    total: bridgeResultSchema,
    groupBy: z.string().nullable(),
    groups: z.array(bridgeResultSchema.extend({ key: z.string().nullable(), label: z.string() })),
  })
  .meta({ id: 'ArrBridge' });
export type BridgeResponse = z.infer<typeof bridgeResponseSchema>;

export const bridgeDetailsResponseSchema = z
  .object({
    period: periodSchema,
    component: bridgeComponentSchema,
    movements: z.array(z.object({ id: z.uuid(), accountId: z.uuid(), accountName: z.string(), kind: z.string(), amount: money, arrAfter: money, occurredOn: z.string() })),
    accounts: z.array(z.object({ accountId: z.uuid(), accountName: z.string(), startArr: money, endArr: money })),
    total: money.describe('Sum of the listed amounts (movements) or ARR (accounts): equals the bridge figure'),
  })
  .meta({ id: 'ArrBridgeDetails' });
export type BridgeDetailsResponse = z.infer<typeof bridgeDetailsResponseSchema>;

export const retentionResponseSchema = z
  .object({
    window: z.enum(['month', 'ttm']),
    formulas: formulasSchema,
    points: z.array(retentionSchema.extend({ month: z.string(), from: z.string(), to: z.string() })),
  })
  .meta({ id: 'RetentionTrend' });
export type RetentionResponse = z.infer<typeof retentionResponseSchema>;

export const cohortsResponseSchema = z
  .object({
    by: z.enum(['month', 'quarter', 'segment', 'product', 'channel']),
    asOf: z.string(),
    definition: z.string(),
    rows: z.array(
      z.object({
        key: z.string(),
        accounts: z.number().int(),
        startArr: money,
        cells: z.array(
          z.object({
            offset: z.number().int(),
            observedAccounts: z.number().int(),
            activeAccounts: z.number().int(),
            baseArr: money,
            arr: money,
            revenueRetention: ratio,
            logoRetention: ratio,
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Cohorts' });
export type CohortsResponse = z.infer<typeof cohortsResponseSchema>;

const stepSchema = z.object({
  time: z.number().describe('Days since the customer’s first ARR'),
  atRisk: z.number().int(),
  events: z.number().int(),
  censored: z.number().int(),
  survival: z.number(),
  standardError: z.number(),
  lower: z.number(),
  upper: z.number(),
});

export const survivalResponseSchema = z
  .object({
    by: z.enum(['all', 'segment', 'product', 'channel', 'startYear']),
    asOf: z.string(),
    method: z.string(),
    curves: z.array(z.object({ group: z.string(), subjects: z.number().int(), events: z.number().int(), medianDays: z.number().nullable(), steps: z.array(stepSchema) })),
    logRank: z
      .object({
        groupA: z.string(),
        groupB: z.string(),
        observedA: z.number(),
        expectedA: z.number(),
        observedB: z.number(),
        expectedB: z.number(),
        chiSquare: z.number(),
        degreesOfFreedom: z.literal(1),
        pValue: z.number(),
      })
      .nullable(),
  })
  .meta({ id: 'Survival' });
export type SurvivalResponse = z.infer<typeof survivalResponseSchema>;
