import { z } from 'zod';
import type { ContactRole } from '../db/schema.js';

/** Request and response shapes of the contacts API; the OpenAPI document is generated from these. */
export const CONTACT_ROLES = [
  'champion',
  'economic_buyer',
  'decision_maker',
  'admin',
  'end_user',
] as const satisfies readonly ContactRole[];
export const CONTACT_EXPERTISE = ['novice', 'expert'] as const;
export const CONTACT_STATUSES = ['active', 'left'] as const;
/** Longest phone number kept: room for a country code, extension and the CRM's punctuation. */
export const MAX_PHONE_LENGTH = 50;

const text = (max: number) => z.string().trim().min(1).max(max);
const externalIds = z
  .record(z.string().min(1).max(64), z.string().min(1).max(200))
  .describe('CRM ids by system, e.g. {"salesforce": "0035g00000XyZ"}');

export const contactSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    title: z.string().nullable().describe('Job title, e.g. VP Operations'),
    phone: z.string().nullable().describe('Phone number as the CRM or the user wrote it'),
    role: z.enum(CONTACT_ROLES).nullable().describe('Role in the buying and using of the product; null when unknown'),
    expertise: z.enum(CONTACT_EXPERTISE).describe('Picks the novice or expert variant of customer-facing content'),
    status: z.enum(CONTACT_STATUSES).describe('left once the person has left the customer'),
    personalWins: z.array(z.string()).describe('What this person wants to get out of the product for themselves'),
    externalIds: z.record(z.string(), z.string()),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contactSchema>;

export const contactListSchema = z.object({ data: z.array(contactSchema) });

export const createContactInputSchema = z.strictObject({
  name: text(200),
  email: z.email().max(254).nullish(),
  title: text(200).nullish(),
  phone: text(MAX_PHONE_LENGTH).nullish(),
  role: z.enum(CONTACT_ROLES).nullish(),
  expertise: z.enum(CONTACT_EXPERTISE).optional().describe('Defaults to novice'),
  status: z.enum(CONTACT_STATUSES).optional().describe('Defaults to active'),
  personalWins: z.array(text(500)).max(50).optional(),
  externalIds: externalIds.optional(),
});
export type CreateContactInput = z.infer<typeof createContactInputSchema>;

export const updateContactInputSchema = createContactInputSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });
export type UpdateContactInput = z.infer<typeof updateContactInputSchema>;
