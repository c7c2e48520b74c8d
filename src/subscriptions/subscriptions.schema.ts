import { z } from 'zod';
import { isoDateSchema } from '../core/storable-input.js';
import type { ArrMovementKind, PricingModel, SubscriptionStatus } from '../db/schema.js';
import { MAX_MONEY } from './money.js';

/** Request and response shapes of the subscriptions API; the OpenAPI document is generated from these. */
export const SUBSCRIPTION_STATUSES = [
  'active',
  'cancelled',
  'expired',
] as const satisfies readonly SubscriptionStatus[];
export const ARR_MOVEMENT_KINDS = [
  'new',
  'expansion',
  'contraction',
  'churn',
  'reactivation',
] as const satisfies readonly ArrMovementKind[];
export const PRICING_MODELS = ['committed', 'usage_based', 'hybrid'] as const satisfies readonly PricingModel[];
export const MAX_SEATS = 10_000_000;
export const MAX_UNIT_PRICE = 1_000_000_000;
export const MAX_ITEMS = 100;

// Shared so every date field refuses what PostgreSQL cannot hold (year 0000).
const isoDate = isoDateSchema;
const text = (max: number) => z.string().trim().min(1).max(max);

const itemInputSchema = z
  .strictObject({
    product: text(200),
    seats: z.number().int().min(0).max(MAX_SEATS),
    unitPrice: z
      .number()
      .min(0)
      .max(MAX_UNIT_PRICE)
      .describe('Yearly price per seat; rounded to cents, half away from zero'),
  })
  .refine((item) => item.seats * item.unitPrice <= MAX_MONEY, {
    message: `seats × unitPrice must be at most ${MAX_MONEY}`,
    path: ['unitPrice'],
  });
export type SubscriptionItemInput = z.infer<typeof itemInputSchema>;

const itemsInputSchema = z.array(itemInputSchema).max(MAX_ITEMS);

const usageTerms = {
  metric: text(200).describe('The billable metric: an event name, counted per day in the usage rollups'),
  unitPrice: z.number().min(0).max(MAX_UNIT_PRICE).describe('Price per unit of the metric'),
  windowDays: z.number().int().min(1).max(365).default(90).describe('Trailing complete days of usage annualised into ARR'),
};

export const pricingInputSchema = z
  .discriminatedUnion('model', [
    z.strictObject({ model: z.literal('committed') }),
    z.strictObject({ model: z.literal('usage_based'), ...usageTerms }),
    z.strictObject({ model: z.literal('hybrid'), ...usageTerms }),
  ])
  .describe(
    'committed: ARR = the line items (default). usage_based: ARR = units over the window × unitPrice × 365 ÷ windowDays, no line items. hybrid: the line items are a committed floor; ARR = the larger of the floor and the usage ARR.',
  );
export type PricingInput = z.infer<typeof pricingInputSchema>;

/** Line items and pricing model must agree: a usage-based contract has none, the others at least one. */
export function itemsMatchPricing(model: PricingModel, itemCount: number): boolean {
  return model === 'usage_based' ? itemCount === 0 : itemCount > 0;
}
const itemsMismatch = {
  message: 'a usage_based contract has no line items; committed and hybrid contracts need at least one',
  path: ['items'],
};
const effectiveDate = isoDate
  .optional()
  .describe('The day the change takes effect, dating its ARR movement; defaults to today (UTC)');

// Refinements on the whole body, so a request with both dates fails validation before any I/O;
// a PATCH that sends one date is checked against the stored other one by the use case.
const datesInOrder = (value: { startDate?: string; endDate?: string }) =>
  !value.startDate || !value.endDate || value.endDate >= value.startDate;
const endBeforeStart = { message: 'endDate must be on or after startDate', path: ['endDate'] };

