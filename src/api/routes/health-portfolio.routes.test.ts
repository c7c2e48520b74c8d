import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backfillHealthHistory, DEFAULT_HEALTH_CONFIG } from '../../health/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/**
 * The portfolio view and the scorecard preview on a small world whose scores are worked out
 * by hand. With the default Standard card and no usage or tickets, a new account counts
 * champion (20), sponsor (5), CSM touch (10), contraction (5), price rise (10) and outside
 * warning signs (10): 60 of weight.
 *   Atlas (enterprise, csm): no champion → (0·20 + 30·5 + 100·10 + 100·5 + 100·10 + S·10) / 60;
 *     S = 100 a week ago → 3650/60 = 60.8 → 61; two warning signs this week, S = 0 → 2650/60 = 44.2 → 44.
 *   Birch (smb, other CSM): one warning sign 95 days ago, inside the 90-day window a week ago
 *     (S = 20: 2850/60 = 47.5 → 48) and outside it today (61): +13.
 *   Cedar (enterprise, csm): champion and economic buyer → 6000/60 = 100, green both days.
 */
describe('health portfolio and scorecard preview API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const now = new Date('2026-12-05T09:00:00Z');

  before(async () => {
    t = await startApiTest({ now: () => now });
    let workspace;
    ({ workspace, admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
    workspaceId = workspace.id;
    const account = async (name: string, segment: string, ownerId: string, arr: number) => {
      const id = (await admin.post('/api/accounts', { name, segment, ownerId })).json().id as string;
      await t.handle.db.updateTable('accounts').set({ arr }).where('id', '=', id).execute();
      ids[name] = id;
      return id;
    };
    await account('Atlas', 'enterprise', csm.userId, 120_000);
    await account('Birch', 'smb', otherCsm.userId, 30_000);
    await account('Cedar', 'enterprise', csm.userId, 80_000);
    await account('Elm', 'mid-market', leader.userId, 50_000);
    for (const [type, title] of [['vendor_review', 'Vendor review announced'], ['layoff', 'Atlas lays off 10%']] as const) {
      assert.equal((await csm.post('/api/signals', { accountId: ids.Atlas, type, title, occurredAt: '2026-12-03T10:00:00Z' })).statusCode, 201);
    }
    assert.equal((await otherCsm.post('/api/signals', { accountId: ids.Birch, type: 'leadership_change', title: 'New CEO', occurredAt: '2026-09-01T10:00:00Z' })).statusCode, 201);
    for (const role of ['champion', 'economic_buyer']) {
      assert.equal((await csm.post(`/api/accounts/${ids.Cedar}/contacts`, { name: `Cedar ${role}`, role })).statusCode, 201);
    }
    // Elm pays 6,000 more since October while its users fell from 5 to 2 (−60%).
    const db = t.handle.db;
    const userDay = (day: string, user: string) => ({ workspace_id: workspaceId, account_id: ids.Elm!, day, user_key: user, events: 3, features: 1, last_seen_at: new Date(`${day}T12:00:00Z`) });
    await db.insertInto('usage_user_days').values([...['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => userDay('2026-10-26', u)), userDay('2026-12-03', 'u1'), userDay('2026-12-03', 'u2')]).execute();
    await db.insertInto('usage_account_days').values([
      { workspace_id: workspaceId, account_id: ids.Elm!, day: '2026-10-26', active_users: 5, events: 15, features: 1, event_counts: '{}', last_seen_at: new Date('2026-10-26T12:00:00Z') },
      { workspace_id: workspaceId, account_id: ids.Elm!, day: '2026-12-03', active_users: 2, events: 6, features: 1, event_counts: '{}', last_seen_at: new Date('2026-12-03T12:00:00Z') },
    ]).execute();
    await db.insertInto('arr_movements').values({ workspace_id: workspaceId, account_id: ids.Elm!, kind: 'expansion', amount: 6000, arr_before: 44_000, arr_after: 50_000, occurred_on: '2026-10-15' }).execute();
    await backfillHealthHistory(db, { workspaceId, from: '2026-11-28', to: '2026-12-05', stepDays: 7, now });
  });
  after(() => t.close());

  test('one CSM’s book: bands with ARR, ARR at risk, the biggest fall with the measure that moved it', async () => {
    const response = await viewer.get(`/api/health/portfolio?ownerId=${csm.userId}`);
    assert.equal(response.statusCode, 200, response.body);
    const view = response.json();
    assert.equal(view.accounts, 2);
    assert.deepEqual(view.bands, [
      { band: 'green', accounts: 1, arr: 80_000 },
      { band: 'yellow', accounts: 0, arr: 0 },
      { band: 'red', accounts: 1, arr: 120_000 },
      { band: 'unscored', accounts: 0, arr: 0 },
    ]);
    assert.deepEqual(view.arrAtRisk, { arr: 120_000, accounts: 1 });
    assert.deepEqual(view.moversUp, []);
    assert.equal(view.moversDown.length, 1);
    const [atlas] = view.moversDown;
    assert.deepEqual(
      { name: atlas.name, since: atlas.since, scoreBefore: atlas.scoreBefore, scoreAfter: atlas.scoreAfter, delta: atlas.delta, bandBefore: atlas.bandBefore, bandAfter: atlas.bandAfter },
      { name: 'Atlas', since: '2026-11-28', scoreBefore: 61, scoreAfter: 44, delta: -17, bandBefore: 'red', bandAfter: 'red' },
    );
    // Contribution 100·10/60 = 16.7 points a week ago, 0 now.
    assert.equal(atlas.movedBy, 'Outside warning signs rose from 0 signals to 2 signals (−16.7 points)');
  });

  test('by segment; movers up; signals that disagree; the whole workspace', async () => {
    const smb = (await viewer.get('/api/health/portfolio?segment=smb')).json();
    assert.equal(smb.accounts, 1);
    assert.deepEqual(smb.moversDown, []);
    assert.deepEqual(smb.moversUp.map((m: { name: string; scoreBefore: number; scoreAfter: number }) => [m.name, m.scoreBefore, m.scoreAfter]), [['Birch', 48, 61]]);
    // 20·10/60 = 3.3 → 100·10/60 = 16.7.
    assert.equal(smb.moversUp[0].movedBy, 'Outside warning signs fell from 1 signal to 0 signals (+13.4 points)');

    const all = (await csm.get('/api/health/portfolio')).json();
    assert.equal(all.accounts, 4);
    assert.equal(all.currency, 'USD');
    assert.deepEqual(all.disagreements.total, 1);
    assert.deepEqual(all.disagreements.accounts.map((a: { name: string; disagreements: unknown }) => [a.name, a.disagreements]), [
      ['Elm', [{ kind: 'rising_spend_falling_adoption', text: 'Spend rose by 6,000 ARR in 180 days but active users fell 60%' }]],
    ]);
    const elm = (await viewer.get(`/api/accounts/${ids.Elm}/health`)).json();
    assert.deepEqual(elm.disagreements, all.disagreements.accounts[0].disagreements, 'shown on the score too');
    assert.deepEqual((await viewer.get(`/api/accounts/${ids.Atlas}/health`)).json().disagreements, []);
  });

  test('another workspace sees none of it; bad filters are problems', async () => {
    const theirs = (await outsider.get('/api/health/portfolio')).json();
    assert.equal(theirs.accounts, 0);
    assert.deepEqual(theirs.moversDown, []);
    assert.equal(theirs.disagreements.total, 0);
    const bad = await viewer.get('/api/health/portfolio?ownerId=not-a-uuid');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('preview: lower band lines and a weight change move accounts between bands, and nothing is saved', async () => {
    // Today: Atlas 44, Birch 61 (red at yellow = 70), Cedar 100 (green), Elm scored from its usage.
    const lenient = { ...DEFAULT_HEALTH_CONFIG, bands: { green: 95, yellow: 50 } };
    const response = await leader.post('/api/health/scorecards/preview', lenient);
    assert.equal(response.statusCode, 200, response.body);
    const preview = response.json();
    assert.equal(preview.asOf, '2026-12-05');
    assert.equal(preview.accounts, 4);
    const birch = preview.changed.find((c: { name: string }) => c.name === 'Birch');
    assert.deepEqual(
      { scoreBefore: birch.scoreBefore, bandBefore: birch.bandBefore, scoreAfter: birch.scoreAfter, bandAfter: birch.bandAfter },
      { scoreBefore: 61, bandBefore: 'red', scoreAfter: 61, bandAfter: 'yellow' },
    );
    const users = (await admin.get('/api/users')).json().data as Array<{ id: string; name: string }>;
    assert.equal(birch.ownerName, users.find((u) => u.id === otherCsm.userId)!.name);
    assert.ok(!preview.changed.some((c: { name: string }) => c.name === 'Atlas' || c.name === 'Cedar'), '44 stays red, 100 stays green');
    assert.equal(preview.changedTotal, preview.changed.length);
    const moved = preview.transitions.reduce((sum: number, m: { accounts: number }) => sum + m.accounts, 0);
    assert.equal(moved, preview.changedTotal);
    const counts = Object.fromEntries(preview.bands.map((b: { band: string; before: number; after: number }) => [b.band, [b.before, b.after]]));
    assert.equal(counts.green[0], 1);
    assert.equal(counts.green[1], 1);

    // A weight change: the champion counts 0 → Atlas: (150 + 1000 + 500 + 1000 + 0) / 40 = 66.25 → 66, still red.
    const noChampion = structuredClone(DEFAULT_HEALTH_CONFIG);
    noChampion.scorecards[0]!.measures.find((m) => m.key === 'champion_present')!.weight = 0;
    const second = (await admin.post('/api/health/scorecards/preview', noChampion)).json();
    const birchAgain = second.changed.find((c: { name: string }) => c.name === 'Birch');
    // Birch without the champion: (150 + 1000 + 500 + 1000 + 1000) / 40 = 91.25 → 91, green.
    assert.deepEqual([birchAgain.scoreAfter, birchAgain.bandAfter], [91, 'green']);
    assert.equal((await viewer.get('/api/health/scorecards')).json().version, 0, 'nothing saved');
  });

  test('preview: scores kept from an earlier day are not trusted; the facts are read and give the same shift', async () => {
    const lenient = { ...DEFAULT_HEALTH_CONFIG, bands: { green: 95, yellow: 50 } };
    const fromStored = (await leader.post('/api/health/scorecards/preview', lenient)).json();
    // As if the nightly pass had not run yet: every stored score is yesterday's.
    await t.handle.db.updateTable('health_scores').set({ as_of: '2026-12-04' }).where('workspace_id', '=', workspaceId).execute();
    try {
      const fromFacts = (await leader.post('/api/health/scorecards/preview', lenient)).json();
      assert.deepEqual(fromFacts, fromStored);
      assert.equal(fromFacts.accounts, 4);
    } finally {
      await t.handle.db.updateTable('health_scores').set({ as_of: '2026-12-05' }).where('workspace_id', '=', workspaceId).execute();
    }
  });

  test('preview: only leaders and admins; a bad draft is a problem naming the path', async () => {
    assert.equal((await csm.post('/api/health/scorecards/preview', DEFAULT_HEALTH_CONFIG)).statusCode, 403);
    assert.equal((await viewer.post('/api/health/scorecards/preview', DEFAULT_HEALTH_CONFIG)).statusCode, 403);
    const bad = await leader.post('/api/health/scorecards/preview', { ...DEFAULT_HEALTH_CONFIG, bands: { green: 50, yellow: 60 } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /green must be above yellow/);
    const theirs = (await outsider.post('/api/health/scorecards/preview', { ...DEFAULT_HEALTH_CONFIG, bands: { green: 95, yellow: 50 } })).json();
    assert.equal(theirs.accounts, 0, 'another workspace previews over its own accounts only');
  });
});
