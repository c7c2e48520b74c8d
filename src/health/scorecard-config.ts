import { z } from 'zod';

/**
 * The inputs a measure can read, each computed as of a day from stored facts by
 * `health.repository.ts` (one set-based statement for many accounts). `account_field` reads
 * a numeric account column or custom field (its current value: fields keep no history).
 */
export const MEASURE_INPUTS = [
  'active_users',
  'active_users_trend',
  'seat_utilisation',
  'feature_breadth',
  'days_since_last_use',
  'core_users_lost',
  'open_urgent_tickets',
  'ticket_volume_trend',
  'first_response_minutes',
  'ticket_csat',
  'nps',
  'survey_csat',
  'champion_present',
  'executive_sponsor_present',
  'days_since_csm_touch',
  'days_to_renewal',
  'recent_contraction',
  'price_rise_pending',
  'negative_signals',
  'funding_signal',
  'experience_score',
  'account_field',
] as const;
export type MeasureInput = (typeof MEASURE_INPUTS)[number];

export const HEALTH_BANDS = ['green', 'yellow', 'red'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

const finite = z.number().finite();
const points = z.number().min(0).max(100);

/** value ≤ upTo → points (first step that fits, in order); above the last step → otherwise. */
const thresholdsSchema = z
  .object({
    type: z.literal('thresholds'),
    steps: z.array(z.object({ upTo: finite, points }).strict()).min(1).max(20),
    otherwise: points,
  })
  .strict()
  .refine((m) => m.steps.every((step, i) => i === 0 || step.upTo > m.steps[i - 1]!.upTo), {
    message: 'threshold steps must rise (each upTo above the one before)',
    path: ['steps'],
  });

/** Straight lines between [value, points] pairs, flat beyond the first and last. */
const curveSchema = z
  .object({
    type: z.literal('curve'),
    points: z.array(z.tuple([finite, points])).min(2).max(20),
  })
  .strict()
  .refine((m) => m.points.every((p, i) => i === 0 || p[0] > m.points[i - 1]![0]), {
    message: 'curve values must rise',
    path: ['points'],
  });

export const measureMappingSchema = z.discriminatedUnion('type', [thresholdsSchema, curveSchema]);
export type MeasureMapping = z.infer<typeof measureMappingSchema>;

const keySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter');

export const measureConfigSchema = z
  .object({
    key: keySchema,
    label: z.string().trim().min(1).max(80),
    input: z.enum(MEASURE_INPUTS),
    /** For input `account_field`: a numeric column (`employee_count`, `arr`) or `custom_fields.<key>`. */
    field: z.string().regex(/^(employee_count|arr|custom_fields\.[A-Za-z0-9_]{1,64})$/).optional(),
    /** 0 shows the measure for context without counting it. */
    weight: z.number().min(0).max(100),
    mapping: measureMappingSchema,
  })
  .strict()
  .refine((m) => (m.input === 'account_field') === (m.field !== undefined), {
    message: 'field is required for input account_field, and only for it',
    path: ['field'],
  });
export type MeasureConfig = z.infer<typeof measureConfigSchema>;

export const scorecardSchema = z
  .object({
    key: keySchema,
    name: z.string().trim().min(1).max(80),
    /** Accounts of these segments (or lifecycle stages) use this scorecard; none: the default. */
    segments: z.array(z.string().min(1).max(100)).max(50).default([]),
    lifecycleStages: z.array(z.string().min(1).max(100)).max(50).default([]),
    measures: z.array(measureConfigSchema).min(1).max(40),
  })
  .strict()
  .refine((card) => new Set(card.measures.map((m) => m.key)).size === card.measures.length, {
    message: 'measure keys must be unique within a scorecard',
    path: ['measures'],
  })
  .refine((card) => card.measures.some((m) => m.weight > 0), { message: 'at least one measure needs a weight', path: ['measures'] });
export type Scorecard = z.infer<typeof scorecardSchema>;

/** The workspace's whole health configuration: one document, versioned on every save. */
export const healthConfigSchema = z
  .object({
    /** Score at or above green → green; at or above yellow → yellow; below → red. */
    bands: z.object({ green: z.number().int().min(1).max(100), yellow: z.number().int().min(0).max(99) }).strict(),
    scorecards: z.array(scorecardSchema).min(1).max(20),
  })
  .strict()
  .refine((c) => c.bands.green > c.bands.yellow, { message: 'green must be above yellow', path: ['bands'] })
  .refine((c) => new Set(c.scorecards.map((s) => s.key)).size === c.scorecards.length, {
    message: 'scorecard keys must be unique',
    path: ['scorecards'],
  })
  .refine((c) => c.scorecards.filter((s) => s.segments.length === 0 && s.lifecycleStages.length === 0).length === 1, {
    message: 'exactly one scorecard must be the default (no segments and no lifecycle stages)',
    path: ['scorecards'],
  });
export type HealthConfig = z.infer<typeof healthConfigSchema>;

/**
 * The scorecard an account is scored with: the first whose lifecycle stages name the
 * account's stage, else the first whose segments name its segment, else the default.
 */
export function scorecardFor(config: HealthConfig, account: { segment: string | null; lifecycleStage: string | null }): Scorecard {
  const byStage = account.lifecycleStage ? config.scorecards.find((s) => s.lifecycleStages.includes(account.lifecycleStage!)) : undefined;
  const bySegment = account.segment ? config.scorecards.find((s) => s.segments.includes(account.segment!)) : undefined;
  return byStage ?? bySegment ?? config.scorecards.find((s) => s.segments.length === 0 && s.lifecycleStages.length === 0)!;
}

const steps = (pairs: Array<[number, number]>, otherwise: number): MeasureMapping => ({
  type: 'thresholds',
  steps: pairs.map(([upTo, p]) => ({ upTo, points: p })),
  otherwise,
});
const curve = (pairs: Array<[number, number]>): MeasureMapping => ({ type: 'curve', points: pairs });

const USAGE_MEASURES: MeasureConfig[] = [
  { key: 'seat_utilisation', label: 'Seat utilisation', input: 'seat_utilisation', weight: 20, mapping: curve([[10, 0], [30, 30], [60, 80], [80, 100]]) },
  { key: 'active_users_trend', label: 'Active users trend', input: 'active_users_trend', weight: 10, mapping: curve([[-50, 0], [-20, 40], [0, 75], [20, 100]]) },
  { key: 'feature_breadth', label: 'Feature breadth', input: 'feature_breadth', weight: 5, mapping: curve([[0, 0], [1, 40], [3, 100]]) },
  { key: 'days_since_last_use', label: 'Days since last use', input: 'days_since_last_use', weight: 10, mapping: steps([[3, 100], [7, 70], [14, 40], [30, 15]], 0) },
  { key: 'core_users_lost', label: 'Core users lost', input: 'core_users_lost', weight: 10, mapping: steps([[0, 100], [1, 50], [2, 20]], 0) },
];
const SUPPORT_MEASURES: MeasureConfig[] = [
  { key: 'open_urgent_tickets', label: 'Open urgent/high tickets', input: 'open_urgent_tickets', weight: 10, mapping: steps([[0, 100], [1, 60], [2, 30]], 0) },
  { key: 'ticket_csat', label: 'Ticket CSAT', input: 'ticket_csat', weight: 5, mapping: curve([[50, 0], [80, 60], [95, 100]]) },
  { key: 'first_response', label: 'First response time', input: 'first_response_minutes', weight: 0, mapping: curve([[60, 100], [240, 70], [1440, 20], [2880, 0]]) },
  { key: 'ticket_volume_trend', label: 'Ticket volume trend', input: 'ticket_volume_trend', weight: 0, mapping: curve([[0, 100], [100, 50], [300, 0]]) },
];
const COMMERCIAL_MEASURES: MeasureConfig[] = [
  { key: 'nps', label: 'NPS answers', input: 'nps', weight: 10, mapping: curve([[0, 0], [6, 40], [8, 80], [10, 100]]) },
  { key: 'recent_contraction', label: 'Recent contraction', input: 'recent_contraction', weight: 5, mapping: steps([[0, 100]], 20) },
  { key: 'price_rise_pending', label: 'Price rise pending', input: 'price_rise_pending', weight: 10, mapping: steps([[0, 100]], 0) },
  { key: 'negative_signals', label: 'Outside warning signs', input: 'negative_signals', weight: 10, mapping: steps([[0, 100], [1, 20]], 0) },
  { key: 'days_to_renewal', label: 'Days to renewal', input: 'days_to_renewal', weight: 0, mapping: curve([[30, 50], [90, 100]]) },
];

/**
 * The scorecards a workspace starts with (version 0, until someone saves its own): a
 * high- and low-touch card with relationship measures, and a tech-touch card for self-serve
 * accounts, whom no CSM meets.
 */
export const DEFAULT_HEALTH_CONFIG: HealthConfig = healthConfigSchema.parse({
  bands: { green: 85, yellow: 70 },
  scorecards: [
    {
      key: 'standard',
      name: 'Standard',
      measures: [
        ...USAGE_MEASURES,
        ...SUPPORT_MEASURES,
        { key: 'champion_present', label: 'Champion present', input: 'champion_present', weight: 20, mapping: steps([[0, 0]], 100) },
        { key: 'executive_sponsor', label: 'Executive sponsor present', input: 'executive_sponsor_present', weight: 5, mapping: steps([[0, 30]], 100) },
        { key: 'csm_touch', label: 'Days since the last CSM touch', input: 'days_since_csm_touch', weight: 10, mapping: steps([[30, 100], [60, 60], [120, 25]], 0) },
        ...COMMERCIAL_MEASURES,
        // Shown, not counted, until a workspace gives it a weight: the bands were calibrated without it.
        { key: 'experience_score', label: 'Running experience score', input: 'experience_score', weight: 0, mapping: curve([[20, 0], [50, 70], [70, 100]]) },
      ],
    },
    {
      key: 'tech_touch',
      name: 'Tech touch',
      segments: ['self-serve'],
      measures: [...USAGE_MEASURES, ...SUPPORT_MEASURES, ...COMMERCIAL_MEASURES],
    },
  ],
});
