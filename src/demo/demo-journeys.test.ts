import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../auth/index.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { getJourneyBoard, MILESTONE_DUE_JOB } from '../journeys/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { findGroundTruth } from './demo.repository.js';
import { loadDemoWorld } from './load-demo-world.js';

const today = '2026-11-26';
const now = new Date(`${today}T12:00:00Z`);

/** The demo world's journeys, read through the journey module, against the hidden truth. */
describe('demo journeys on a loaded world (250 accounts, 12 months)', () => {
  let handle: TestDatabase;
  let workspaceId: string;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Demo')).id;
    await loadDemoWorld(handle.db, { workspaceId, accounts: 250, months: 12, seed: 5, today, healthHistory: false });
  });
  after(() => handle.close());

  test('each account’s stage is where its recorded history ends; churned customers are in Churned', async () => {
    const accounts = await handle.db.selectFrom('accounts').select(['id', 'lifecycle_stage']).where('workspace_id', '=', workspaceId).execute();
    const last = await handle.db
      .selectFrom('account_stage_history')
      .distinctOn('account_id')
      .select(['account_id', 'to_stage'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('account_id')
      .orderBy('changed_at', 'desc')
      .orderBy('seq', 'desc')
      .execute();
    const ended = new Map(last.map((row) => [row.account_id, row.to_stage]));
    for (const account of accounts) assert.equal(ended.get(account.id), account.lifecycle_stage);
    const truth = await findGroundTruth(handle.db, workspaceId);
    const stageOf = new Map(accounts.map((a) => [a.id, a.lifecycle_stage]));
    for (const row of truth) {
      if (row.outcome === 'churned') assert.equal(stageOf.get(row.account_id), 'Churned', row.account_id);
      else assert.notEqual(stageOf.get(row.account_id), 'Churned');
    }
    const goals = await handle.db.selectFrom('account_goals').select('account_id').where('workspace_id', '=', workspaceId).execute();
    assert.equal(goals.length, accounts.length, 'every customer passed the gate into Decision & Contract with goals on record');
  });

  test('the board shows the slow onboardings: those still in Adoption are behind or stuck', async () => {
    const truth = await findGroundTruth(handle.db, workspaceId);
    const slow = new Set(truth.filter((t) => t.drivers.some((d) => d.driver === 'slow_onboarding')).map((t) => t.account_id));
    const board = await getJourneyBoard(handle.db, systemActor(workspaceId), { perStage: 200 }, now);
    const adoption = board.columns.find((c) => c.stage === 'Adoption')!;
    const slowInAdoption = adoption.accounts.filter((a) => slow.has(a.id));
    const othersInAdoption = adoption.accounts.filter((a) => !slow.has(a.id));
    assert.ok(slowInAdoption.length > 0, 'some slow onboardings are still onboarding');
    assert.ok(slowInAdoption.every((a) => a.status !== 'on_track'), JSON.stringify(slowInAdoption));
    const share = (list: typeof othersInAdoption) => list.filter((a) => a.status !== 'on_track').length / Math.max(1, list.length);
    assert.ok(share(othersInAdoption) < share(slowInAdoption), 'other onboardings are on track more often');
    assert.equal(board.columns.reduce((n, c) => n + c.total, 0), 250);
  });

  test('open milestones of current stays have durable timers at their due dates', async () => {
    const current = await handle.db
      .selectFrom('account_stage_history')
      .distinctOn('account_id')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('account_id')
      .orderBy('changed_at', 'desc')
      .orderBy('seq', 'desc')
      .execute();
    const open = await handle.db
      .selectFrom('account_milestones as m')
      .select(['m.id', 'm.due_at'])
      .where('m.workspace_id', '=', workspaceId)
      .where('m.completed_at', 'is', null)
      .where('m.stage_entry_id', 'in', current.map((c) => c.id))
      .execute();
    const jobs = await handle.db.selectFrom('jobs').select(['payload', 'run_at']).where('type', '=', MILESTONE_DUE_JOB).where('workspace_id', '=', workspaceId).execute();
    const timed = new Map(jobs.map((j) => [String(j.payload.milestoneId), j.run_at.getTime()]));
    assert.ok(open.length > 0);
    for (const m of open) assert.equal(timed.get(m.id), m.due_at.getTime());
  });
});
