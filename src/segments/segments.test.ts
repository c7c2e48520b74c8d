import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { systemActor } from '../auth/index.js';
import { createTestClock } from '../core/clock.js';
import type { Database } from '../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { emitDomainEvents } from '../domain-events/index.js';
import { drainDomainEvents } from '../domain-events/testing/drain-domain-events.js';
import { createJobRunner } from '../jobs/index.js';
import { createWorkspace, defineCustomField } from '../workspaces/index.js';
import {
  accountsInSegment,
  accountsMatchingRules,
  createSegment,
  deleteSegment,
  evaluateWorkspaceSegments,
  segmentMembershipConsumer,
  segmentsEvaluateJob,
  segmentsOfAccount,
  segmentsRefreshJob,
  updateSegment,
  type SegmentRules,
} from './index.js';

const TODAY = '2026-06-30';
const at = (day: string) => new Date(`${day}T12:00:00Z`);

type Seed = {
  name: string;
  arr?: number;
  segment?: string;
  stage?: string;
  renewal?: string;
  band?: 'green' | 'yellow' | 'red';
  score?: number;
  tier?: string;
  seats?: number;
  /** Events per day on the given days. */
  usage?: Array<[string, number]>;
  users?: Array<[string, string]>;
};

/**
 * Six accounts whose membership can be worked out by hand:
 *
 * | name    | arr     | segment    | stage    | renewal    | band/score | tier (custom) | events last 30 d | events 30 d before |
 * | Acme    | 250,000 | enterprise | Adoption | 2026-08-15 | red 35     | gold          | 10               | 100                |
 * | Bolt    | 120,000 | enterprise | Advocacy | 2027-03-01 | green 85   | silver        | 200              | 100                |
 * | Cobalt  | 40,000  | mid-market | Adoption | 2026-07-10 | yellow 60  | —             | 0                | 0                  |
 * | Delta   | 5,000   | smb        | Churned  | 2026-05-01 | —          | bronze        | —                | —                  |
 * | Echo    | 2,000   | —          | —        | —          | green 90   | gold          | 30               | 0                  |
 * | Foxtrot | 0       | self-serve | Trial    | 2026-09-20 | red 10     | —             | —                | —                  |
 */
const SEEDS: Seed[] = [
  { name: 'Acme', arr: 250_000, segment: 'enterprise', stage: 'Adoption', renewal: '2026-08-15', band: 'red', score: 35, tier: 'gold', seats: 120, usage: [['2026-06-20', 10], ['2026-05-20', 100]], users: [['a1', '2026-06-20'], ['a2', '2026-06-21'], ['a1', '2026-05-20']] },
  { name: 'Bolt', arr: 120_000, segment: 'enterprise', stage: 'Advocacy', renewal: '2027-03-01', band: 'green', score: 85, tier: 'silver', seats: 80, usage: [['2026-06-29', 200], ['2026-05-25', 100]], users: [['b1', '2026-06-29']] },
  { name: 'Cobalt', arr: 40_000, segment: 'mid-market', stage: 'Adoption', renewal: '2026-07-10', band: 'yellow', score: 60 },
  { name: 'Delta', arr: 5_000, segment: 'smb', stage: 'Churned', renewal: '2026-05-01', tier: 'bronze', seats: 5 },
  { name: 'Echo', arr: 2_000, band: 'green', score: 90, tier: 'gold', usage: [['2026-06-10', 30]] },
  { name: 'Foxtrot', arr: 0, segment: 'self-serve', stage: 'Trial', renewal: '2026-09-20', band: 'red', score: 10 },
];

