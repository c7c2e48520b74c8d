import type { Kysely } from 'kysely';
import type { Database, HealthBand } from '../db/schema.js';
import { historyPoints } from './account-health.js';
import { findHistoryMonthsOfAccounts } from './health.repository.js';

export type HealthPoint = { day: string; score: number; band: HealthBand };

/**
 * The stored daily health points of many accounts between two days (inclusive), oldest first,
 * for readers outside this module that compare health before and after something (playbook
 * outcomes). One statement; accounts without history are absent from the map.
 *
 * @example
 *   const points = await findHealthPoints(db, { workspaceId, accountIds, from: '2026-01-01', to: '2026-12-05' });
 */
export async function findHealthPoints(
  db: Kysely<Database>,
  options: { workspaceId: string; accountIds: string[]; from: string; to: string },
): Promise<Map<string, HealthPoint[]>> {
  const rows = await findHistoryMonthsOfAccounts(db, {
    workspaceId: options.workspaceId,
    accountIds: options.accountIds,
    fromMonth: `${options.from.slice(0, 8)}01`,
    toMonth: `${options.to.slice(0, 8)}01`,
  });
  const byAccount = new Map<string, typeof rows>();
  for (const row of rows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
  const points = new Map<string, HealthPoint[]>();
  for (const [accountId, months] of byAccount) {
    const inRange = historyPoints(months, options.from).filter((point) => point.day <= options.to);
    if (inRange.length > 0) points.set(accountId, inRange);
  }
  return points;
}
