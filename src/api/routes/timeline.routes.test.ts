import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

let t: ApiTest;
let team: Team;
let accountId: string;

before(async () => {
  t = await startApiTest();
  team = await t.team();
  accountId = (await team.admin.post('/api/accounts', { name: 'Initech', ownerId: team.csm.userId })).json().id;
  await team.csm.post(`/api/accounts/${accountId}/notes`, { body: 'Kick-off went well' });
  await team.csm.post('/api/signals', {
    accountId,
    type: 'vendor_review',
    title: 'CEO announces a vendor review',
    occurredAt: '2026-11-01T09:00:00Z',
  });
  await team.csm.post(`/api/accounts/${accountId}/notes`, { body: 'Asked about the vendor review' });
});
after(() => t.close());

type Entry = { kind: string; team: string; title: string };
const timeline = async (query = '') =>
  (await team.viewer.get(`/api/accounts/${accountId}/timeline${query}`)).json() as {
    data: Entry[];
    nextCursor: string | null;
  };

test('the whole thread, newest first, across teams', async () => {
  const { data } = await timeline();
  assert.deepEqual(
    data.map((entry) => [entry.team, entry.kind]),
    [
      ['customer_success', 'note'],
      ['customer_success', 'note'],
      ['customer_success', 'account_created'],
      ['external', 'signal'],
    ],
  );
});

test("one team's part of the thread, paged like the whole", async () => {
  const notes = await timeline('?team=customer_success&limit=2');
  assert.deepEqual(
    notes.data.map((entry) => entry.kind),
    ['note', 'note'],
  );
  assert.ok(notes.nextCursor);
  const rest = await timeline(`?team=customer_success&limit=2&cursor=${encodeURIComponent(notes.nextCursor)}`);
  assert.deepEqual(
    rest.data.map((entry) => entry.kind),
    ['account_created'],
  );
  assert.equal(rest.nextCursor, null);

  assert.deepEqual(
    (await timeline('?team=external')).data.map((entry) => entry.title),
    ['Vendor review: CEO announces a vendor review'],
  );
  assert.deepEqual((await timeline('?team=sales')).data, [], 'a team that did nothing here');
});

test('a bad team filter is a 400 problem', async () => {
  const res = await team.viewer.get(`/api/accounts/${accountId}/timeline?team=${'x'.repeat(51)}`);
  assert.equal(res.statusCode, 400);
  assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
});

test('a lost contract, a detractor and an urgent ticket read as negative; system entries are marked (issue 15 item 6)', async () => {
  const { admin } = team;
  const lost = (await admin.post('/api/accounts', { name: 'Lost Co', ownerId: team.csm.userId })).json().id;
  const contract = (
    await admin.post(`/api/accounts/${lost}/subscriptions`, { startDate: '2026-01-01', endDate: '2026-12-31', items: [{ product: 'Platform', seats: 10, unitPrice: 100 }] })
  ).json();
  assert.equal((await admin.patch(`/api/subscriptions/${contract.id}`, { status: 'cancelled' })).statusCode, 200);
  const contact = (await admin.post(`/api/accounts/${lost}/contacts`, { name: 'Jane Doe', role: 'champion' })).json().id;
  assert.equal((await admin.patch(`/api/contacts/${contact}`, { status: 'left' })).statusCode, 200);
  const entries = (await team.viewer.get(`/api/accounts/${lost}/timeline`)).json().data as Array<Entry & { tone: string; isSystem: boolean }>;
  const toneOf = (kind: string) => entries.filter((e) => e.kind === kind).map((e) => e.tone);
  assert.deepEqual(toneOf('contract_signed'), ['positive']);
  assert.deepEqual(toneOf('contract_cancelled'), ['negative'], 'a churned contract is never good news');
  assert.deepEqual(toneOf('champion_left'), ['negative']);
  assert.deepEqual(toneOf('contact_added'), ['neutral']);
  // Written by a person through the API, so none of them is a system entry.
  assert.ok(entries.every((e) => !e.isSystem));
});
