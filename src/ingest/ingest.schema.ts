import { z } from 'zod';
import { SOURCE_KINDS } from './ingest.types.js';

const sourceKindSchema = z
  .enum(SOURCE_KINDS)
  .describe(
    'browser (default): the write key may be public, so its calls only attribute usage to users and accounts; server: the key is kept secret on a server, and its identify traits may create contacts and keep up to date the fields ingestion gave them',
  );

/** Request and response shapes of the sources and ingest API; the OpenAPI document is generated from these. */
export const sourceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: sourceKindSchema,
    writeKeyPrefix: z.string().describe('The first characters of the write key, to tell keys apart'),
    createdAt: z.date(),
    revokedAt: z.date().nullable().describe('Set once the key is revoked; /v1 then refuses it'),
    lastReceivedAt: z.date().nullable().describe('When the source last sent a message'),
    lastRejection: z
      .object({ at: z.date(), reason: z.string() })
      .nullable()
      .describe('The last request refused whole (bad body, encoding, size or batch) and why'),
  })
  .meta({ id: 'Source' });

export const createSourceInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('What sends with this key, e.g. "Web app (production)"'),
  kind: sourceKindSchema.default('browser'),
});
export type CreateSourceInput = z.input<typeof createSourceInputSchema>;

export const updateSourceInputSchema = z.strictObject({ kind: sourceKindSchema });
export type UpdateSourceInput = z.infer<typeof updateSourceInputSchema>;

export const createdSourceSchema = sourceSchema.extend({
  writeKey: z.string().describe('Shown only in this response; only its hash is kept'),
});

const counts = {
  received: z.number().int().describe('Messages that came with a valid write key'),
  accepted: z.number().int().describe('Newly stored'),
  duplicates: z.number().int().describe('messageId stored before (a retry); not stored again'),
  rejected: z.number().int().describe('Refused as invalid or too large'),
};

export const sourceStatsSchema = z
  .object({
    ...counts,
    unmatched: z.number().int().describe('Stored events of this source that have no account yet'),
    lastReceivedAt: z.date().nullable(),
    daily: z.array(z.object({ day: z.string().describe('UTC day, YYYY-MM-DD'), ...counts })),
  })
  .meta({ id: 'SourceStats' });

export const sourceStatsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30).describe('How many days of daily counts, ending today (UTC)'),
});

export const unmatchedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const unmatchedSchema = z
  .object({
    totalEvents: z.number().int().describe('Stored events of the workspace that have no account yet'),
    users: z.array(
      z.object({
        userId: z.string().describe('userId, or anonymousId for a user never identified'),
        email: z.string().nullable(),
        groupId: z.string().nullable().describe('The group the user was last seen in, if any'),
        events: z.number().int(),
        firstSeenAt: z.date(),
        lastSeenAt: z.date(),
      }),
    ),
    groups: z.array(
      z.object({
        groupId: z.string(),
        name: z.string().nullable(),
        domain: z.string().nullable(),
        events: z.number().int(),
        users: z.number().int(),
        lastSeenAt: z.date(),
      }),
    ),
  })
  .meta({ id: 'UnmatchedEvents' });
export type UnmatchedEvents = z.infer<typeof unmatchedSchema>;

export const sourceHealthSchema = z
  .object({
    status: z
      .enum(['healthy', 'quiet', 'dropped', 'rejecting', 'no_data', 'revoked'])
      .describe('rejecting: requests refused whole in the last 24 h (bad body, encoding, size or batch; the detail gives the last reason); quiet: silent for longer than its usual gap or a pause it makes regularly, such as weekends (at least 24 h); dropped: yesterday under half of what that weekday usually brings'),
    detail: z.string().describe('The reason, in one sentence'),
    usualGapDays: z.number().nullable().describe('Median days between days with traffic over the last 30 days; null with fewer than 3 such days'),
    lastDay: z.object({ day: z.string(), received: z.number().int() }).describe('Yesterday (UTC), the last complete day'),
    trailingMedian: z
      .number()
      .describe('What lastDay usually brings: median of the same weekday over the 4 weeks before (of the 7 days before for a source younger than 2 weeks)'),
  })
  .meta({ id: 'SourceHealth' });

export const sourceWithHealthSchema = sourceSchema.extend({ health: sourceHealthSchema });

export const sourceRejectionsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'must be the id of a rejection')
    .optional()
    .describe('Page back: only rejections older than this id'),
});
export type SourceRejectionsQuery = z.infer<typeof sourceRejectionsQuerySchema>;

export const sourceRejectionSchema = z
  .object({
    id: z.string().describe('Increasing; pass as `before` to page back'),
    receivedAt: z.date(),
    endpoint: z.string().nullable().describe('The /v1 endpoint; null when the request could not be read'),
    kind: z.enum(['invalid', 'too_large', 'unreadable']),
    messageIndex: z.number().int().nullable().describe('Position in the batch (0 for a single call); null when the envelope or body was at fault'),
    messageId: z.string().nullable(),
    messageType: z.string().nullable(),
    event: z.string().nullable().describe('track: the event name; page/screen: the name'),
    userKey: z.string().nullable().describe('userId, else anonymousId, as sent'),
    reason: z.string().describe('Exactly why, in words: "event is required for track calls"'),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
    requestMessages: z.number().int().describe('Messages refused with it (a refused batch is refused whole)'),
    excerpt: z.string().nullable().describe('The message as sent, cleaned and cut to 2,000 characters'),
  })
  .meta({ id: 'SourceRejection' });

export const sourceRejectionsSchema = z.object({
  data: z.array(sourceRejectionSchema),
  nextBefore: z.string().nullable().describe('Pass as `before` for older rejections; null at the end'),
  keptPerSource: z.number().int().describe('Only the newest this many are kept per source'),
});
export type SourceRejections = z.infer<typeof sourceRejectionsSchema>;
