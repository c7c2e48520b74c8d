import { z } from 'zod';
import { isoDateTimeSchema } from '../core/storable-input.js';
import type { SignalType } from '../db/schema.js';

/** Request and response shapes of the signals API; the OpenAPI document is generated from these. */
export const SIGNAL_TYPES = [
  'news',
  'funding',
  'leadership_change',
  'vendor_review',
  'layoff',
  'acquisition',
  'other',
  'milestone_overdue',
  'flow_stuck',
  'stage_stuck',
] as const satisfies readonly SignalType[];
export type { SignalType };

export const signalSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    type: z.enum(SIGNAL_TYPES),
    title: z.string(),
    text: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    occurredAt: z.date(),
    createdBy: z.uuid().nullable().describe('Null for a service token, or once the user is deleted'),
    createdByName: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Signal' });
export type Signal = z.infer<typeof signalSchema>;

export const signalPageSchema = z.object({ data: z.array(signalSchema), nextCursor: z.string().nullable() });

export const signalPageQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SignalPageQuery = z.infer<typeof signalPageQuerySchema>;

export const SIGNAL_TEXT_MAX_LENGTH = 20_000;

const title = z.string().trim().min(1).max(300);
const text = z.string().trim().max(SIGNAL_TEXT_MAX_LENGTH).nullish().describe('Details, e.g. a quote from the article');
const sourceUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .nullish()
  .describe('Where it was reported (http or https)');

export const createSignalInputSchema = z.strictObject({
  accountId: z.uuid(),
  type: z.enum(SIGNAL_TYPES).describe(`One of ${SIGNAL_TYPES.join(', ')}`),
  title,
  text,
  sourceUrl,
  occurredAt: isoDateTimeSchema.optional().describe('When it happened; defaults to now'),
});
export type CreateSignalInput = z.infer<typeof createSignalInputSchema>;

export const updateSignalInputSchema = z
  .strictObject({ type: z.enum(SIGNAL_TYPES), title, text, sourceUrl })
  .partial()
  .refine((input) => Object.keys(input).length > 0, 'Send at least one of type, title, text, sourceUrl.');
export type UpdateSignalInput = z.infer<typeof updateSignalInputSchema>;
