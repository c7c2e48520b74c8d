import type { ScheduleJobInput } from '../jobs/index.js';

export const HEALTH_RECOMPUTE_JOB = 'health.recompute';

/**
 * A `health.recompute` job that scores every account of the workspace; `reason` keys it, so the
 * nightly pass runs once a day and a scorecard save once per version.
 */
export function fullRecomputeJob(workspaceId: string, reason: string): ScheduleJobInput {
  return { type: HEALTH_RECOMPUTE_JOB, workspaceId, payload: { full: true }, uniqueKey: `full:${workspaceId}:${reason}`, maxAttempts: 3 };
}
