import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { demoMoments, demoStageLog, type DemoJourneyAccount } from './demo-journey.js';
import { insertMoments, insertStageLog } from './experience.repository.js';

const BATCH = 5000;

/**
 * Writes the demo world's stage history and timeline moments (see demo-journey.ts) in the
 * loader's transaction, in batches; no events (the loader emits none for what it writes
 * directly, and scores health itself after the load).
 *
 * @example
 *   await recordDemoExperience(trx, { workspaceId, accounts: world.accounts, today: '2026-12-05' });
 */
export async function recordDemoExperience(db: Kysely<Database>, options: { workspaceId: string; accounts: DemoJourneyAccount[]; today: string }): Promise<{ moments: number }> {
  const { workspaceId, accounts, today } = options;
  const log = accounts.flatMap((account) => demoStageLog(account, today).map((row) => ({ accountId: account.id, ...row })));
  for (let start = 0; start < log.length; start += BATCH) await insertStageLog(db, workspaceId, log.slice(start, start + BATCH));
  const moments = accounts.flatMap((account) => demoMoments(account).map((moment, index) => ({ ...moment, sourceKey: `demo:${account.id}:${index}` })));
  for (let start = 0; start < moments.length; start += BATCH) await insertMoments(db, workspaceId, moments.slice(start, start + BATCH));
  return { moments: moments.length };
}
