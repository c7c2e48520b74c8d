import { z } from 'zod';
import { CSAT_RATINGS, SURVEY_KINDS, TICKET_PRIORITIES, TICKET_SOURCES, TICKET_STATUSES } from './support.types.js';

/** Request and response shapes of the support API; the OpenAPI document is generated from these. */
export const WEBHOOK_KINDS = ['zendesk', 'generic'] as const;

export const ticketSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid().nullable().describe('Null while no account matches (an unmatched ticket)'),
    matchedBy: z
      .enum(['account_id', 'external_id', 'contact_email', 'email_domain'])
      .nullable()
      .describe('How the account was found: named by the sender, an external id, a contact’s email, the email domain'),
    source: z.enum(TICKET_SOURCES),
    externalId: z.string().describe('The help desk’s ticket id'),
    subject: z.string(),
    description: z.string().nullable(),
    requesterEmail: z.string().nullable(),
    priority: z.enum(TICKET_PRIORITIES).nullable(),
    status: z.enum(TICKET_STATUSES),
    createdAtSource: z.date().describe('When the ticket was opened, by the help desk’s clock'),
    updatedAtSource: z.date().describe('When the help desk last changed it'),
    solvedAt: z.date().nullable(),
    firstResponseMinutes: z.number().int().nullable(),
    csat: z.enum(CSAT_RATINGS).nullable(),
    csatComment: z.string().nullable(),
    tags: z.array(z.string()),
    url: z.string().nullable(),
    receivedAt: z.date().describe('When Boomerang first stored it'),
  })
  .meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof ticketSchema>;

export const ticketPageSchema = z.object({ data: z.array(ticketSchema), nextCursor: z.string().nullable() });

export const ticketPageQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TicketPageQuery = z.infer<typeof ticketPageQuerySchema>;

export const surveyResponseSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    source: z.string(),
    externalId: z.string(),
    kind: z.enum(SURVEY_KINDS),
    score: z.number().int(),
    comment: z.string().nullable(),
    respondedAt: z.date(),
  })
  .meta({ id: 'SurveyResponse' });
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;

export const webhookSecretSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(WEBHOOK_KINDS),
    secretPrefix: z.string().describe('The first characters, to tell secrets apart'),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable().describe('Last delivery whose signature this secret verified'),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: 'WebhookSecret' });
export type WebhookSecret = z.infer<typeof webhookSecretSchema>;

export const createWebhookSecretInputSchema = z.strictObject({
  kind: z.enum(WEBHOOK_KINDS),
  secret: z
    .string()
    .trim()
    .min(16)
    .max(200)
    .optional()
    .describe('Zendesk makes its own signing secret: paste it here. Omit to have Boomerang generate one (generic).'),
});
export type CreateWebhookSecretInput = z.infer<typeof createWebhookSecretInputSchema>;

export const createdWebhookSecretSchema = webhookSecretSchema.extend({
  secret: z.string().describe('Shown only in this response'),
  url: z.string().describe('Where the sender should POST; it names the workspace'),
  signatureHeader: z.string(),
});

export const webhookReceiptSchema = z
  .object({
    status: z.enum(['created', 'updated', 'unchanged', 'ignored']),
    ticketId: z.uuid().nullable(),
    accountId: z.uuid().nullable().describe('Null for an unmatched (kept) or ignored delivery'),
    matchedBy: ticketSchema.shape.matchedBy,
    detail: z.string().optional(),
  })
  .meta({ id: 'WebhookReceipt' });
export type WebhookReceipt = z.infer<typeof webhookReceiptSchema>;
