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
      featuresUsed30d: z.number().int().describe('Distinct track event names used in the last 30 days'),
      featuresAvailable: z.number().int().describe('Distinct track event names the workspace has ever received on an account'),
      breadth: z.number().nullable().describe('featuresUsed30d / featuresAvailable, 0–1; null when the workspace has none'),
      lastSeenAt: z.date().nullable(),
    }),
    topEvents: z.array(z.object({ name: z.string(), count: z.number().int() })).describe('Track events of the window by count'),
    daily: z.array(
      z.object({
        day: isoDate,
        activeUsers: z.number().int(),
        events: z.number().int(),
        features: z.number().int(),
        features30d: z.number().int(),
        seatsPurchased: z.number().int(),
        topEventCounts: z.array(z.number().int()).describe('Counts of topEvents that day, in their order'),
      }),
    ),
    users: z.array(
      z.object({
        userKey: z.string().describe('userId, or anonymousId of a user never identified'),
        contactId: z.uuid().nullable(),
        contactName: z.string().nullable(),
        lastSeenAt: z.date(),
        activeDays30d: z.number().int(),
        events30d: z.number().int(),
      }),
    ),
  })
  .describe('Usage rollups of one account, refreshed within seconds of ingestion');
export type AccountUsage = z.infer<typeof accountUsageSchema>;
