import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Database } from '../db/schema.js';
import { findStalledAccounts } from '../journeys/index.js';
import { findAccountLosses, findNegativeMomentRows } from './experience.repository.js';
import { rankRootCauses, type RootCauseReport } from './root-causes.js';

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The portfolio's root-cause view (anyone in the workspace): accounts that churned or
 * contracted, and accounts stalled (stuck in their stage now, as the journey defines it), with
 * their earliest negative moments, and per stage, team, channel and touchpoint the churn lift
 * and the stall lift of having had a negative moment there. Churned and contracted come from
 * the ARR ledger (the first churn or contraction); moments on or after that day, or after the
 * day a stalled account became stuck, are left out.
 *
 * @example
 *   const report = await getRootCauses(db, actor, { minAccounts: 5, lostLimit: 100, now });
 */
export async function getRootCauses(
  db: Kysely<Database>,
  actor: Actor,
  options: { minAccounts: number; lostLimit: number; now: Date },
): Promise<RootCauseReport & { minAccounts: number }> {
  const [losses, negatives, stalled] = await Promise.all([
    findAccountLosses(db, actor.workspaceId),
    findNegativeMomentRows(db, actor.workspaceId),
    findStalledAccounts(db, actor.workspaceId, options.now),
  ]);
  const stalls = new Map(stalled.map((s) => [s.accountId, { stage: s.stage, since: day(s.stuckSince), enteredOn: day(s.enteredAt) }]));
  const report = rankRootCauses({
    minAccounts: options.minAccounts,
    accounts: losses.map((a) => ({
      accountId: a.id,
      name: a.name,
      lost: a.churned_on ? 'churned' : a.contracted_on ? 'contracted' : null,
      lostOn: a.churned_on ?? a.contracted_on,
      stalled: stalls.get(a.id) ?? null,
    })),
    negativeMoments: negatives.map((m) => ({ id: m.id, accountId: m.account_id, occurredAt: new Date(m.occurred_at), stage: m.stage, team: m.team, channel: m.channel, kind: m.kind, title: m.title, reason: m.reason, intensity: m.intensity })),
  });
  return { ...report, minAccounts: options.minAccounts, lostAccounts: report.lostAccounts.slice(0, options.lostLimit), stalledAccounts: report.stalledAccounts.slice(0, options.lostLimit) };
}