async function seedWorkspace(db: Kysely<Database>, name: string) {
  const workspace = await createWorkspace(db, name);
  const actor = systemActor(workspace.id);
  await defineCustomField(db, actor, { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver', 'bronze'] });
  await defineCustomField(db, actor, { key: 'seats', label: 'Seats', type: 'number' });
  const ids = new Map<string, string>();
  for (const seed of SEEDS) {
    const custom: Record<string, unknown> = {};
    if (seed.tier) custom.tier = seed.tier;
    if (seed.seats !== undefined) custom.seats = seed.seats;
    const { id } = await db
      .insertInto('accounts')
      .values({
        workspace_id: workspace.id,
        name: seed.name,
        arr: seed.arr ?? 0,
        segment: seed.segment ?? null,
        lifecycle_stage: seed.stage ?? null,
        renewal_date: seed.renewal ?? null,
        custom_fields: JSON.stringify(custom),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(seed.name, id);
    if (seed.band)
      await db
        .insertInto('health_scores')
        .values({ workspace_id: workspace.id, account_id: id, score: seed.score ?? null, band: seed.band, scorecard_key: 'default', config_version: 1, measures: '[]', as_of: TODAY, computed_at: at(TODAY) })
        .execute();
    for (const [day, events] of seed.usage ?? [])
      await db
        .insertInto('usage_account_days')
        .values({ workspace_id: workspace.id, account_id: id, day, active_users: 1, events, features: 1, event_counts: '{}', last_seen_at: at(day) })
        .execute();
    for (const [user, day] of seed.users ?? [])
      await db.insertInto('usage_user_days').values({ workspace_id: workspace.id, account_id: id, day, user_key: user, events: 1, features: 1, last_seen_at: at(day) }).execute();
  }
  return { workspace, actor, ids, nameOf: (id: string) => [...ids].find(([, value]) => value === id)![0] };
}

const all = (...conditions: SegmentRules['conditions']): SegmentRules => ({ match: 'all', conditions });
const any = (...conditions: SegmentRules['conditions']): SegmentRules => ({ match: 'any', conditions });

describe('segments', () => {
  let handle: TestDatabase;
  let db: Kysely<Database>;
  let acme: Awaited<ReturnType<typeof seedWorkspace>>;
  let globex: Awaited<ReturnType<typeof seedWorkspace>>;
  const clock = createTestClock(at(TODAY));

  before(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    acme = await seedWorkspace(db, 'Acme CS');
    globex = await seedWorkspace(db, 'Globex CS');
  });
  after(() => handle.close());

  const matching = async (rules: SegmentRules) =>
    (await accountsMatchingRules(db, { workspaceId: acme.workspace.id, rules, clock })).map((id) => acme.nameOf(id)).sort();

  test('rules compile to SQL that picks exactly the hand-computed accounts', async () => {
    const cases: Array<[string, SegmentRules, string[]]> = [
      ['ARR at least 100k', all({ field: 'arr', op: 'gte', value: 100_000 }), ['Acme', 'Bolt']],
      ['ARR between 1k and 40k', all({ field: 'arr', op: 'between', value: [1_000, 40_000] }), ['Cobalt', 'Delta', 'Echo']],
      ['segment column in a list', all({ field: 'segment', op: 'in', value: ['smb', 'self-serve'] }), ['Delta', 'Foxtrot']],
      ['not churned (blank stage counts as not churned)', all({ field: 'lifecycleStage', op: 'neq', value: 'Churned' }), ['Acme', 'Bolt', 'Cobalt', 'Echo', 'Foxtrot']],
      ['segment column not set', all({ field: 'segment', op: 'is_not_set' }), ['Echo']],
      ['name contains "o" (any case)', all({ field: 'name', op: 'contains', value: 'O' }), ['Bolt', 'Cobalt', 'Echo', 'Foxtrot']],
      ['name starts with "ac"', all({ field: 'name', op: 'starts_with', value: 'ac' }), ['Acme']],
      ['renewal within the next 60 days', all({ field: 'renewalDate', op: 'within_next_days', value: 60 }), ['Acme', 'Cobalt']],
      ['renewal in the last 90 days', all({ field: 'renewalDate', op: 'within_last_days', value: 90 }), ['Delta']],
      ['renewal before 2026-08-01', all({ field: 'renewalDate', op: 'before', value: '2026-08-01' }), ['Cobalt', 'Delta']],
      ['red health', all({ field: 'health.band', op: 'eq', value: 'red' }), ['Acme', 'Foxtrot']],
      ['health score under 60', all({ field: 'health.score', op: 'lt', value: 60 }), ['Acme', 'Foxtrot']],
      ['not scored', all({ field: 'health.band', op: 'is_not_set' }), ['Delta']],
      ['custom select tier is gold', all({ field: 'customFields.tier', op: 'eq', value: 'gold' }), ['Acme', 'Echo']],
      ['custom number seats over 50', all({ field: 'customFields.seats', op: 'gt', value: 50 }), ['Acme', 'Bolt']],
      ['events in the last 30 days at least 30', all({ field: 'usage.events', op: 'gte', value: 30, days: 30 }), ['Bolt', 'Echo']],
      ['no events in the last 30 days', all({ field: 'usage.events', op: 'eq', value: 0, days: 30 }), ['Cobalt', 'Delta', 'Foxtrot']],
      ['events fell by half or more (vs the 30 days before)', all({ field: 'usage.eventsChangePct', op: 'lte', value: -50, days: 30 }), ['Acme']],
      ['events doubled', all({ field: 'usage.eventsChangePct', op: 'gte', value: 100, days: 30 }), ['Bolt']],
      ['two or more active users in the last 30 days', all({ field: 'usage.activeUsers', op: 'gte', value: 2 }), ['Acme']],
      [
        'nested: enterprise and (red or renewing within 60 days), or gold tier',
        any(
          all({ field: 'segment', op: 'eq', value: 'enterprise' }, any({ field: 'health.band', op: 'eq', value: 'red' }, { field: 'renewalDate', op: 'within_next_days', value: 60 })),
          { field: 'customFields.tier', op: 'eq', value: 'gold' },
        ),
        ['Acme', 'Echo'],
      ],
      ['empty all matches everyone', all(), ['Acme', 'Bolt', 'Cobalt', 'Delta', 'Echo', 'Foxtrot']],
      ['empty any matches no one', any(), []],
    ];
    for (const [what, rules, expected] of cases) assert.deepEqual(await matching(rules), expected, what);
  });

  test('bad rules are refused, naming the bad field, operator or value', async () => {
    const refused = async (rules: SegmentRules) => {
      try {
        await accountsMatchingRules(db, { workspaceId: acme.workspace.id, rules, clock });
      } catch (error) {
        return (error as { issues: { path: string; message: string }[] }).issues;
      }
      assert.fail('expected a refusal');
    };
    assert.match((await refused(all({ field: 'risk', op: 'gt', value: 1 })))[0]!.message, /unknown field "risk"/);
    const [badOp] = await refused(all({ field: 'arr', op: 'contains', value: 'x' }));
    assert.equal(badOp!.path, 'rules.conditions[0].op');
    assert.match(badOp!.message, /operator "contains" does not apply to arr \(number\)/);
    const [badValue] = await refused(any({ field: 'lifecycleStage', op: 'eq', value: 'Adoption' }, all({ field: 'health.band', op: 'eq', value: 'purple' })));
    assert.equal(badValue!.path, 'rules.conditions[1].conditions[0].value');
    assert.match(badValue!.message, /one of: green, yellow, red/);
    assert.match((await refused(all({ field: 'customFields.colour', op: 'eq', value: 'x' })))[0]!.message, /unknown custom field "colour"; this workspace defines: tier, seats/);
    assert.match((await refused(all({ field: 'arr', op: 'gt', value: 1, days: 7 })))[0]!.message, /days applies to usage fields only/);
  });

  test('saving a segment fills it with one segment.entered per member; re-evaluating changes nothing', async () => {
    const before = await countEvents(db, acme.workspace.id);
    const segment = await createSegment(db, acme.actor, { name: 'Enterprise', engagementModel: 'high_touch', rules: all({ field: 'arr', op: 'gte', value: 100_000 }) }, clock);
    assert.equal(segment.memberCount, 2);
    assert.deepEqual((await accountsInSegment(db, acme.workspace.id, segment.id)).map(acme.nameOf).sort(), ['Acme', 'Bolt']);
    const events = await segmentEvents(db, acme.workspace.id, before);
    assert.deepEqual(events.map((e) => `${e.type} ${acme.nameOf(e.account_id!)}`).sort(), ['segment.entered Acme', 'segment.entered Bolt']);
    assert.deepEqual(events[0]!.payload, { segmentId: segment.id });
    // The full job pass finds nothing to change and writes no event.
    const after = await countEvents(db, acme.workspace.id);
    assert.deepEqual(await evaluateWorkspaceSegments(db, { workspaceId: acme.workspace.id, clock }), { segments: 1, entered: 0, left: 0 });
    assert.equal(await countEvents(db, acme.workspace.id), after);
    // The account's segments, with the engagement model, for playbooks and the cockpit.
    const ofAcme = await segmentsOfAccount(db, acme.workspace.id, acme.ids.get('Acme')!);
    assert.deepEqual(ofAcme.map((s) => [s.name, s.engagementModel]), [['Enterprise', 'high_touch']]);
    await deleteSegment(db, acme.actor, segment.id, clock);
  });

  test('a change of an input moves the account in or out once, through the consumer, without a loop', async () => {
    const segment = await createSegment(db, acme.actor, { name: 'Red', engagementModel: 'high_touch', rules: all({ field: 'health.band', op: 'eq', value: 'red' }) }, clock);
    await drainDomainEvents(db, [segmentMembershipConsumer], clock);
    const start = await countEvents(db, acme.workspace.id);
    const bolt = acme.ids.get('Bolt')!;
    const acmeId = acme.ids.get('Acme')!;
    // Health moves: Bolt turns red, Acme recovers (as health's recompute would write them, with its events).
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('health_scores').set({ band: 'red', score: 30 }).where('account_id', '=', bolt).execute();
      await trx.updateTable('health_scores').set({ band: 'green', score: 80 }).where('account_id', '=', acmeId).execute();
      await emitDomainEvents(trx, [
        { type: 'health.changed', workspaceId: acme.workspace.id, accountId: bolt, payload: { scoreBefore: 85, scoreAfter: 30, bandBefore: 'green', bandAfter: 'red', asOf: TODAY } },
        { type: 'health.changed', workspaceId: acme.workspace.id, accountId: acmeId, payload: { scoreBefore: 35, scoreAfter: 80, bandBefore: 'red', bandAfter: 'green', asOf: TODAY } },
      ]);
    });
    await drainDomainEvents(db, [segmentMembershipConsumer], clock);
    const changes = await segmentEvents(db, acme.workspace.id, start);
    assert.deepEqual(changes.map((e) => `${e.type} ${acme.nameOf(e.account_id!)}`).sort(), ['segment.entered Bolt', 'segment.left Acme']);
    // Draining again (its own segment events are not its inputs) writes nothing more.
    const settled = await countEvents(db, acme.workspace.id);
    await drainDomainEvents(db, [segmentMembershipConsumer], clock);
    assert.equal(await countEvents(db, acme.workspace.id), settled);
    assert.deepEqual((await accountsInSegment(db, acme.workspace.id, segment.id)).map(acme.nameOf).sort(), ['Bolt', 'Foxtrot']);
    // Deleting the segment: each member leaves once.
    await deleteSegment(db, acme.actor, segment.id, clock);
    const left = (await segmentEvents(db, acme.workspace.id, settled)).map((e) => `${e.type} ${acme.nameOf(e.account_id!)}`).sort();
    assert.deepEqual(left, ['segment.left Bolt', 'segment.left Foxtrot']);
  });

  test('time-based rules move with the clock through the recurring job', async () => {
    const local = createTestClock(at(TODAY));
    const segment = await createSegment(db, acme.actor, { name: 'Renewing in 30 days', engagementModel: 'low_touch', rules: all({ field: 'renewalDate', op: 'within_next_days', value: 30 }) }, local);
    assert.deepEqual((await accountsInSegment(db, acme.workspace.id, segment.id)).map(acme.nameOf), ['Cobalt']);
    // 20 days on: Acme (2026-08-15) is within 30 days; Cobalt (2026-07-10) has passed.
    local.advance(20 * 86_400_000);
    const runner = createJobRunner({ db, handlers: [segmentsRefreshJob, segmentsEvaluateJob], clock: local });
    await runner.scheduleRecurring();
    await runner.runDue();
    assert.deepEqual((await accountsInSegment(db, acme.workspace.id, segment.id)).map(acme.nameOf), ['Acme']);
    await deleteSegment(db, acme.actor, segment.id, local);
  });

  test('new rules re-evaluate the whole workspace; an edit that keeps the rules does not', async () => {
    const segment = await createSegment(db, acme.actor, { name: 'Gold', engagementModel: 'tech_touch', rules: all({ field: 'customFields.tier', op: 'eq', value: 'gold' }) }, clock);
    const renamed = await updateSegment(db, acme.actor, segment.id, { name: 'Gold tier' }, clock);
    assert.equal(renamed.version, 1);
    const changed = await updateSegment(db, acme.actor, segment.id, { rules: all({ field: 'customFields.tier', op: 'in', value: ['gold', 'silver'] }) }, clock);
    assert.equal(changed.version, 2);
    assert.equal(changed.memberCount, 3);
    await deleteSegment(db, acme.actor, segment.id, clock);
  });

  test('a workspace’s segments see only its own accounts', async () => {
    const ours = await createSegment(db, acme.actor, { name: 'Everyone', engagementModel: 'tech_touch', rules: all() }, clock);
    const members = await accountsInSegment(db, acme.workspace.id, ours.id);
    assert.equal(members.length, SEEDS.length);
    assert.ok(members.every((id) => [...acme.ids.values()].includes(id)));
    assert.deepEqual(await accountsInSegment(db, globex.workspace.id, ours.id), []);
    assert.deepEqual(await segmentsOfAccount(db, globex.workspace.id, acme.ids.get('Acme')!), []);
    // Globex's own consumer run does not touch Acme's segment.
    await db.updateTable('accounts').set({ arr: 1 }).where('id', '=', globex.ids.get('Acme')!).execute();
    await drainDomainEvents(db, [segmentMembershipConsumer], clock);
    assert.equal((await accountsInSegment(db, acme.workspace.id, ours.id)).length, SEEDS.length);
    await deleteSegment(db, acme.actor, ours.id, clock);
  });
});

async function countEvents(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('domain_events').select((eb) => eb.fn.countAll<string>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The workspace's segment events after the first `skip` events of the workspace, in order. */
async function segmentEvents(db: Kysely<Database>, workspaceId: string, skip: number) {
  const rows = await db.selectFrom('domain_events').select(['type', 'account_id', 'payload']).where('workspace_id', '=', workspaceId).orderBy('id').offset(skip).limit(10_000).execute();
  return rows.filter((row) => row.type.startsWith('segment.'));
}