export const createSubscriptionInputSchema = z
  .strictObject({
    externalId: text(200).nullish().describe('Id in the billing system or CRM'),
    status: z.enum(SUBSCRIPTION_STATUSES).default('active'),
    startDate: isoDate,
    endDate: isoDate.describe('Renewal date'),
    autoRenew: z.boolean().default(false),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. USD')
      .default('USD'),
    items: itemsInputSchema.default([]),
    pricing: pricingInputSchema.optional().describe('Default: committed'),
    effectiveDate,
  })
  .refine(datesInOrder, endBeforeStart)
  .refine((value) => itemsMatchPricing(value.pricing?.model ?? 'committed', value.items.length), itemsMismatch);
export type CreateSubscriptionInput = z.infer<typeof createSubscriptionInputSchema>;

export const updateSubscriptionInputSchema = z
  .strictObject({
    externalId: text(200).nullish(),
    status: z.enum(SUBSCRIPTION_STATUSES).optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    autoRenew: z.boolean().optional(),
    items: itemsInputSchema.optional().describe('Replaces every line item'),
    pricing: pricingInputSchema.optional().describe('Replaces the pricing model and its usage terms'),
    effectiveDate,
  })
  .refine(datesInOrder, endBeforeStart)
  .refine((value) => Object.keys(value).some((key) => key !== 'effectiveDate'), {
    message: 'Send at least one field to change',
  });
export type UpdateSubscriptionInput = z.infer<typeof updateSubscriptionInputSchema>;

export const subscriptionItemSchema = z
  .object({
    id: z.uuid(),
    product: z.string(),
    seats: z.number().int(),
    unitPrice: z.number().describe('Yearly price per seat'),
    arr: z.number().describe('seats × unitPrice, rounded to cents'),
  })
  .meta({ id: 'SubscriptionItem' });

export const subscriptionSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    externalId: z.string().nullable(),
    status: z.enum(SUBSCRIPTION_STATUSES),
    startDate: z.string().describe('YYYY-MM-DD'),
    endDate: z.string().describe('YYYY-MM-DD; the renewal date'),
    autoRenew: z.boolean(),
    currency: z.string(),
    arr: z.number().describe('Line items plus the usage part; counts toward the account’s ARR only while active'),
    items: z.array(subscriptionItemSchema).describe('The committed line items (for a hybrid, the floor)'),
    pricing: z
      .object({
        model: z.enum(PRICING_MODELS),
        metric: z.string().nullable(),
        unitPrice: z.number().nullable().describe('Price per unit of the metric'),
        windowDays: z.number().int().nullable(),
      })
      .meta({ id: 'SubscriptionPricing' }),
    usage: z
      .object({
        units: z.number().describe('Units of the metric counted in the window'),
        from: z.string().describe('YYYY-MM-DD, first day of the window'),
        through: z.string().describe('YYYY-MM-DD, last day of the window'),
        arr: z.number().describe('units × unitPrice × 365 ÷ windowDays'),
        addedArr: z.number().describe('What usage adds to the line items: all of it (usage_based) or the part above the floor (hybrid)'),
      })
      .nullable()
      .describe('The last usage measurement; null for committed contracts'),
  })
  .meta({ id: 'Subscription' });
export type Subscription = z.infer<typeof subscriptionSchema>;

export const subscriptionListSchema = z.object({ data: z.array(subscriptionSchema) });

export const arrMovementSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(ARR_MOVEMENT_KINDS),
    currency: z.string().describe('Currency of the contract that moved; amount and arrBefore/arrAfter (the account’s ARR in it) are in it'),
    amount: z.number().describe('arrAfter − arrBefore: positive for new, expansion and reactivation'),
    arrBefore: z.number(),
    arrAfter: z.number(),
    occurredOn: z.string().describe('YYYY-MM-DD'),
    subscriptionId: z.uuid().nullable().describe('The contract whose change moved ARR; null once it is deleted'),
  })
  .meta({ id: 'ArrMovement' });
export type ArrMovement = z.infer<typeof arrMovementSchema>;

export const arrMovementListSchema = z.object({ data: z.array(arrMovementSchema) });
