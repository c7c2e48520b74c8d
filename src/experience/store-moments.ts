import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findStagesAt } from '../journeys/index.js';
import { insertMoments, type NewMomentRow } from './experience.repository.js';

/**
 * Stores moments, each filed under the stage its account was in when it happened according to
 * the journey's `account_stage_history` (the one record of stage changes), unless the moment
 * names its stage. One read of the history for the whole batch.
 */
export async function storeMoments(
  db: Kysely<Database>,
  workspaceId: string,
  rows: Array<Omit<NewMomentRow, 'stage'> & { stage?: string | null }>,
): Promise<Array<{ id: string; account_id: string }>> {
  const unplaced = rows.filter((row) => row.stage === undefined);
  const stages = await findStagesAt(db, workspaceId, unplaced.map((row) => ({ accountId: row.accountId, at: row.occurredAt })));
  let next = 0;
  return insertMoments(db, workspaceId, rows.map((row) => ({ ...row, stage: row.stage === undefined ? (stages[next++] ?? null) : row.stage })));
}
