import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestClock, DAY_MS } from '../../core/clock.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

// Issue 10 item 3: the routes' use cases take the time from the app's clock, never from
// `new Date()`, so a test that moves the clock sees it in what they write and decide.
describe('writes through the API take their time from the app clock', () => {
  const clock = createTestClock(new Date('2026-01-05T09:00:00Z'));
  let t: ApiTest;
  let team: Team;
  let accountId: string;

  before(async () => {
    t = await startApiTest({ now: clock.now });
    team = await t.team();
    accountId = (await team.admin.post('/api/accounts', { name: 'Initech', ownerId: team.csm.userId })).json().id;
  });
  after(() => t.close());

  test('updating an account, a contact, a note and a signal stamps the clock time', async () => {
    const { csm } = team;
    const contact = (await csm.post(`/api/accounts/${accountId}/contacts`, { name: 'Bob Smith' })).json();
    const note = (await csm.post(`/api/accounts/${accountId}/notes`, { body: 'First call' })).json();
    const signal = (await csm.post('/api/signals', { accountId, type: 'funding', title: 'Series B' })).json();
    const at = clock.advance(3 * DAY_MS);

    const account = await csm.patch(`/api/accounts/${accountId}`, { industry: 'Software' });
    assert.equal(account.statusCode, 200, account.body);
    assert.equal(account.json().updatedAt, at.toISOString());
    const changedContact = await csm.patch(`/api/contacts/${contact.id}`, { title: 'VP Ops' });
    assert.equal(changedContact.statusCode, 200, changedContact.body);
    assert.equal(changedContact.json().updatedAt, at.toISOString());
    const editedNote = await csm.patch(`/api/notes/${note.id}`, { body: 'First call, went well' });
    assert.equal(editedNote.statusCode, 200, editedNote.body);
    assert.equal(editedNote.json().updatedAt, at.toISOString());
    const editedSignal = await csm.patch(`/api/signals/${signal.id}`, { title: 'Series B, $30M' });
    assert.equal(editedSignal.statusCode, 200, editedSignal.body);
    assert.equal(editedSignal.json().updatedAt, at.toISOString());
  });

  test('a write grant is refused as past only by the clock: a date after the clock time is accepted', async () => {
    const { leader, otherCsm } = team;
    const future = new Date(clock.now().getTime() + DAY_MS).toISOString();
    const accepted = await leader.post('/api/account-grants', {
      granteeId: otherCsm.userId,
      accountId,
      expiresAt: future,
    });
    assert.equal(accepted.statusCode, 201, accepted.body);
    clock.advance(2 * DAY_MS);
    const refused = await leader.post('/api/account-grants', {
      granteeId: otherCsm.userId,
      accountId,
      expiresAt: future,
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.json().detail, /expiresAt is in the past/);
  });

  test('a cover grant lets its grantee write until it ends by the clock, not by the wall clock', async () => {
    const { leader, otherCsm } = team;
    const endsAt = new Date(clock.now().getTime() + DAY_MS).toISOString();
    const grant = await leader.post('/api/account-grants', { granteeId: otherCsm.userId, accountId, expiresAt: endsAt });
    assert.equal(grant.statusCode, 201, grant.body);

    const during = await otherCsm.patch(`/api/accounts/${accountId}`, { industry: 'Fintech' });
    assert.equal(during.statusCode, 200, during.body);
    assert.equal((await otherCsm.post(`/api/accounts/${accountId}/notes`, { body: 'Covering for Ana' })).statusCode, 201);
    const contact = await otherCsm.post(`/api/accounts/${accountId}/contacts`, { name: 'Dana Cover' });
    assert.equal(contact.statusCode, 201, contact.body);

    clock.advance(2 * DAY_MS);
    const afterwards = await otherCsm.patch(`/api/accounts/${accountId}`, { industry: 'Retail' });
    assert.equal(afterwards.statusCode, 403, afterwards.body);
    assert.equal((await otherCsm.patch(`/api/contacts/${contact.json().id}`, { title: 'VP Ops' })).statusCode, 403);
  });
});
