import { z } from 'zod';
import type { JobState } from '../db/schema.js';

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly JobState[];

/** A job as the CLI and the API show it. */
export const jobSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    workspaceId: z.uuid().nullable().describe('null for system jobs, which span workspaces and carry no customer data'),
    state: z.enum(JOB_STATES),
    uniqueKey: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    runAt: z.string(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable(),
    lockedBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Job' });

export const jobCountsSchema = z.object(
  Object.fromEntries(JOB_STATES.map((state) => [state, z.number().int()])) as Record<
    (typeof JOB_STATES)[number],
    z.ZodNumber
  >,
);
