import { z } from 'zod';
import { ACCOUNT_SORTS, RENEWAL_WINDOWS } from './accounts.schema.js';

/** The accounts-list filters a view keeps: the list's own query parameters, as the URL carries them. */
export const savedViewFiltersSchema = z
  .strictObject({
    q: z.string().max(200).optional(),
    segment: z.string().max(100).optional(),
    ownerId: z.string().max(100).optional(),
    lifecycleStage: z.string().max(100).optional(),
    region: z.string().max(100).optional(),
    industry: z.string().max(100).optional(),
    includeChurned: z.enum(['true', 'false']).optional(),
    renewsWithin: z.enum(RENEWAL_WINDOWS).optional(),
    healthBand: z.enum(['green', 'yellow', 'red']).optional(),
    sort: z.enum(ACCOUNT_SORTS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .describe('Query parameters of GET /api/accounts');
export type SavedViewFilters = z.infer<typeof savedViewFiltersSchema>;

export const savedViewSchema = z
  .object({ id: z.uuid(), name: z.string(), filters: savedViewFiltersSchema, createdAt: z.date(), updatedAt: z.date() })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof savedViewSchema>;

export const createSavedViewInputSchema = z.strictObject({ name: z.string().trim().min(1).max(100), filters: savedViewFiltersSchema });
export type CreateSavedViewInput = z.infer<typeof createSavedViewInputSchema>;

export const updateSavedViewInputSchema = createSavedViewInputSchema
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change' });
export type UpdateSavedViewInput = z.infer<typeof updateSavedViewInputSchema>;
