import { z } from 'zod';
import { isoDateTimeSchema } from '../core/storable-input.js';
import { TIMELINE_TONES } from '../timeline/index.js';

/** Request and response shapes of the interactions API; the OpenAPI document is generated from these. */
export const INTERACTION_KINDS = ['meeting', 'call', 'email'] as const;
export const MAX_ATTENDEES = 50;

export const interactionInputSchema = z.strictObject({
  kind: z.enum(INTERACTION_KINDS),
  occurredAt: isoDateTimeSchema.describe('When it happened (not when it was logged); not in the future'),
  subject: z.string().trim().min(1).max(200).describe('What it was about, e.g. "Quarterly business review"'),
  outcome: z.string().trim().max(2000).optional().describe('What came out of it: decisions, next steps'),
  sentiment: z.enum(TIMELINE_TONES).default('neutral').describe('How it went; the timeline entry takes this tone'),
  notes: z.string().trim().max(20_000).optional(),
  contactIds: z.array(z.uuid()).max(MAX_ATTENDEES).default([]).describe('Attendees from the account’s contacts'),
  userIds: z.array(z.uuid()).max(MAX_ATTENDEES).default([]).describe('Attendees from the workspace’s members'),
});
export type InteractionInput = z.infer<typeof interactionInputSchema>;

export const interactionSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    kind: z.enum(INTERACTION_KINDS),
    occurredAt: z.date(),
    subject: z.string(),
    outcome: z.string().nullable(),
    sentiment: z.enum(TIMELINE_TONES),
    notes: z.string().nullable(),
    loggedBy: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('Null once that user has been deleted'),
    attendees: z.array(z.object({ type: z.enum(['contact', 'user']), id: z.uuid(), name: z.string() })),
    createdAt: z.date(),
  })
  .meta({ id: 'Interaction' });
export type Interaction = z.infer<typeof interactionSchema>;

export const interactionListSchema = z.object({ data: z.array(interactionSchema) });
