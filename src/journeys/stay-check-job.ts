import { automationActor } from '../auth/index.js';
import { inTransaction } from '../db/transaction.js';
import type { JobHandler } from '../jobs/index.js';
import { findStays } from './account-journey.js';
import { evaluateJourneyCriteria, type MoveStage } from './journey-criteria-consumer.js';
import { stuckFrom } from './journey-rules.js';
import { findCurrentStayById, markStayStuck } from './journeys.repository.js';
import { loadJourney } from './load-journey.js';
import type { RecordJourneySignal } from './milestone-due-job.js';
import { scheduleStayChecks, STAY_CHECK_JOB } from './stage-moves.js';

export const STAY_CHECK_AUTOMATION = 'journey.stay-check';

/**
 * Job `journey.stay-check`, scheduled with a stay (`recordStageChanges`) at each time its
 * time-based rules can first hold, so "N days in stage" needs no event to take effect and
 * survives restarts. If the stay is still the account's current one, it evaluates the criteria
 * as the consumer does (milestones by rule, auto-advance through the gate), then whether the
 * stay is stuck: if so it marks the stay and records one `stage_stuck` signal (the mark makes
 * a rerun a no-op); if not — the expected stay learnt from similar accounts has grown since
 * the entry — it sets a check for the new stuck time.
 */
export function createStayCheckJob(deps: { moveStage: MoveStage; recordSignal: RecordJourneySignal }): JobHandler {
  return {
    type: STAY_CHECK_JOB,
    async run({ db, payload, clock }) {
      const now = clock.now();
      await inTransaction(db, async (trx) => {
        const entry = await findCurrentStayById(trx, String(payload.entryId));
        if (!entry) return;
        const workspaceId = entry.workspace_id;
        await evaluateJourneyCriteria(trx, { workspaceId, accountIds: [entry.account_id], now, moveStage: deps.moveStage });
        const journey = await loadJourney(trx, workspaceId);
        const [stay] = await findStays(trx, journey, { workspaceId, accountIds: [entry.account_id] }, now);
        if (!stay || stay.entryId !== entry.id || stay.expectedDays === null) return;
        if (stay.status !== 'stuck') {
          await scheduleStayChecks(trx, workspaceId, [{ entryId: entry.id, times: [stuckFrom(entry.changed_at, stay.expectedDays)].filter((t) => t > now) }], now);
          return;
        }
        if (!(await markStayStuck(trx, entry.id, now))) return;
        await deps.recordSignal(trx, automationActor(workspaceId, STAY_CHECK_AUTOMATION), {
          accountId: entry.account_id,
          type: 'stage_stuck',
          title: `Stuck in ${stay.stage}`,
          text: `${stay.daysInStage} days in ${stay.stage}; similar accounts needed about ${stay.expectedDays} (${stay.expectedFrom}).`,
          occurredAt: now,
        });
      });
    },
  };
}
