import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import type { Database } from '../db/schema.js';
import { createWorkspace } from '../workspaces/index.js';
import { findMeasureFacts } from './find-measure-facts.js';
import { readMeasureInputs } from './measure-readings.js';
import { recomputeHealth } from './recompute-health.js';

const asOf = '2026-06-30';
const EVENTS_ON = (day: string) => (day === '2026-06-28' ? ['e1', 'e2', 'e3'] : day === '2026-07-02' ? ['e1', 'e2', 'e3', 'e4'] : ['e1']);
const at = (day: string, time = '12:00:00') => new Date(`${day}T${time}Z`);

/** One account's facts on both sides of 2026-06-30, so anything read from after that day shows. */
async function seedAccount(db: Kysely<Database>, workspaceId: string, name: string): Promise<string> {
  const { id } = await db
    .insertInto('accounts')
    .values({ workspace_id: workspaceId, name, segment: 'smb', created_at: at('2025-01-01') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sub = await db
    .insertInto('subscriptions')
    .values({ workspace_id: workspaceId, account_id: id, status: 'active', start_date: '2026-01-01', end_date: '2026-12-31', auto_renew: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('subscription_items').values({ workspace_id: workspaceId, subscription_id: sub.id, product: 'Core', seats: 10, unit_price: 100, arr: 1000 }).execute();
  // Users: u1 active in both windows; u2 was a regular (5 days) before the last 28 days and stopped;
  // u3 only in the last 28 days; u4 only after the day (must not count).
  const userDays: Array<[string, string]> = [
    ['u1', '2026-05-20'], ['u1', '2026-06-25'],
    ['u2', '2026-05-10'], ['u2', '2026-05-11'], ['u2', '2026-05-12'], ['u2', '2026-05-13'], ['u2', '2026-05-14'],
    ['u3', '2026-06-28'],
    ['u4', '2026-07-02'],
  ];
  await db.insertInto('usage_user_days').values(userDays.map(([user, day]) => ({ workspace_id: workspaceId, account_id: id, user_key: user, day, events: 3, features: 1, last_seen_at: at(day) }))).execute();
  const days = [...new Set(userDays.map(([, day]) => day))];
  await db.insertInto('usage_account_days').values(days.map((day) => ({
    workspace_id: workspaceId, account_id: id, day, active_users: 1, events: 3, features: day === '2026-06-28' ? 3 : day === '2026-07-02' ? 7 : 1,
    // Three catalog features on 06-28; one more name after the day (must not count).
    event_counts: JSON.stringify(Object.fromEntries(EVENTS_ON(day).map((e) => [e, 1]))), last_seen_at: at(day),
  }))).execute();
  await db.insertInto('product_catalog_versions').values({
    workspace_id: workspaceId, version: 1, effective_day: '2025-01-01', created_at: at('2025-01-01'),
    document: JSON.stringify({ features: ['e1', 'e2', 'e3', 'e4'].map((e) => ({ key: e, name: e, group: null, description: null, events: [e] })), ignored: [] }),
  }).execute();
  const ticket = (externalId: string, created: string, solved: string | null, priority: 'urgent' | 'low', csat: 'good' | 'bad' | null) => ({
    workspace_id: workspaceId, account_id: id, matched_by: 'account_id' as const, source: 'import' as const, external_id: `${name}-${externalId}`, subject: 'Help', status: solved ? ('solved' as const) : ('open' as const),
    priority, created_at_source: at(created), updated_at_source: at(solved ?? created), solved_at: solved ? at(solved) : null, csat, first_response_minutes: 60,
  });
  await db.insertInto('tickets').values([
    ticket('open-then', '2026-06-20', '2026-07-05', 'urgent', 'bad'),
    ticket('solved-before', '2026-06-01', '2026-06-02', 'urgent', 'good'),
    ticket('after', '2026-07-03', null, 'urgent', null),
  ]).execute();
  await db.insertInto('survey_responses').values([
    { workspace_id: workspaceId, account_id: id, source: 'test', external_id: `${name}-old`, kind: 'nps', score: 9, responded_at: at('2025-11-01') },
    { workspace_id: workspaceId, account_id: id, source: 'test', external_id: `${name}-later`, kind: 'nps', score: 2, responded_at: at('2026-07-10') },
  ]).execute();
  await db.insertInto('contacts').values({ workspace_id: workspaceId, account_id: id, name: 'Carla Champion', role: 'champion', status: 'left' }).execute();
  await db.insertInto('timeline_entries').values([
    { workspace_id: workspaceId, account_id: id, kind: 'contact_left', team: 'customer_success', title: 'Champion Carla Champion left the company', occurred_at: at('2026-07-15') },
    { workspace_id: workspaceId, account_id: id, kind: 'meeting', team: 'customer_success', title: 'Check-in call', occurred_at: at('2026-06-20') },
    { workspace_id: workspaceId, account_id: id, kind: 'meeting', team: 'customer_success', title: 'QBR', occurred_at: at('2026-07-01') },
  ]).execute();
  await db.insertInto('signals').values([
    { workspace_id: workspaceId, account_id: id, type: 'vendor_review', title: 'Vendor review', occurred_at: at('2026-06-10') },
    { workspace_id: workspaceId, account_id: id, type: 'layoff', title: 'Layoffs', occurred_at: at('2026-07-01') },
  ]).execute();
  return id;
}

describe('measure facts as of a day', () => {
  let handle: TestDatabase;
  let workspaceId: string;
  let accountId: string;

  before(async () => {
    handle = await createTestDatabase();
    workspaceId = (await createWorkspace(handle.db, 'Acme CS')).id;
    accountId = await seedAccount(handle.db, workspaceId, 'Initech');
    const other = (await createWorkspace(handle.db, 'Globex CS')).id;
    await seedAccount(handle.db, other, 'Hooli');
  });
  after(() => handle.close());

  test('read only what had happened by the end of the day, for this workspace only', async () => {
    const facts = await findMeasureFacts(handle.db, { workspaceId, asOf });
    assert.equal(facts.length, 1, 'the other workspace’s account is not read');
    const f = facts[0]!;
    assert.equal(f.account_id, accountId);
    assert.equal(f.workspace_last_usage_day, '2026-06-28');
    assert.equal(f.last_use_day, '2026-06-28');
    // Last 28 days (06-03..06-30): u1, u3. The 28 before (05-06..06-02): u1, u2. u2 was regular and stopped.
    assert.deepEqual([f.active_users, f.prior_active_users, f.core_users_lost], [2, 2, 1]);
    assert.equal(f.feature_breadth, 3);
    assert.deepEqual([f.seats, f.days_to_renewal], [10, 184]);
    // The urgent ticket opened 06-20 was still open on 06-30; the one of 07-03 did not exist yet.
    assert.deepEqual([f.open_urgent_tickets, f.tickets_30d, f.csat_good, f.csat_rated], [1, 2, 1, 2]);
    // The only NPS answer by then is 241 days old: outside the 180-day window.
    assert.equal(f.nps_average, null);
    assert.equal(f.nps_last_at?.toISOString(), '2025-11-01T12:00:00.000Z');
    // The champion left on 07-15, so on 06-30 they were still there.
    assert.equal(f.champion_present, true);
    assert.equal(f.last_csm_touch_at?.toISOString(), '2026-06-20T12:00:00.000Z');
    assert.equal(f.negative_signals, 1);
  });

  test('the same facts turn into values and freshness flags', async () => {
    const [f] = await findMeasureFacts(handle.db, { workspaceId, asOf, accountIds: [accountId] });
    const inputs = readMeasureInputs(f!, asOf);
    assert.deepEqual(inputs.seat_utilisation, { value: 20, flag: null });
    assert.deepEqual(inputs.active_users_trend, { value: 0, flag: null });
    assert.deepEqual(inputs.days_since_last_use, { value: 2, flag: null });
    assert.deepEqual(inputs.nps, { value: null, flag: 'outside_window' });
    assert.deepEqual(inputs.days_since_csm_touch, { value: 10, flag: null });
    assert.deepEqual(inputs.ticket_csat, { value: 50, flag: null });
  });

  test('a week later the champion is gone and usage went quiet; a day with no data flags usage', async () => {
    const [later] = await findMeasureFacts(handle.db, { workspaceId, asOf: '2026-07-20' });
    assert.equal(later!.champion_present, false);
    assert.equal(later!.nps_average, 2);
    // The workspace's last usage day (07-02) is 18 days old: the source stopped sending.
    assert.deepEqual(readMeasureInputs(later!, '2026-07-20').seat_utilisation, { value: null, flag: 'source_quiet' });
    const [before] = await findMeasureFacts(handle.db, { workspaceId, asOf: '2026-01-15' });
    assert.deepEqual(readMeasureInputs(before!, '2026-01-15').active_users, { value: null, flag: 'no_data' });
    assert.deepEqual(readMeasureInputs(before!, '2026-01-15').open_urgent_tickets, { value: null, flag: 'no_data' });
  });

  test('recompute stores the current score and one history point per day, idempotently', async () => {
    const now = at('2026-07-01', '01:00:00');
    await recomputeHealth(handle.db, { workspaceId, asOf: '2026-06-29', now });
    await recomputeHealth(handle.db, { workspaceId, asOf, now });
    await recomputeHealth(handle.db, { workspaceId, asOf, now });
    const month = await handle.db.selectFrom('health_score_months').selectAll().where('workspace_id', '=', workspaceId).execute();
    assert.equal(month.length, 1);
    assert.equal(month[0]!.scores.length, 31);
    assert.equal(month[0]!.scores.filter((s) => s !== null).length, 2);
    assert.match(month[0]!.bands, /^-{28}[gyr]{2}-$/);
    const score = await handle.db.selectFrom('health_scores').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
    assert.equal(score.as_of, asOf);
    assert.equal(score.score, month[0]!.scores[29]);
    // An older day recomputed later (a backfill) does not replace the current score.
    await recomputeHealth(handle.db, { workspaceId, asOf: '2026-06-01', now });
    assert.equal((await handle.db.selectFrom('health_scores').select('as_of').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).as_of, asOf);
  });
});
