import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createAccount } from '../accounts/index.js';
import { createApiToken, createUserInWorkspace, systemActor } from '../auth/index.js';
import { startMailCatcher } from '../core/testing/mail-catcher.js';
import { createContact } from '../contacts/index.js';
import { openDatabase } from '../db/client.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { createTestDatabase } from '../db/testing/pg-test.js';
import { removeWhenProcessExits } from '../db/testing/remove-at-exit.js';
import { createPlaybook } from '../playbooks/index.js';
import { createSignal } from '../signals/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { spawnServer } from './testing/spawn-server.js';

const ACCOUNTS = 12;
const WAIT_DAYS = 3;

/**
 * A vendor review playbook that waits 3 days, then gives the owner a task and mails the
 * sponsor; every account has had the signal. Returns the playbook and an API token to watch
 * the server with (PGlite admits one process, so the test looks through the API while it runs).
 */
async function prepare(db: Kysely<Database>) {
  const workspaceId = (await createWorkspace(db, 'Crash Co')).id;
  const system = systemActor(workspaceId);
  const owner = await createUserInWorkspace(db, system, { email: 'olga@crash.example', name: 'Olga', password: 'correct horse battery', workspaceId, role: 'csm' });
  const { token } = await createApiToken(db, system, { name: 'watcher', role: 'admin' });
  const playbook = await createPlaybook(db, system, {
    enabled: true,
    definition: {
      name: 'Vendor review, after a pause',
      trigger: { kind: 'signal', signalKind: 'vendor_review' },
      steps: [
        { type: 'wait', days: WAIT_DAYS },
        { type: 'create_task', title: 'Vendor review at {{account.name}}', owner: { kind: 'account_owner' }, dueInDays: 2, priority: 'high' },
        { type: 'send_email', to: { kind: 'contact_roles', roles: ['economic_buyer'] }, subject: 'About {{account.name}}', text: 'Hi {{contact.firstName}}, Olga will call you.' },
      ],
    },
  });
  for (let index = 0; index < ACCOUNTS; index += 1) {
    const account = await createAccount(db, system, { name: `Customer ${index}`, ownerId: owner.id });
    await createContact(db, system, account.id, { name: `Sponsor ${index}`, email: `sponsor${index}@c${index}.example`, role: 'economic_buyer' });
    await createSignal(db, system, { accountId: account.id, type: 'vendor_review', title: 'Announced a review of all vendors' }, new Date());
  }
  return { playbookId: playbook.id, token };
}

type Run = { state: string; steps: { stepType: string; outcome: string }[] };

const env = (extra: NodeJS.ProcessEnv) => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', BOOMERANG_ADMIN_PASSWORD: 'first-admin-password', ...extra };
  if (!extra.DATABASE_URL) delete base.DATABASE_URL;
  return base;
};

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe('playbook waits survive kill -9 of the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-playbook-crash-'));
  after(() => removeWhenProcessExits(dataDir));

  test('runs waiting when the server dies each do their task and email exactly once after the restart, past the wait', async () => {
    const mail = await startMailCatcher();
    const database = await createTestDatabase();
    const onPostgres = database.databaseUrl !== undefined;
    let handle: { db: Kysely<Database>; close(): Promise<void> } = database;
    const reopen = async () => {
      if (onPostgres) return;
      handle = await openDatabase({ dataDir });
      await migrateToLatest(handle.db);
    };
    const letGo = async () => {
      if (!onPostgres) await handle.close();
    };
    try {
      if (!onPostgres) await database.close();
      await reopen();
      const { playbookId, token } = await prepare(handle.db);
      await letGo();

      const serverEnv = env({ SMTP_URL: mail.url, ...(onPostgres ? { DATABASE_URL: database.databaseUrl } : { BOOMERANG_DATA_DIR: dataDir }) });
      const first = await spawnServer(serverEnv);
      const runs = async (url: string) => {
        const res = await fetch(`${url}/api/playbooks/${playbookId}/runs?limit=500`, { headers: { authorization: `Bearer ${token}` } });
        return ((await res.json()) as { data: Run[] }).data;
      };
      await until('every account waits', async () => (await runs(first.url)).filter((run) => run.state === 'waiting').length === ACCOUNTS);
      await first.kill();

      // While the server is down the wait runs out: the timers (jobs and the runs' wake times) move 3 days back.
      await reopen();
      const pending = await sql<{ waiting: number; timers: number; tasks: number; emails: number }>`
        SELECT (SELECT count(*)::int FROM playbook_runs WHERE state = 'waiting') AS waiting,
               (SELECT count(*)::int FROM jobs WHERE type = 'playbooks.advance' AND state = 'queued') AS timers,
               (SELECT count(*)::int FROM tasks) AS tasks,
               (SELECT count(*)::int FROM outbound_messages) AS emails`.execute(handle.db);
      assert.deepEqual(pending.rows[0], { waiting: ACCOUNTS, timers: ACCOUNTS, tasks: 0, emails: 0 }, 'killed with every wait pending and nothing done');
      await sql`UPDATE jobs SET run_at = run_at - make_interval(days => ${WAIT_DAYS}) WHERE type = 'playbooks.advance' AND state = 'queued'`.execute(handle.db);
      await sql`UPDATE playbook_runs SET wake_at = wake_at - make_interval(days => ${WAIT_DAYS}) WHERE state = 'waiting'`.execute(handle.db);
      await letGo();

      const second = await spawnServer(serverEnv);
      await until('every run is done and every email arrived', async () => (await runs(second.url)).every((run) => run.state === 'done') && mail.messages.length >= ACCOUNTS);
      await second.stop();

      await reopen();
      const done = await sql<{ account: string; tasks: number; emails: number }>`
        SELECT a.name AS account,
               (SELECT count(*)::int FROM tasks t WHERE t.account_id = a.id) AS tasks,
               (SELECT count(*)::int FROM outbound_messages m WHERE m.account_id = a.id AND m.status = 'sent') AS emails
        FROM accounts a ORDER BY a.name`.execute(handle.db);
      assert.equal(done.rows.length, ACCOUNTS);
      assert.deepEqual(
        done.rows.filter((row) => row.tasks !== 1 || row.emails !== 1),
        [],
        'each account: one task, one email',
      );
      const recipients = mail.messages.map((message) => message.to.join(',')).sort();
      assert.deepEqual(recipients, Array.from({ length: ACCOUNTS }, (_, index) => `sponsor${index}@c${index}.example`).sort(), 'each sponsor mailed once');
      const steps = await sql<{ outcome: string; n: number }>`SELECT outcome, count(*)::int AS n FROM playbook_step_results GROUP BY outcome ORDER BY outcome`.execute(handle.db);
      assert.deepEqual(steps.rows, [
        { outcome: 'created', n: ACCOUNTS },
        { outcome: 'queued', n: ACCOUNTS },
        { outcome: 'waited', n: ACCOUNTS },
      ]);
    } finally {
      await letGo().catch(() => undefined);
      if (onPostgres) await database.close();
      await mail.close();
    }
  });
});
