import { scheduleJobs, type JobHandler } from '../jobs/index.js';
import { evaluateWorkspaceSegments } from './evaluate-segments.js';
import { findWorkspacesWithSegments } from './segments.repository.js';

export const SEGMENTS_EVALUATE_JOB = 'segments.evaluate';

/**
 * `segments.evaluate` for one workspace: every segment (or `payload.segmentId`) against every
 * account, in one transaction. Time moves rules without any change — "renews within 90 days",
 * usage over the last 30 days — so the recurring sweep below runs it for each workspace.
 */
export const segmentsEvaluateJob: JobHandler = {
  type: SEGMENTS_EVALUATE_JOB,
  run: async ({ db, workspaceId, payload, clock }) => {
    if (!workspaceId) throw new Error('segments.evaluate needs a workspace');
    const segmentId = typeof payload.segmentId === 'string' ? payload.segmentId : undefined;
    await evaluateWorkspaceSegments(db, { workspaceId, clock, ...(segmentId ? { segmentId } : {}) });
  },
};

/**
 * Recurring system job `segments.refresh`, hourly: schedules a full `segments.evaluate` per
 * workspace with segments (one queued per workspace), so time-based rules are at most an
 * hour late after midnight UTC, and anything written without an event (the demo loader's
 * bulk rows) is caught up.
 */
export const segmentsRefreshJob: JobHandler = {
  type: 'segments.refresh',
  everyMs: 3_600_000,
  maxAttempts: 3,
  run: async ({ db, clock }) => {
    const workspaceIds = await findWorkspacesWithSegments(db);
    await scheduleJobs(
      db,
      workspaceIds.map((workspaceId) => ({ type: SEGMENTS_EVALUATE_JOB, workspaceId, uniqueKey: `segments:${workspaceId}`, maxAttempts: 3 })),
      clock,
    );
  },
};
