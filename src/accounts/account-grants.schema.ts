import { z } from 'zod';
import { isoDateTimeSchema } from '../core/storable-input.js';

/** Shapes of the write-grants API (`/api/account-grants`). */
export const accountWriteGrantSchema = z
  .object({
    id: z.uuid(),
    granteeId: z.uuid(),
    granteeName: z.string(),
    accountId: z.uuid().nullable().describe('Set when the grant covers one account'),
    accountName: z.string().nullable(),
    bookOwnerId: z.uuid().nullable().describe('Set when the grant covers every account this user owns'),
    bookOwnerName: z.string().nullable(),
    reason: z.string().nullable(),
    expiresAt: z.date().nullable(),
    createdByName: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'AccountWriteGrant' });
export type AccountWriteGrant = z.infer<typeof accountWriteGrantSchema>;

export const createAccountWriteGrantInputSchema = z
  .strictObject({
    granteeId: z.uuid().describe('The user who may write'),
    accountId: z.uuid().optional().describe('One account…'),
    bookOwnerId: z.uuid().optional().describe('…or every account of this user’s book (e.g. cover during leave)'),
    reason: z.string().trim().min(1).max(500).optional(),
    expiresAt: isoDateTimeSchema.optional().describe('When the grant stops; none = until removed'),
  })
  .refine((value) => (value.accountId === undefined) !== (value.bookOwnerId === undefined), {
    message: 'Give exactly one of accountId and bookOwnerId',
    path: ['accountId'],
  });
export type CreateAccountWriteGrantInput = z.infer<typeof createAccountWriteGrantInputSchema>;

export const listAccountWriteGrantsQuerySchema = z.object({
  granteeId: z.uuid().optional(),
  accountId: z.uuid().optional(),
});
export type ListAccountWriteGrantsQuery = z.infer<typeof listAccountWriteGrantsQuerySchema>;
