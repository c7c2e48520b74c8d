import { z } from 'zod';

/** Request and response shapes of the notes API; the OpenAPI document is generated from these. */
export const NOTE_BODY_MAX_LENGTH = 20_000;

export const noteSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    body: z.string(),
    authorId: z.uuid().nullable().describe('Null once the author’s user has been deleted'),
    authorName: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Note' });
export type Note = z.infer<typeof noteSchema>;

export const noteListSchema = z.object({ data: z.array(noteSchema) });

export const noteInputSchema = z.strictObject({
  body: z.string().trim().min(1).max(NOTE_BODY_MAX_LENGTH).describe('Free text; leading and trailing blanks are dropped'),
});
export type NoteInput = z.infer<typeof noteInputSchema>;
