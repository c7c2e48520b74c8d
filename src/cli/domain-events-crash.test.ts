import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createAccount } from '../accounts/index.js';
import { systemActor } from '../auth/index.js';
import { openDatabase } from '../db/client.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { createTestDatabase } from '../db/testing/pg-test.js';
import { removeWhenProcessExits } from '../db/testing/remove-at-exit.js';
import { upsertTickets } from '../support/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { spawnServer } from './testing/spawn-server.js';

const ACCOUNTS = 150;

/** Tickets that wait for their accounts, then the accounts: 400 account.created events nobody has consumed. */
async function prepare(db: Kysely<Database>): Promise<void> {
  const workspaceId = (await createWorkspace(db, 'Crash Co')).id;
  const actor = systemActor(workspaceId);
  await upsertTickets(
    db,
    actor,
    Array.from({ length: ACCOUNTS }, (_, index) => ({
      source: 'import' as const,
      externalId: `T-${index}`,
      subject: `Question ${index}`,
      status: 'open' as const,
      createdAt: new Date('2025-03-01T09:00:00Z'),
      requesterEmail: `someone@c${index}.example`,
    })),
  );
  for (let index = 0; index < ACCOUNTS; index += 1) await createAccount(db, actor, { name: `Customer ${index}`, domain: `c${index}.example` });
}

/** Events the waiting-tickets consumer has not passed yet. */
async function unconsumed(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM domain_events e
    WHERE e.type = 'account.created' AND NOT EXISTS (
      SELECT 1 FROM domain_event_cursors c
      WHERE c.consumer = 'support.attach-waiting-tickets' AND c.partition = e.partition AND (c.last_txid, c.last_id) >= (e.txid, e.id))`.execute(db);
  return rows[0]!.n;
}

/** Each ticket attached to its account, and told once on its timeline. */
async function assertEachTicketAttachedOnce(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ waiting: number; attached: number; stories: number; twice: number }>`
    SELECT
      (SELECT count(*)::int FROM tickets WHERE account_id IS NULL) AS waiting,
      (SELECT count(*)::int FROM tickets t JOIN accounts a ON a.id = t.account_id WHERE a.domain = split_part(t.requester_email, '@', 2)) AS attached,
      (SELECT count(*)::int FROM timeline_entries WHERE subject_type = 'ticket') AS stories,
      (SELECT count(*)::int FROM (SELECT subject_id FROM timeline_entries WHERE subject_type = 'ticket' GROUP BY subject_id HAVING count(*) > 1) twice) AS twice`.execute(db);
  assert.deepEqual(rows[0], { waiting: 0, attached: ACCOUNTS, stories: ACCOUNTS, twice: 0 });
}

const env = (extra: NodeJS.ProcessEnv) => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', BOOMERANG_ADMIN_PASSWORD: 'first-admin-password', ...extra };
  if (!extra.DATABASE_URL) delete base.DATABASE_URL;
  return base;
};

describe('domain events survive kill -9 of the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-outbox-'));
  // PGlite finishes some file work after close; remove the directory a little later.
  after(() => removeWhenProcessExits(dataDir));

  test('events not yet consumed when the server dies are each consumed once after the restart', async () => {
    const database = await createTestDatabase();
    const onPostgres = database.databaseUrl !== undefined;
    let handle: { db: Kysely<Database>; close(): Promise<void> } = database;
    if (!onPostgres) {
      await database.close();
      handle = await openDatabase({ dataDir });
      await migrateToLatest(handle.db);
    }
    let db = handle.db;
    await prepare(db);
    assert.equal(await unconsumed(db), ACCOUNTS);
    if (!onPostgres) await handle.close();

    const serverEnv = env(onPostgres ? { DATABASE_URL: database.databaseUrl } : { BOOMERANG_DATA_DIR: dataDir });
    const first = await spawnServer(serverEnv);
    await first.kill();

    if (!onPostgres) ({ db } = handle = await openDatabase({ dataDir }));
    const left = await unconsumed(db);
    assert.ok(left > 0, 'the server died with events not yet consumed');
    if (!onPostgres) await handle.close();

    if (onPostgres) {
      const second = await spawnServer(serverEnv);
      for (let waited = 0; waited < 60_000 && (await unconsumed(db)) > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      await second.stop();
    } else {
      // PGlite admits one process: let the server run a while, stop it, look, and again if need be.
      for (let round = 0; round < 10; round += 1) {
        const second = await spawnServer(serverEnv);
        await new Promise((resolve) => setTimeout(resolve, 5000));
        await second.stop();
        ({ db } = handle = await openDatabase({ dataDir }));
        if ((await unconsumed(db)) === 0) break;
        await handle.close();
      }
    }
    try {
      assert.equal(await unconsumed(db), 0);
      await assertEachTicketAttachedOnce(db);
    } finally {
      await handle.close();
    }
  });
});
