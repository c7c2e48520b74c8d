import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { notFound } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { completeMilestoneRow, findMilestoneRow, reopenMilestoneRow } from './journeys.repository.js';

/**
 * Marks a milestone of the account done (or open again). Completion emits
 * `journey.milestone_completed`, so criteria over milestones are evaluated by the journey
 * consumer (and may move the account on). The caller has checked write access to the account.
 */
export async function setMilestoneDone(
  db: Kysely<Database>,
  actor: Actor,
  options: { accountId: string; milestoneId: string; done: boolean; now: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await findMilestoneRow(trx, actor.workspaceId, options.milestoneId);
    if (!row || row.account_id !== options.accountId) throw notFound('Milestone', options.milestoneId);
    if (!options.done) {
      if (row.completed_at) await reopenMilestoneRow(trx, actor.workspaceId, row.id);
    } else if (await completeMilestoneRow(trx, { workspaceId: actor.workspaceId, id: row.id, userId: actor.userId, how: 'manual', now: options.now })) {
      await emitDomainEvents(trx, [
        { type: 'journey.milestone_completed', workspaceId: actor.workspaceId, accountId: row.account_id, payload: { milestoneKey: row.milestone_key, stageKey: row.stage_key, how: 'manual' } },
      ]);
    }
    await recordAudit(trx, actor, { action: 'update', entityType: 'account_milestone', entityId: row.id, before: { completed: row.completed_at !== null }, after: { completed: options.done } });
  });
}
