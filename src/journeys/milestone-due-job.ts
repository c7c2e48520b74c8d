import type { Actor } from '../access/index.js';
import { automationActor } from '../auth/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { JobHandler } from '../jobs/index.js';
import { markMilestoneOverdue } from './journeys.repository.js';
import { MILESTONE_DUE_JOB } from './stage-moves.js';

/** How the journey's risk signals are written: the signals module's `recordSignals`, passed in where the processes are put together (signals reads accounts, which uses journeys). */
export type RecordJourneySignal = (
  db: Kysely<Database>,
  actor: Actor,
  signal: { accountId: string; type: 'milestone_overdue' | 'stage_stuck'; title: string; text: string; occurredAt: Date },
) => Promise<void>;

export const MILESTONE_DUE_AUTOMATION = 'journey.milestone-due';

/**
 * Job `journey.milestone-due`, one per milestone, due at its due date (scheduled with the
 * stay that created it, so it survives restarts). If the milestone is still open and its
 * stay is the account's current one, it marks it and records a `milestone_overdue` signal in
 * one transaction — the mark makes a rerun (at-least-once delivery) a no-op.
 */
export function createMilestoneDueJob(recordSignal: RecordJourneySignal): JobHandler {
  return {
    type: MILESTONE_DUE_JOB,
    async run({ db, payload, clock }) {
      const milestoneId = String(payload.milestoneId);
      await inTransaction(db, async (trx) => {
        const marked = await markMilestoneOverdue(trx, milestoneId, clock.now());
        if (!marked) return;
        await recordSignal(trx, automationActor(marked.workspace_id, MILESTONE_DUE_AUTOMATION), {
          accountId: marked.account_id,
          type: 'milestone_overdue',
          title: `${marked.name} is overdue`,
          text: `Due ${marked.due_at.toISOString().slice(0, 10)} in this stage and not completed.`,
          occurredAt: marked.due_at,
        });
      });
    },
  };
}
