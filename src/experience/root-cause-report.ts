import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Database } from '../db/schema.js';
import { findAccountLosses, findNegativeMomentRows } from './experience.repository.js';
import { rankRootCauses, type RootCauseReport } from './root-causes.js';

/**
 * The portfolio's root-cause view (anyone in the workspace): accounts that churned or
 * contracted with their earliest negative moments, and per stage, team, channel and touchpoint
 * the churn lift of having had a negative moment there. Churned and contracted come from the
 * ARR ledger (the first churn or contraction); moments on or after that day are left out.
 *
 * @example
 *   const report = await getRootCauses(db, actor, { minAccounts: 5, lostLimit: 100 });
 */
export async function getRootCauses(db: Kysely<Database>, actor: Actor, options: { minAccounts: number; lostLimit: number }): Promise<RootCauseReport & { minAccounts: number }> {
  const [losses, negatives] = await Promise.all([findAccountLosses(db, actor.workspaceId), findNegativeMomentRows(db, actor.workspaceId)]);
  const report = rankRootCauses({
    minAccounts: options.minAccounts,
    accounts: losses.map((a) => ({
      accountId: a.id,
      name: a.name,
      lost: a.churned_on ? 'churned' : a.contracted_on ? 'contracted' : null,
      lostOn: a.churned_on ?? a.contracted_on,
    })),
    negativeMoments: negatives.map((m) => ({ id: m.id, accountId: m.account_id, occurredAt: new Date(m.occurred_at), stage: m.stage, team: m.team, channel: m.channel, kind: m.kind, title: m.title, reason: m.reason, intensity: m.intensity })),
  });
  return { ...report, minAccounts: options.minAccounts, lostAccounts: report.lostAccounts.slice(0, options.lostLimit) };
}
