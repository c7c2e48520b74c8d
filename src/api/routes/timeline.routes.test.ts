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
