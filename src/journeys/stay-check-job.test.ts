import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccount, updateAccount } from '../accounts/index.js';
import { systemActor } from '../auth/index.js';
import { createTestClock, DAY_MS } from '../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createJobRunner } from '../jobs/index.js';
import { recordSignals } from '../signals/index.js';
import { createWorkspace } from '../workspaces/index.js';
import { createStayCheckJob, DEFAULT_JOURNEY, getAccountJourney, putJourney, STAY_CHECK_JOB } from './index.js';

/**
 * Time in stage takes effect with no event about the account: the stay's durable timers move it
 * on when its "days in stage" exit criterion holds, complete a milestone whose rule is time, and
 * flag it stuck once (a `stage_stuck` signal) past twice the expected stay — also for a worker
 * started after a restart.
 */
describe('journey.stay-check timers', () => {
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  const handlers = [
    createStayCheckJob({
      moveStage: async (db, actor, move) => {
        await updateAccount(db, actor, move.accountId, { lifecycleStage: move.stage }, { reason: move.reason, source: 'automation', now: move.now });
      },
      recordSignal: (db, actor, signal) => recordSignals(db, actor, [signal]),
    }),
  ];
  let handle: TestDatabase;
  let workspaceId: string;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Quiet accounts')).id;
    const stages = DEFAULT_JOURNEY.stages.map((stage) =>
      stage.key === 'awareness'
        ? {
            ...stage,
            autoAdvance: true,
            exitCriteria: [{ kind: 'daysInStage' as const, atLeast: 7 }],
            milestones: [{ key: 'nurtured', name: 'Nurtured for five days', dueDays: 30, completeWhen: [{ kind: 'daysInStage' as const, atLeast: 5 }], marksValue: false }],
          }
        : stage,
    );
    await putJourney(handle.db, systemActor(workspaceId), { stages, stageMapping: {} }, clock.now());
  });
  after(() => handle?.close());

  const at = (start: Date, days: number) => new Date(start.getTime() + days * DAY_MS);
  const journeyOf = async (accountId: string) => {
    const { lifecycle_stage } = await handle.db.selectFrom('accounts').select('lifecycle_stage').where('id', '=', accountId).executeTakeFirstOrThrow();
    return getAccountJourney(handle.db, workspaceId, { id: accountId, segment: null, ownerId: null, lifecycleStage: lifecycle_stage }, clock.now());
  };

  test('an account with no events moves on, completes a timed milestone and is flagged stuck once', async () => {
    const entered = clock.now();
    const { id } = await createAccount(handle.db, systemActor(workspaceId), { name: 'Quiet Co', lifecycleStage: 'Awareness' }, { now: entered });
    const timers = await handle.db.selectFrom('jobs').select('run_at').where('type', '=', STAY_CHECK_JOB).where('workspace_id', '=', workspaceId).orderBy('run_at').execute();
    assert.deepEqual(timers.map((j) => j.run_at.getTime()), [at(entered, 5), at(entered, 7), at(entered, 60.1)].map((d) => d.getTime()), 'milestone rule, exit criterion, stuck (2 × 30 days)');

    clock.set(at(entered, 5));
    await createJobRunner({ db: handle.db, handlers, clock, workerId: 'before-restart' }).runDue();
    const day5 = await journeyOf(id);
    assert.deepEqual([day5.history[0]!.toStage, day5.milestones.map((m) => m.completedHow)], ['Awareness', ['rule']]);

    clock.set(at(entered, 7));
    const restarted = createJobRunner({ db: handle.db, handlers, clock, workerId: 'after-restart' });
    await restarted.runDue();
    const day7 = await journeyOf(id);
    assert.equal(day7.history[0]!.toStage, 'Consideration');
    assert.deepEqual([day7.history[0]!.actorKind, day7.history[0]!.source], ['automation', 'automation']);
    assert.match(day7.history[0]!.reason!, /exit criteria of Awareness/);

    const stuckSignals = () => handle.db.selectFrom('signals').select(['title', 'text']).where('account_id', '=', id).where('type', '=', 'stage_stuck').execute();
    clock.set(at(entered, 7 + 60));
    await restarted.runDue();
    assert.equal((await stuckSignals()).length, 0, 'the old stay’s timer found it moved on; the new one is not due');
    assert.equal((await journeyOf(id)).status, 'behind');

    clock.set(at(entered, 7 + 61));
    await restarted.runDue();
    await restarted.runDue();
    const signals = await stuckSignals();
    assert.deepEqual(signals.map((s) => s.title), ['Stuck in Consideration'], 'once');
    assert.match(signals[0]!.text!, /61 days in Consideration; similar accounts needed about 30 \(configured\)/);
    assert.equal((await journeyOf(id)).status, 'stuck');
  });
});
