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
    externalIds: z.record(z.string(), z.string()),
    customFields: z.record(z.string(), z.unknown()),
    arr: z.number().describe('Annual recurring revenue of active subscriptions'),
    renewalDate: z.string().nullable().describe('Earliest end date of an active subscription'),
    healthScore: z.number().int().nullable().describe('Computed health score 0–100 (null: not scored yet); an override shows on the Health tab'),
    healthBand: z.enum(['green', 'yellow', 'red']).nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Account' });

export type Account = z.infer<typeof accountSchema>;

export const accountForViewerSchema = accountSchema
  .extend({ viewerCanWrite: z.boolean().describe('Whether the caller may change this account and what hangs off it') })
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
  sort: z.enum(ACCOUNT_SORTS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListAccountsQuery = z.infer<typeof listAccountsQuerySchema>;

export const accountPageSchema = z.object({
  data: z.array(accountSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().describe('Accounts matching the filters; for a search, counted up to 2,000'),
  totalIsLowerBound: z.boolean().describe('True when a search matched more accounts than `total` (show "2,000+")'),
});
export type AccountPage = z.infer<typeof accountPageSchema>;

export { isoDate };
