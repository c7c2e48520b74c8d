import { z } from 'zod';
import { isoDateSchema } from '../core/storable-input.js';

/** Request and response shapes of the accounts API; the OpenAPI document is generated from these. */
// Shared so every date field refuses what PostgreSQL cannot hold (year 0000).
const isoDate = isoDateSchema;
const externalIds = z
  .record(z.string().min(1).max(64), z.string().min(1).max(200))
  .describe('CRM ids by system, e.g. {"salesforce": "0015g00000XyZ"}');
const customFields = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .describe('Values for the workspace’s custom fields; null clears a field');

export const accountSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    segment: z.string().nullable(),
    employeeCount: z.number().int().nullable(),
    region: z.string().nullable(),
    parentId: z.uuid().nullable(),
    parentName: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    lifecycleStage: z.string().nullable(),
    acquisitionChannel: z.string().nullable().describe('Where the customer came from (the CRM’s lead or account source); metrics group cohorts by it'),
    externalIds: z.record(z.string(), z.string()),
    customFields: z.record(z.string(), z.unknown()),
    arr: z.number().describe('Annual recurring revenue of active subscriptions, in the workspace’s reporting currency at the latest rates'),
    unratedContracts: z.number().int().describe('Active contracts in a currency without an exchange rate: not included in arr'),
    churnReason: z.string().nullable().describe('Why the customer left, when it did'),
    renewalDate: z.string().nullable().describe('Earliest end date of an active subscription'),
    healthScore: z.number().int().nullable().describe('Computed health score 0–100 (null: not scored yet); an override shows on the Health tab'),
    healthBand: z.enum(['green', 'yellow', 'red']).nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Account' });

export type Account = z.infer<typeof accountSchema>;

export const accountForViewerSchema = accountSchema
  .extend({
    viewerCanWrite: z.boolean().describe('Whether the caller may change this account and what hangs off it'),
    reportingCurrency: z.string().describe('The currency arr is in'),
    arrByCurrency: z
      .array(z.object({ currency: z.string(), arr: z.number(), rate: z.number().nullable().describe('null: no exchange rate, left out of arr') }))
      .describe('ARR of the active contracts in their own currencies'),
    churnedOn: z.string().nullable().describe('Day of the latest churn in the ARR ledger'),
  })
  .meta({ id: 'AccountForViewer' });
export type AccountForViewer = z.infer<typeof accountForViewerSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const createAccountInputSchema = z.strictObject({
  name: text(200),
  domain: text(253).nullish(),
  industry: text(100).nullish(),
  segment: text(100).nullish(),
  employeeCount: z.number().int().min(0).max(10_000_000).nullish(),
  region: text(100).nullish(),
  parentId: z.uuid().nullish(),
  ownerId: z.uuid().nullish(),
  lifecycleStage: text(100).nullish(),
  acquisitionChannel: text(100).nullish(),
  churnReason: text(500).nullish(),
  externalIds: externalIds.optional(),
  customFields: customFields.optional(),
});
export type CreateAccountInput = z.infer<typeof createAccountInputSchema>;

export const updateAccountInputSchema = createAccountInputSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });
export type UpdateAccountInput = z.infer<typeof updateAccountInputSchema>;

export const ACCOUNT_SORTS = ['name', 'arr', 'renewalDate', 'employeeCount', 'createdAt', 'health'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

/** Renewal windows the list offers; `renewal-window.ts` turns one into days. */
export const RENEWAL_WINDOWS = ['overdue', 'next_30_days', 'next_90_days', 'this_quarter', 'next_quarter', 'this_year'] as const;
export type RenewalWindow = (typeof RENEWAL_WINDOWS)[number];

export const listAccountsQuerySchema = z.object({
  q: z.string().trim().max(200).optional().describe('Matches name or domain, case-insensitive'),
  segment: z.string().optional(),
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  lifecycleStage: z.string().optional(),
  region: z.string().optional(),
  industry: z.string().optional(),
  parentId: z.uuid().optional(),
  healthBand: z.enum(['green', 'yellow', 'red']).optional().describe('Only accounts whose computed health is in this band'),
  externalId: z.string().optional().describe('Finds accounts by a CRM id, as system:id (e.g. salesforce:001…)'),
  includeChurned: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Churned accounts (lifecycle stage "Churned") are left out unless true'),
  renewsWithin: z
    .enum(RENEWAL_WINDOWS)
    .optional()
    .describe('Only accounts whose renewal date falls in this window (UTC days, today included)'),
  renewsFrom: isoDateSchema.optional().describe('Only accounts renewing on or after this day'),
  renewsTo: isoDateSchema.optional().describe('Only accounts renewing on or before this day'),
  sort: z.enum(ACCOUNT_SORTS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
/** The list's query as validated; `includeChurned` may be left out by callers in code (false). */
export type ListAccountsQuery = Omit<z.infer<typeof listAccountsQuerySchema>, 'includeChurned'> & { includeChurned?: boolean };

export const accountPageSchema = z.object({
  data: z.array(accountSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('Accounts matching the filters; for a search, counted up to 2,000'),
  totals: z
    .object({
      accounts: z.number().int(),
      arr: z.number().describe('Σ arr of the matching accounts, in the reporting currency'),
      currency: z.string(),
      unratedContracts: z.number().int().describe('Contracts of these accounts left out of arr for want of an exchange rate'),
    })
    .describe('Totals over every account matching the filters (not only this page); a search counts its first 2,000 matches'),
  totalIsLowerBound: z.boolean().describe('True when a search matched more accounts than `total` (show "2,000+")'),
});
export type AccountPage = z.infer<typeof accountPageSchema>;

export { isoDate };
