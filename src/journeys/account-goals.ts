import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { toGoals } from './account-journey.js';
import type { AccountGoals, PutAccountGoalsInput } from './journey.schema.js';
import { findGoalsRows, upsertGoalsRow } from './journeys.repository.js';

/**
 * Records the customer's goals and success criteria (the facts the default gate into
 * Decision & Contract asks for). The caller has checked write access to the account.
 */
export async function putAccountGoals(
  db: Kysely<Database>,
  actor: Actor,
  accountId: string,
  input: PutAccountGoalsInput,
  now: Date,
): Promise<AccountGoals> {
  return inTransaction(db, async (trx) => {
    const [before] = await findGoalsRows(trx, actor.workspaceId, [accountId]);
    await upsertGoalsRow(trx, { workspaceId: actor.workspaceId, accountId, goals: input.goals, successCriteria: input.successCriteria, userId: actor.userId, now });
    const [after] = await findGoalsRows(trx, actor.workspaceId, [accountId]);
    await recordAudit(trx, actor, { action: before ? 'update' : 'create', entityType: 'account_goals', entityId: accountId, before: before ? toGoals(before) : undefined, after: toGoals(after) });
    return toGoals(after);
  });
}
