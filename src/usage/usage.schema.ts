import { z } from 'zod';
import { isoDateSchema } from '../core/storable-input.js';

/** Request and response shapes of the usage API; the OpenAPI document is generated from these. */
export const MAX_USAGE_DAYS = 730;

export const accountUsageQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(7).max(MAX_USAGE_DAYS).default(90).describe('Days of daily series, ending today (UTC)'),
});
export type AccountUsageQuery = z.infer<typeof accountUsageQuerySchema>;

// Shared so every date field refuses what PostgreSQL cannot hold (year 0000).
const isoDate = isoDateSchema;

export const accountUsageSchema = z
  .object({
    accountId: z.uuid(),
    from: isoDate,
    to: isoDate,
    summary: z.object({
      activeUsers7d: z.number().int(),
      activeUsers30d: z.number().int(),
      seatsUsed: z.number().int().describe('Distinct users active in the last 30 days'),
      seatsPurchased: z.number().int().describe('Seats on the active contracts: per contract its largest product (add-on seats go to people who hold a main seat)'),
      featuresUsed30d: z.number().int().describe('Features of the catalog in force today used in the last 30 days'),
      featuresAvailable: z.number().int().describe('Features in the catalog in force today (0 before the workspace has a catalog)'),
      breadth: z.number().nullable().describe('featuresUsed30d / featuresAvailable, 0–1; null when the catalog has no features'),
      lastSeenAt: z.date().nullable(),
    }),
    topEvents: z.array(z.object({ name: z.string(), count: z.number().int() })).describe('Track events of the window by count'),
    daily: z.array(
      z.object({
        day: isoDate,
        activeUsers: z.number().int(),
        events: z.number().int(),
        features: z.number().int(),
        features30d: z.number().int().nullable().describe('Catalog features used in the 30 days ending that day, counted with the catalog in force that day; null before the first catalog'),
        featuresAvailable: z.number().int().nullable().describe('Features in the catalog in force that day'),
        seatsPurchased: z.number().int(),
        topEventCounts: z.array(z.number().int()).describe('Counts of topEvents that day, in their order'),
      }),
    ),
    features: z
      .array(
        z.object({
          key: z.string(),
          name: z.string(),
          group: z.string().nullable(),
          lastUsedDay: isoDate.nullable().describe('Last day in the series window the account used it'),
          used30d: z.boolean(),
        }),
      )
      .describe('The catalog in force today, feature by feature, for this account'),
    users: z.array(
      z.object({
        userKey: z.string().describe('userId, or anonymousId of a user never identified'),
        contactId: z.uuid().nullable(),
        contactName: z.string().nullable(),
        contactEmail: z.string().nullable().describe('The contact’s email, so a person is told apart from a namesake'),
        lastSeenAt: z.date(),
        activeDays30d: z.number().int(),
        events30d: z.number().int(),
      }),
    ),
  })
  .describe('Usage rollups of one account, refreshed within seconds of ingestion');
export type AccountUsage = z.infer<typeof accountUsageSchema>;

const catalogFeatureView = z.object({
  key: z.string(),
  name: z.string(),
  group: z.string().nullable(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  accounts30d: z.number().int().describe('Accounts that used it in the last 30 days'),
  adoption: z.number().nullable().describe('accounts30d / activeAccounts30d, 0–1; null with no active account'),
});

export const productCatalogViewSchema = z
  .object({
    version: z.number().int().describe('Version in force today; 0 before the first save'),
    effectiveDay: isoDate.nullable(),
    activeAccounts30d: z.number().int().describe('Accounts with any activity in the last 30 days'),
    features: z.array(catalogFeatureView),
    ignored: z.array(z.string()),
    eventNames: z.array(
      z.object({
        name: z.string(),
        firstSeenDay: isoDate,
        accounts30d: z.number().int(),
        events30d: z.number().int(),
        status: z.enum(['mapped', 'ignored', 'proposed']).describe('proposed: received but not reviewed; not counted in breadth'),
      }),
    ),
    versions: z.array(z.object({ version: z.number().int(), effectiveDay: isoDate, features: z.number().int() })),
  })
  .meta({ id: 'ProductCatalog' });
export type ProductCatalogView = z.infer<typeof productCatalogViewSchema>;

export const saveProductCatalogInputSchema = z.strictObject({
  catalog: z.unknown().describe('{features: [{key, name, group, description, events[]}], ignored[]}; checked with the failing paths named'),
  effectiveFrom: isoDate.optional().describe('First day the version counts (default today, UTC); not before the current version, not in the future'),
});
