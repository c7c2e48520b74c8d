import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { DEFAULT_HEALTH_CONFIG, healthInputsConsumer, healthRecomputeJob, markHealthStale } from '../../health/index.js';
import { createJobRunner } from '../../jobs/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

const DAY_MS = 86_400_000;

describe('health API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceId: string;
  let accountId: string;
  let current = new Date('2026-12-05T09:00:00Z');

  before(async () => {
    t = await startApiTest({ now: () => current });
    let workspace;
    ({ workspace, admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
    workspaceId = workspace.id;
    accountId = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId })).json().id;
  });
  after(() => t.close());

  test('an account not scored yet is scored on read: no usage source and no tickets are flagged, not scored as zero', async () => {
    const response = await viewer.get(`/api/accounts/${accountId}/health`);
    assert.equal(response.statusCode, 200, response.body);
    const health = response.json();
    assert.equal(health.scorecard.key, 'standard');
    assert.equal(health.isOverridden, false);
    const byKey = Object.fromEntries(health.measures.map((m: { key: string }) => [m.key, m]));
    assert.equal(byKey.seat_utilisation.flag, 'no_data');
    assert.equal(byKey.seat_utilisation.points, null);
    assert.equal(byKey.seat_utilisation.contribution, 0);
    assert.equal(byKey.open_urgent_tickets.flag, 'no_data');
    // A new account with no champion and no touch yet: champion 0 points, touch 0 days → 100.
    assert.equal(byKey.champion_present.value, 0);
    assert.equal(byKey.champion_present.points, 0);
    assert.ok(health.reasons.some((reason: string) => reason.startsWith('No champion')), health.reasons.join('; '));
    assert.ok(health.reasons.includes('Seat utilisation: no data yet'));
  });

  test('the recompute job stores the score of accounts marked stale; the list sorts and filters by it', async () => {
    await markHealthStale(t.handle.db, workspaceId, [accountId], { now: () => current });
    await createJobRunner({ db: t.handle.db, handlers: [healthRecomputeJob], clock: { now: () => current } }).runDue();
    const health = (await csm.get(`/api/accounts/${accountId}/health`)).json();
    assert.equal(health.asOf, '2026-12-05');
    assert.ok(health.computedAt);
    assert.deepEqual(health.history.map((p: { day: string }) => p.day), ['2026-12-05']);
    const other = (await admin.post('/api/accounts', { name: 'Unscored Ltd' })).json().id;
    const sorted = (await viewer.get('/api/accounts?sort=health&order=desc')).json().data;
    assert.deepEqual(sorted.map((a: { id: string }) => a.id), [accountId, other]);
    assert.equal(sorted[0].healthScore, health.computedScore);
    assert.equal(sorted[1].healthScore, null);
    const filtered = (await viewer.get(`/api/accounts?healthBand=${health.computedBand}`)).json();
    assert.deepEqual(filtered.data.map((a: { id: string }) => a.id), [accountId]);
    assert.equal(filtered.total, 1);
  });

  test('a change to an account’s inputs makes its stored score fresh: domain event → stale mark → one recompute job', async () => {
    const clock = { now: () => current };
    const storedScore = (id: string) =>
      t.handle.db.selectFrom('health_scores').select(['computed_at']).where('account_id', '=', id).executeTakeFirst();
    const hooli = (await admin.post('/api/accounts', { name: 'Hooli', ownerId: csm.userId })).json().id;
    assert.equal(await storedScore(hooli), undefined, 'nothing is scored inside the request');

    await drainDomainEvents(t.handle.db, [healthInputsConsumer], clock);
    await createJobRunner({ db: t.handle.db, handlers: [healthRecomputeJob], clock }).runDue();
    const first = await storedScore(hooli);
    assert.ok(first, 'account.created marked it stale and the job scored it');

    current = new Date(current.getTime() + 60_000);
    assert.equal((await csm.post(`/api/accounts/${hooli}/notes`, { body: 'Kickoff held with their ops lead' })).statusCode, 201);
    await drainDomainEvents(t.handle.db, [healthInputsConsumer], clock);
    await createJobRunner({ db: t.handle.db, handlers: [healthRecomputeJob], clock }).runDue();
    assert.equal((await storedScore(hooli))!.computed_at.getTime(), current.getTime(), 'note.added rescored it');
  });

  test('the account’s CSM overrides with a reason and an expiry: shown as an override, audited, on the timeline', async () => {
    const response = await csm.post(`/api/accounts/${accountId}/health/override`, {
      band: 'green',
      score: 80,
      reason: 'New sponsor engaged; renewal call booked',
      expiresAt: '2026-12-20T00:00:00Z',
    });
    assert.equal(response.statusCode, 201, response.body);
    const health = (await viewer.get(`/api/accounts/${accountId}/health`)).json();
    assert.equal(health.isOverridden, true);
    assert.equal(health.band, 'green');
    assert.equal(health.score, 80);
    assert.notEqual(health.computedScore, null);
    assert.equal(health.override.reason, 'New sponsor engaged; renewal call booked');
    const timeline = (await viewer.get(`/api/accounts/${accountId}/timeline`)).json().data;
    assert.ok(timeline.some((entry: { kind: string; title: string }) => entry.kind === 'health_override' && entry.title === 'Health overridden to green (80) until 2026-12-20'));
    const audit = (await admin.get('/api/audit-log?entityType=health_override')).json();
    assert.ok(JSON.stringify(audit).includes('health_override'));
  });

  test('an override lapses at its expiry: the computed score shows again', async () => {
    current = new Date(Date.parse('2026-12-20T00:00:01Z'));
    const health = (await viewer.get(`/api/accounts/${accountId}/health`)).json();
    assert.equal(health.isOverridden, false);
    assert.equal(health.override, null);
    assert.equal(health.score, health.computedScore);
    const removed = await csm.delete(`/api/accounts/${accountId}/health/override`);
    assert.equal(removed.statusCode, 404, 'nothing in force to remove');
  });

  test('a leader removes an override in force', async () => {
    const expiresAt = new Date(current.getTime() + 3 * DAY_MS).toISOString();
    assert.equal((await leader.post(`/api/accounts/${accountId}/health/override`, { band: 'red', reason: 'Champion resigned today', expiresAt })).statusCode, 201);
    assert.equal((await leader.delete(`/api/accounts/${accountId}/health/override`)).statusCode, 204);
    assert.equal((await viewer.get(`/api/accounts/${accountId}/health`)).json().isOverridden, false);
  });

  test('bad overrides are refused as problems and change nothing', async () => {
    const url = `/api/accounts/${accountId}/health/override`;
    const cases: Array<[string, unknown]> = [
      ['expiry in the past', { band: 'red', reason: 'Too late', expiresAt: '2026-01-01T00:00:00Z' }],
      ['expiry beyond a year', { band: 'red', reason: 'Too long', expiresAt: '2028-01-01T00:00:00Z' }],
      ['unknown band', { band: 'purple', reason: 'Colourful', expiresAt: '2026-12-30T00:00:00Z' }],
      ['no reason', { band: 'red', expiresAt: '2026-12-30T00:00:00Z' }],
      ['score above 100', { band: 'red', score: 101, reason: 'Very good', expiresAt: '2026-12-30T00:00:00Z' }],
      ['unknown field', { band: 'red', reason: 'Fine', expiresAt: '2026-12-30T00:00:00Z', silently: true }],
    ];
    for (const [name, body] of cases) {
      const response = await csm.post(url, body);
      assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.equal((await viewer.get(`/api/accounts/${accountId}/health`)).json().isOverridden, false);
  });

  test('another CSM, a viewer and another workspace cannot override; another workspace cannot read', async () => {
    const body = { band: 'green', reason: 'Looks fine to me', expiresAt: '2026-12-30T00:00:00Z' };
    assert.equal((await otherCsm.post(`/api/accounts/${accountId}/health/override`, body)).statusCode, 403);
    assert.equal((await viewer.post(`/api/accounts/${accountId}/health/override`, body)).statusCode, 403);
    assert.equal((await outsider.post(`/api/accounts/${accountId}/health/override`, body)).statusCode, 404);
    assert.equal((await outsider.get(`/api/accounts/${accountId}/health`)).statusCode, 404);
  });

  test('scorecards: everyone reads them; leaders save a valid new version; invalid documents are refused', async () => {
    const initial = (await viewer.get('/api/health/scorecards')).json();
    assert.equal(initial.version, 0);
    assert.deepEqual(initial.config.bands, DEFAULT_HEALTH_CONFIG.bands);
    const twoDefaults = { ...DEFAULT_HEALTH_CONFIG, scorecards: DEFAULT_HEALTH_CONFIG.scorecards.map((card) => ({ ...card, segments: [] })) };
    const refused = await leader.put('/api/health/scorecards', twoDefaults);
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.body, /exactly one scorecard must be the default/);
    const badCurve = structuredClone(DEFAULT_HEALTH_CONFIG) as { scorecards: Array<{ measures: Array<{ mapping: unknown }> }> };
    badCurve.scorecards[0]!.measures[0]!.mapping = { type: 'curve', points: [[50, 0], [10, 100]] };
    assert.equal((await leader.put('/api/health/scorecards', badCurve)).statusCode, 400);
    assert.equal((await csm.put('/api/health/scorecards', DEFAULT_HEALTH_CONFIG)).statusCode, 403);
    const stricter = { ...DEFAULT_HEALTH_CONFIG, bands: { green: 90, yellow: 75 } };
    const saved = await leader.put('/api/health/scorecards', stricter);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, 1);
    assert.deepEqual((await viewer.get('/api/health/scorecards')).json().config.bands, { green: 90, yellow: 75 });
    assert.equal((await outsider.get('/api/health/scorecards')).json().version, 0, 'another workspace keeps its own');
  });
});
