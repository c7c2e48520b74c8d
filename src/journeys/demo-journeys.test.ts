import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY_MS } from '../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createWorkspace } from '../workspaces/index.js';
import { generateDemoJourneys, planDemoJourney, type DemoJourneyAccount } from './demo-journeys.js';
import { scheduleCurrentStayChecks, STAY_CHECK_JOB } from './stage-moves.js';

const account = (overrides: Partial<DemoJourneyAccount>): DemoJourneyAccount => ({
  id: '00000000-0000-4000-8000-000000000001',
  ownerId: null,
  segment: 'mid-market',
  industry: 'Software',
  customerSince: '2025-01-15',
  churnedOn: null,
  wonBackOn: null,
  drivers: [],
  firstExpansionOn: null,
  ...overrides,
});

describe('demo journeys follow the simulated lives', () => {
  test('a customer signs after the sales stages, adopts on time and performs', () => {
    const { steps, milestones } = planDemoJourney(account({}), '2026-01-01');
    assert.deepEqual(steps.map((s) => s.stage), ['Awareness', 'Consideration', 'Trial', 'Decision & Contract', 'Adoption', 'Performance']);
    assert.equal(steps[4]!.at.toISOString().slice(0, 10), '2025-01-15', 'Adoption starts at the signature');
    assert.ok(milestones.every((m) => m.completedAt !== null && m.completedAt <= m.dueAt), 'milestones done on time');
    for (let i = 1; i < steps.length; i += 1) assert.ok(steps[i - 1]!.at < steps[i]!.at, 'in order');
  });

  test('slow onboarding completes milestones late, and a recent slow starter still has them open and overdue', () => {
    const slow = planDemoJourney(account({ drivers: [{ driver: 'slow_onboarding', onset: '2025-01-20' }] }), '2026-01-01');
    assert.ok(slow.milestones.every((m) => m.completedAt !== null && m.completedAt > m.dueAt));
    const recent = planDemoJourney(account({ customerSince: '2025-11-01', drivers: [{ driver: 'slow_onboarding', onset: '2025-11-05' }] }), '2025-12-20');
    assert.equal(recent.steps.at(-1)!.stage, 'Adoption');
    const kickoff = recent.milestones.find((m) => m.key === 'kickoff-held')!;
    assert.equal(kickoff.completedAt, null);
    assert.ok(kickoff.dueAt < new Date('2025-12-20T00:00:00Z'), 'overdue today');
  });

  test('a churned customer ends in Churned; a won-back one adopts again; an expander transforms', () => {
    assert.equal(planDemoJourney(account({ churnedOn: '2025-12-01' }), '2026-01-01').steps.at(-1)!.stage, 'Churned');
    const back = planDemoJourney(account({ churnedOn: '2025-06-01', wonBackOn: '2025-12-15' }), '2026-01-01').steps.map((s) => s.stage);
    assert.deepEqual(back.slice(-3), ['Performance', 'Churned', 'Adoption']);
    const grown = planDemoJourney(account({ firstExpansionOn: '2025-09-01' }), '2026-01-01').steps.map((s) => s.stage);
    assert.equal(grown.includes('Transformation'), true);
  });
});

/**
 * The demo writes its histories directly, with no move to set the stay timers: after the load,
 * every current stay has the `journey.stay-check` timers a move into it would have set.
 */
describe('demo stays get their stay timers', () => {
  let handle: TestDatabase;
  before(async () => {
    handle = await createTestDatabase();
  });
  after(() => handle?.close());

  test('one timer at the stuck time of a current Adoption stay; none for an exit or an already stuck stay; a second pass adds none', async () => {
    const { db } = handle;
    const workspaceId = (await createWorkspace(db, 'Small demo')).id;
    const insert = (name: string) => db.insertInto('accounts').values({ workspace_id: workspaceId, name, segment: 'mid-market' }).returning('id').executeTakeFirstOrThrow();
    const [adopting, churned, performing] = [await insert('Adopting'), await insert('Churned'), await insert('Performing')];
    const today = '2026-01-01';
    const loaded = await generateDemoJourneys(db, {
      workspaceId,
      today,
      accounts: [
        // Signed a month ago: in Adoption since 2025-12-01 12:00, its last milestone not due until February.
        account({ id: adopting.id, customerSince: '2025-12-01' }),
        // Churned in October: an exit stage has no expected stay.
        account({ id: churned.id, customerSince: '2025-01-15', churnedOn: '2025-10-01' }),
        // In Performance since spring 2024: past twice its 270 days already, no timer in the past.
        account({ id: performing.id, customerSince: '2024-01-15' }),
      ],
    });
    const stages = await db.selectFrom('accounts').select(['id', 'lifecycle_stage']).where('workspace_id', '=', workspaceId).execute();
    assert.deepEqual(new Map(stages.map((a) => [a.id, a.lifecycle_stage])), new Map([[adopting.id, 'Adoption'], [churned.id, 'Churned'], [performing.id, 'Performance']]));

    const timers = () => db.selectFrom('jobs').select(['run_at', 'payload']).where('type', '=', STAY_CHECK_JOB).where('workspace_id', '=', workspaceId).execute();
    const adoptionEntry = await db.selectFrom('account_stage_history').select('id').where('account_id', '=', adopting.id).where('to_stage', '=', 'Adoption').executeTakeFirstOrThrow();
    // Two completed Adoption stays in the world (fewer than 3): the configured 90 days, stuck after 2 × 90 + 0.1.
    const stuckAt = new Date(Date.parse('2025-12-01T12:00:00Z') + 180.1 * DAY_MS);
    assert.deepEqual(await timers(), [{ run_at: stuckAt, payload: { entryId: adoptionEntry.id } }]);
    assert.equal(loaded.stayChecks, 1);

    const learnt = await db.selectFrom('journey_stay_medians').select(['stage', 'segment', 'stays']).where('workspace_id', '=', workspaceId).where('stage', '=', 'Awareness').orderBy('segment').execute();
    assert.deepEqual(learnt, [{ stage: 'Awareness', segment: 'mid-market', stays: 3 }, { stage: 'Awareness', segment: null, stays: 3 }], 'the medians are learnt at the load');

    assert.equal(await scheduleCurrentStayChecks(db, workspaceId, new Date(`${today}T00:00:00Z`)), 0, 'same unique keys: nothing doubles');
    assert.equal((await timers()).length, 1);
  });
});
