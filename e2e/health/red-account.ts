import { systemActor } from '../../src/auth/index.js';
import { backfillHealthHistory } from '../../src/health/index.js';
import { createSignal } from '../../src/signals/index.js';
import type { TestServer } from '../support/start-test-server.js';

const DAY_MS = 86_400_000;

/**
 * Turns the test server's account red: no champion named, and two warning signs in the news
 * three days ago (Standard card, no usage or tickets: 61 a week ago, 44 now). Then scores
 * every account with weekly history over eight weeks, as the nightly pass and the demo
 * backfill do, at once.
 */
export async function scoreWithRedAccount(server: TestServer, now: Date): Promise<void> {
  const actor = systemActor(server.workspaceId);
  const account = await server.db.selectFrom('accounts').select('id').where('name', '=', server.accountName).executeTakeFirstOrThrow();
  for (const [type, title] of [['vendor_review', 'CFO announces a review of all vendors'], ['layoff', 'Northwind lays off 10% of staff']] as const) {
    await createSignal(server.db, actor, { accountId: account.id, type, title, occurredAt: new Date(now.getTime() - 3 * DAY_MS).toISOString() }, now);
  }
  const today = now.toISOString().slice(0, 10);
  await backfillHealthHistory(server.db, { workspaceId: server.workspaceId, from: new Date(now.getTime() - 56 * DAY_MS).toISOString().slice(0, 10), to: today, stepDays: 7, now });
}
