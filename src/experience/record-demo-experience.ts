import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { demoMoments, type DemoJourneyAccount } from './demo-journey.js';
import { storeMoments } from './store-moments.js';

const BATCH = 5000;

/**
 * Writes the demo world's timeline moments (see demo-journey.ts) in the loader's transaction,
 * in batches, after the journey's demo stage histories (`journeys.generateDemoJourneys`), so
 * each moment is filed under the stage its account was in then; no events (the loader emits
 * none for what it writes directly, and scores health itself after the load).
 *
 * @example
 *   await recordDemoExperience(trx, { workspaceId, accounts: world.accounts });
 */
export async function recordDemoExperience(db: Kysely<Database>, options: { workspaceId: string; accounts: DemoJourneyAccount[] }): Promise<{ moments: number }> {
  const { workspaceId, accounts } = options;
  const moments = accounts.flatMap((account) => demoMoments(account).map((moment, index) => ({ ...moment, sourceKey: `demo:${account.id}:${index}` })));
  for (let start = 0; start < moments.length; start += BATCH) await storeMoments(db, workspaceId, moments.slice(start, start + BATCH));
  return { moments: moments.length };
}
