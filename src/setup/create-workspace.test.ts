import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startApiTest, type ApiTest } from '../api/testing/api-test.js';
import { systemActor } from '../auth/index.js';
import { createTestClock } from '../core/clock.js';
import { splitSqlStatements } from '../db/migrate.js';
import { listHandoffRules } from '../handoffs/index.js';
import { listTeams } from '../teams/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { createWorkspaceWithDefaults } from './index.js';

const clock = createTestClock(new Date('2026-12-06T09:00:00Z'));

describe('a workspace gets its defaults when it is created, and reads never write', () => {
  let t: ApiTest;
  before(async () => {
    t = await startApiTest();
  });
  after(() => t.close());

  /** Everything a read used to seed, workspace by workspace. */
  const rows = async () => ({
    teams: await t.handle.db.selectFrom('teams').select(['workspace_id', 'slug']).orderBy('workspace_id').orderBy('slug').execute(),
    rules: await t.handle.db.selectFrom('handoff_rules').select(['workspace_id', 'name', 'updated_at']).orderBy('workspace_id').orderBy('name').execute(),
    setup: await t.handle.db.selectFrom('handoff_setup').selectAll().orderBy('workspace_id').execute(),
  });
  /** A rule as a person reads it, without ids. */
  const rulesOf = async (workspaceId: string) =>
    (await listHandoffRules(t.handle.db, systemActor(workspaceId))).map(({ id: _id, sender, receiver, ...rule }) => ({ ...rule, from: sender.name, to: receiver.name }));

  test('migration 0043 gives a workspace from before exactly what creation gives a new one, and leaves seeded ones alone', async () => {
    const created = await createWorkspaceWithDefaults(t.handle.db, 'New CS', clock);
    const older = await createWorkspace(t.handle.db, 'Older CS');
    const teamsBefore = (await listTeams(t.handle.db, systemActor(created.id))).map((team) => team.name);
    assert.deepEqual(teamsBefore, ['Customer Success', 'Marketing', 'Onboarding', 'Sales', 'Support']);
    assert.deepEqual(await listTeams(t.handle.db, systemActor(older.id)), [], 'a bare workspace reads as it is');

    const seeded = (await rows()).rules.filter((rule) => rule.workspace_id === created.id);
    const migration = await readFile(new URL('../db/migrations/0043_workspace_defaults_backfill.sql', import.meta.url), 'utf8');
    await t.handle.db.transaction().execute(async (trx) => {
      for (const statement of splitSqlStatements(migration)) await sql.raw(statement).execute(trx);
    });

    assert.deepEqual((await listTeams(t.handle.db, systemActor(older.id))).map((team) => team.name), teamsBefore);
    assert.deepEqual(await rulesOf(older.id), await rulesOf(created.id));
    assert.deepEqual((await rows()).rules.filter((rule) => rule.workspace_id === created.id), seeded, 'a seeded workspace is not touched');
  });

  test('GET of teams, rules, the board, SLA and the configuration export writes nothing', async () => {
    const team = await t.team();
    // One created as the product does, one as before defaults moved to creation (and before 0043).
    const bare = await t.caller(await createWorkspace(t.handle.db, 'Bare CS'), 'admin');
    const before = await rows();
    for (const caller of [team.admin, bare]) {
      for (const url of ['/api/teams', '/api/handoffs/rules', '/api/handoffs?state=live', '/api/handoffs/sla', '/api/config']) {
        assert.equal((await caller.get(url)).statusCode, 200, url);
      }
    }
    assert.deepEqual(await rows(), before);
  });
});
