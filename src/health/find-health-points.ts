import type { Kysely } from 'kysely';
import type { Database, HealthBand } from '../db/schema.js';
import { BAND_OF_LETTER, historyPoints } from './account-health.js';
import { addDays } from './days.js';
import { findHistoryMonthsIn, findHistoryMonthsOfAccounts } from './health.repository.js';

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
  for (const row of rows) {
    const months = byAccount.get(row.account_id) ?? [];
    months.push(row);
    byAccount.set(row.account_id, months);
  }
  const points = new Map<string, HealthPoint[]>();
  for (const [accountId, months] of byAccount) {
    const inRange = historyPoints(months, options.from).filter((point) => point.day <= options.to);
    if (inRange.length > 0) points.set(accountId, inRange);
  }
  return points;
}

/** A reading: the last stored point of an account on or before a day, within a tolerance. */
export type HealthReadings = { on(accountId: string, day: string): HealthPoint | null };

/**
 * Many accounts' health readings on a few days (the last stored point within `toleranceDays`
 * before each day, inclusive), for comparisons made on those days only: reads just the months
 * their windows touch and never expands whole histories into points, so asking for every
 * account of a big workspace on a year of days costs one read of the months and an array
 * lookup per question. One statement.
 *
 * @example
 *   const readings = await findHealthReadings(db, { workspaceId, accountIds, days: ['2026-10-01'], toleranceDays: 7 });
 *   readings.on(accountId, '2026-10-01') // → { day: '2026-09-28', score: 64, band: 'red' } or null
 */
export async function findHealthReadings(
  db: Kysely<Database>,
  options: { workspaceId: string; accountIds: string[]; days: readonly string[]; toleranceDays: number },
): Promise<HealthReadings> {
  // Each asked day's window, newest first, as (month, index) cells: worked out once, not per account.
  const windows = new Map<string, Array<{ day: string; month: string; index: number }>>();
  for (const day of options.days) {
    windows.set(
      day,
      Array.from({ length: options.toleranceDays + 1 }, (_, back) => {
        const cell = addDays(day, -back);
        return { day: cell, month: `${cell.slice(0, 8)}01`, index: Number(cell.slice(8, 10)) - 1 };
      }),
    );
  }
  const months = [...new Set([...windows.values()].flatMap((cells) => cells.map((cell) => cell.month)))];
  const rows = await findHistoryMonthsIn(db, { workspaceId: options.workspaceId, accountIds: options.accountIds, months });
  const byAccount = new Map<string, Map<string, (typeof rows)[number]>>();
  for (const row of rows) {
    const months = byAccount.get(row.account_id) ?? new Map<string, (typeof rows)[number]>();
    months.set(row.month, row);
    byAccount.set(row.account_id, months);
  }
  return {
    on(accountId, day) {
      const months = byAccount.get(accountId);
      const cells = windows.get(day);
      if (!months || !cells) return null;
      for (const cell of cells) {
        const row = months.get(cell.month);
        const score = row?.scores[cell.index];
        const band = row ? BAND_OF_LETTER[row.bands.charAt(cell.index)] : undefined;
        if (score !== null && score !== undefined && band) return { day: cell.day, score, band };
      }
      return null;
    },
  };
}
