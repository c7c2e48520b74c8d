import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../auth/index.js';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { experienceMomentsConsumer } from '../../experience/index.js';
import { recordSurveyResponses, upsertTickets } from '../../support/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

// Three days ahead of the real clock, which dates what the tests record without a date.
const now = new Date(Date.now() + 3 * 86_400_000);
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
// The app's clock, which dates stage changes: moved back so moments of the last three days fall after them.
let appNow = hoursAgo(96);

describe('experience API: moments of truth and the running score', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let accountId: string;
  let janeId: string;
  let strangerId: string;
  const moments = async (caller: Caller = viewer) => (await caller.get(`/api/accounts/${accountId}/moments`)).json().data as Array<Record<string, unknown>>;
  const drain = () => drainDomainEvents(t.handle.db, [experienceMomentsConsumer]);

  before(async () => {
    t = await startApiTest({ now: () => appNow });
    ({ admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
    const account = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId, lifecycleStage: 'Adoption' })).json();
    accountId = account.id;
    janeId = (await admin.post(`/api/accounts/${accountId}/contacts`, { name: 'Jane Doe', email: 'jane@initech.example', role: 'champion' })).json().id;
    const other = (await admin.post('/api/accounts', { name: 'Globex', ownerId: csm.userId })).json().id;
    strangerId = (await admin.post(`/api/accounts/${other}/contacts`, { name: 'Hank Scorpio' })).json().id;
    appNow = now;
  });
  after(() => t.close());

  test('tickets, surveys, meetings and outages become moments once each, in the stage of their date, saying why', async () => {
    const ws = (await t.handle.db.selectFrom('accounts').select('workspace_id').where('id', '=', accountId).executeTakeFirstOrThrow()).workspace_id;
    // The account moved on to Performance three days ago (its stage history); the ticket below happened before.
    appNow = hoursAgo(72);
    assert.equal((await admin.patch(`/api/accounts/${accountId}`, { lifecycleStage: 'Performance' })).statusCode, 200);
    appNow = now;
    await upsertTickets(t.handle.db, systemActor(ws), [
      { source: 'generic', externalId: 'T-1', subject: 'Sync broken', status: 'solved', priority: 'urgent', createdAt: new Date('2026-10-01T09:00:00Z'), solvedAt: new Date('2026-10-05T09:00:00Z'), requesterEmail: 'jane@initech.example', match: { accountId } },
    ]);
    await recordSurveyResponses(t.handle.db, systemActor(ws), [{ source: 'survey-tool', accountId, contactId: janeId, kind: 'nps', score: 10, comment: null, respondedAt: hoursAgo(48) }]);
    assert.equal((await csm.post(`/api/accounts/${accountId}/interactions`, { kind: 'meeting', occurredAt: hoursAgo(24).toISOString(), subject: 'QBR', sentiment: 'positive', contactIds: [janeId] })).statusCode, 201);
    assert.equal((await csm.post('/api/signals', { accountId, type: 'other', title: 'Four-hour outage of the EU cluster' })).statusCode, 201);
    assert.equal((await csm.post('/api/signals', { accountId, type: 'funding', title: 'Raises a Series C' })).statusCode, 201);
    await drain();
    await drain();
    const list = await moments();
    assert.deepEqual(
      list.map((m) => `${m.kind}|${m.outcome}|${m.intensity}|${m.stage}`).sort(),
      ['meeting|positive|2|Performance', 'outage|negative|3|Performance', 'survey|positive|2|Performance', 'ticket_opened|negative|2|Adoption', 'ticket_solved|negative|1|Adoption'],
    );
    const solved = list.find((m) => m.kind === 'ticket_solved')!;
    assert.equal(solved.reason, 'Took 96 h to resolve (over 72 h for urgent/high tickets)');
    assert.deepEqual(solved.contactIds, [janeId]);
    assert.equal(solved.derived, true);
    // The same ticket sent again (a webhook retry) and delivered again records nothing new.
    await upsertTickets(t.handle.db, systemActor(ws), [
      { source: 'generic', externalId: 'T-1', subject: 'Sync broken', status: 'solved', priority: 'urgent', createdAt: new Date('2026-10-01T09:00:00Z'), updatedAt: new Date('2026-10-06T09:00:00Z'), solvedAt: new Date('2026-10-05T09:00:00Z'), tags: ['x'], match: { accountId } },
    ]);
    await drain();
    assert.equal((await moments()).length, 5);
  });

  test('a moment recorded by hand, then the account and stakeholder scores with history and top moments', async () => {
    const created = await csm.post(`/api/accounts/${accountId}/moments`, {
      kind: 'invoice', title: 'Invoice with wrong VAT', outcome: 'negative', intensity: 2, team: 'finance', channel: 'email', occurredAt: hoursAgo(2).toISOString(), contactIds: [janeId],
    });
    assert.equal(created.statusCode, 201, created.body);
    const moment = created.json();
    assert.equal(moment.stage, 'Performance');
    assert.equal(moment.derived, false);
    assert.match(moment.reason, /^Recorded as negative by /);
    const listed = await moments();
    assert.ok(listed.some((m) => m.id === moment.id));
    const times = listed.map((m) => Date.parse(m.occurredAt as string));
    assert.deepEqual(times, [...times].sort((x, y) => y - x), 'newest first');

    const experience = (await viewer.get(`/api/accounts/${accountId}/experience?days=60`)).json();
    assert.equal(experience.moments, 6);
    assert.equal(experience.history.length, 60);
    assert.equal(experience.history.at(-1).day, now.toISOString().slice(0, 10));
    assert.equal(experience.history.at(-1).score, experience.score);
    assert.ok(experience.score < 50, `bad moments outweigh the good ones: ${experience.score}`);
    const top = experience.topMoments as Array<{ moment: { kind: string }; knockOn: boolean; effect: number }>;
    assert.deepEqual(top.slice(0, 2).map((m) => m.moment.kind).sort(), ['invoice', 'outage']);
    // The outage (dated at the request, the signals API's clock) came two hours after the bad invoice:
    // knock-on, −3 × 3 × 1.5 = −13.5; the invoice itself −2 × 3 = −6.
    const outage = top.find((m) => m.moment.kind === 'outage')!;
    const invoice = top.find((m) => m.moment.kind === 'invoice')!;
    assert.equal(outage.knockOn, true);
    assert.equal(outage.effect, -13.5, 'dated at the score’s own time: no decay yet');
    assert.ok(invoice.effect < -5.99 && invoice.effect > -6, String(invoice.effect));

    const jane = (await viewer.get(`/api/contacts/${janeId}/experience`)).json();
    assert.equal(jane.moments, 5, 'ticket (2), NPS, meeting and invoice concern Jane; the outage does not name her');
  });

  test('bad input is refused with problem+json and changes nothing', async () => {
    const before = (await moments()).length;
    const cases: Array<[unknown, RegExp]> = [
      [{ kind: 'invoice', title: 'x', outcome: 'negative', intensity: 5 }, /intensity/],
      [{ kind: 'invoice', title: 'x', outcome: 'awful' }, /outcome/],
      [{ kind: 'teleport', title: 'x', outcome: 'negative' }, /kind/],
      [{ kind: 'invoice', title: 'x', outcome: 'negative', occurredAt: new Date(now.getTime() + 86_400_000).toISOString() }, /in the future/],
      [{ kind: 'invoice', title: 'x', outcome: 'negative', contactIds: [strangerId] }, /not a contact of this account/],
    ];
    for (const [body, detail] of cases) {
      const response = await csm.post(`/api/accounts/${accountId}/moments`, body);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(response.json().detail, detail);
    }
    assert.equal((await viewer.get(`/api/accounts/${accountId}/experience?days=3`)).statusCode, 400);
    assert.equal((await moments()).length, before);
  });

  test('roles and workspaces: viewers and other CSMs cannot record, outsiders see nothing', async () => {
    const body = { kind: 'plan_review', title: 'Plan review', outcome: 'positive' };
    assert.equal((await viewer.post(`/api/accounts/${accountId}/moments`, body)).statusCode, 403);
    assert.equal((await otherCsm.post(`/api/accounts/${accountId}/moments`, body)).statusCode, 403);
    assert.equal((await outsider.post(`/api/accounts/${accountId}/moments`, body)).statusCode, 404);
    assert.equal((await outsider.get(`/api/accounts/${accountId}/moments`)).statusCode, 404);
    assert.equal((await outsider.get(`/api/accounts/${accountId}/experience`)).statusCode, 404);
    assert.equal((await outsider.get(`/api/contacts/${janeId}/experience`)).statusCode, 404);
    const theirs = (await outsider.get('/api/experience/root-causes?minAccounts=1')).json();
    assert.equal(theirs.accounts, 0);
    assert.deepEqual(theirs.dimensions.stage, []);
  });

  test('settings: leaders change the model, CSMs may not, bad values are refused; the score follows', async () => {
    const defaults = (await csm.get('/api/experience/settings')).json();
    assert.deepEqual(defaults.params, { negativeWeight: 3, halfLifeDays: 90, knockOnMultiplier: 1.5, knockOnWindowDays: 30, scale: 4 });
    assert.equal(defaults.updatedAt, null);
    const before = (await viewer.get(`/api/accounts/${accountId}/experience?days=7`)).json().score;
    const symmetric = { negativeWeight: 1, halfLifeDays: 90, knockOnMultiplier: 1, knockOnWindowDays: 0, scale: 4 };
    assert.equal((await csm.put('/api/experience/settings', symmetric)).statusCode, 403);
    const refused = await leader.put('/api/experience/settings', { ...symmetric, halfLifeDays: 0 });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().detail, /halfLifeDays/);
    const saved = await leader.put('/api/experience/settings', symmetric);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual((await outsider.get('/api/experience/settings')).json().params, defaults.params, 'another workspace keeps its own');
    const after = (await viewer.get(`/api/accounts/${accountId}/experience?days=7`)).json().score;
    assert.ok(after > before, `with bad moments weighing no more than good ones the score rises: ${before} → ${after}`);
    const audit = (await admin.get('/api/audit-log?entityType=experience_settings')).json().data;
    assert.equal(audit.length, 1);
  });
});
