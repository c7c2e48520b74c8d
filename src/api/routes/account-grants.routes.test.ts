import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

describe('account write grants API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;

  before(async () => {
    t = await startApiTest();
    ({ admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
  });
  after(() => t.close());

  const createAccountOwnedBy = async (owner: Caller, name: string) => {
    const res = await admin.post('/api/accounts', { name, ownerId: owner.userId });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string };
  };

  test('a grant on one account lets a csm write it, and removing the grant takes that back', async () => {
    const account = await createAccountOwnedBy(otherCsm, 'Covered Co');
    assert.equal((await csm.patch(`/api/accounts/${account.id}`, { segment: 'smb' })).statusCode, 403);
    assert.equal((await csm.get(`/api/accounts/${account.id}`)).json().viewerCanWrite, false);

    const granted = await leader.post('/api/account-grants', { granteeId: csm.userId, accountId: account.id, reason: 'Joint QBR' });
    assert.equal(granted.statusCode, 201, granted.body);
    assert.equal(granted.json().accountName, 'Covered Co');
    assert.equal((await csm.get(`/api/accounts/${account.id}`)).json().viewerCanWrite, true);
    assert.equal((await csm.patch(`/api/accounts/${account.id}`, { segment: 'smb' })).statusCode, 200);
    assert.equal((await csm.post(`/api/accounts/${account.id}/notes`, { body: 'Covering the QBR' })).statusCode, 201);

    assert.equal((await leader.delete(`/api/account-grants/${granted.json().id}`)).statusCode, 204);
    assert.equal((await csm.patch(`/api/accounts/${account.id}`, { segment: 'mid-market' })).statusCode, 403);
    assert.equal((await csm.get(`/api/accounts/${account.id}`)).json().segment, 'smb', 'the refused change left nothing behind');
  });

  test('a grant lets a csm write the account but not take it over; leaders still reassign it', async () => {
    const account = await createAccountOwnedBy(otherCsm, 'Covered Not Owned');
    const granted = await leader.post('/api/account-grants', { granteeId: csm.userId, accountId: account.id, reason: 'Holiday cover' });
    assert.equal(granted.statusCode, 201, granted.body);

    const takeover = await csm.patch(`/api/accounts/${account.id}`, { ownerId: csm.userId });
    assert.equal(takeover.statusCode, 403, takeover.body);
    assert.match(takeover.json().detail, /leaders and admins/);
    const unassign = await csm.patch(`/api/accounts/${account.id}`, { ownerId: null, region: 'EMEA' });
    assert.equal(unassign.statusCode, 403, 'nor drop the owner');
    const kept = (await csm.get(`/api/accounts/${account.id}`)).json();
    assert.equal(kept.ownerId, otherCsm.userId);
    assert.equal(kept.region, null, 'the refused change left nothing behind');

    assert.equal((await leader.delete(`/api/account-grants/${granted.json().id}`)).statusCode, 204);
    assert.equal((await csm.patch(`/api/accounts/${account.id}`, { region: 'EMEA' })).statusCode, 403, 'the grant ended and so did the access');

    const reassigned = await leader.patch(`/api/accounts/${account.id}`, { ownerId: csm.userId });
    assert.equal(reassigned.statusCode, 200, reassigned.body);
    assert.equal(reassigned.json().ownerId, csm.userId);
    const handOff = await csm.patch(`/api/accounts/${account.id}`, { ownerId: otherCsm.userId });
    assert.equal(handOff.statusCode, 200, 'handing one’s own account to a colleague stays a csm’s call');
  });

  test('a book grant covers every account of the colleague, until it expires', async () => {
    const first = await createAccountOwnedBy(otherCsm, 'Book One');
    const second = await createAccountOwnedBy(otherCsm, 'Book Two');
    const leave = await admin.post('/api/account-grants', {
      granteeId: csm.userId,
      bookOwnerId: otherCsm.userId,
      reason: 'Parental leave',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(leave.statusCode, 201, leave.body);
    assert.equal((await csm.patch(`/api/accounts/${first.id}`, { region: 'EMEA' })).statusCode, 200);
    assert.equal((await csm.patch(`/api/accounts/${second.id}`, { region: 'EMEA' })).statusCode, 200);
    assert.equal((await otherCsm.patch(`/api/accounts/${second.id}`, { region: 'APAC' })).statusCode, 200, 'the owner keeps writing');

    const mine = (await csm.get(`/api/account-grants?granteeId=${csm.userId}`)).json().data;
    assert.ok(mine.some((grant: { bookOwnerName: string; reason: string }) => grant.reason === 'Parental leave' && grant.bookOwnerName));

    // An expired grant is kept for the record but no longer counts.
    await t.handle.db.updateTable('account_write_grants').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', leave.json().id).execute();
    assert.equal((await csm.patch(`/api/accounts/${first.id}`, { region: 'LATAM' })).statusCode, 403);
  });

  test('only leaders and admins give or remove grants; viewers stay read-only even with one', async () => {
    const account = await createAccountOwnedBy(otherCsm, 'Guarded Co');
    assert.equal((await csm.post('/api/account-grants', { granteeId: csm.userId, accountId: account.id })).statusCode, 403);
    assert.equal((await viewer.post('/api/account-grants', { granteeId: viewer.userId, accountId: account.id })).statusCode, 403);

    const forViewer = await leader.post('/api/account-grants', { granteeId: viewer.userId, accountId: account.id });
    assert.equal(forViewer.statusCode, 201);
    assert.equal((await viewer.patch(`/api/accounts/${account.id}`, { segment: 'smb' })).statusCode, 403);
    assert.equal((await csm.delete(`/api/account-grants/${forViewer.json().id}`)).statusCode, 403);

    const audit = (await leader.get(`/api/audit-log?entityType=account_write_grant&entityId=${forViewer.json().id}`)).json().data;
    assert.deepEqual(audit.map((entry: { action: string }) => entry.action), ['create']);
  });

  test('bad grants are refused with a problem naming the field', async () => {
    const account = await createAccountOwnedBy(otherCsm, 'Strict Co');
    const both = await leader.post('/api/account-grants', { granteeId: csm.userId, accountId: account.id, bookOwnerId: otherCsm.userId });
    assert.equal(both.statusCode, 400);
    assert.match(both.json().detail, /exactly one/);
    assert.equal((await leader.post('/api/account-grants', { granteeId: csm.userId })).statusCode, 400);
    assert.equal((await leader.post('/api/account-grants', { granteeId: csm.userId, bookOwnerId: csm.userId })).statusCode, 400);
    assert.equal((await leader.post('/api/account-grants', { granteeId: outsider.userId, accountId: account.id })).statusCode, 400);
    const past = await leader.post('/api/account-grants', { granteeId: csm.userId, accountId: account.id, expiresAt: '2020-01-01T00:00:00Z' });
    assert.equal(past.statusCode, 400);
    assert.match(past.json().detail, /expiresAt/);
  });

  test('another workspace cannot see, give or remove grants on this one', async () => {
    const account = await createAccountOwnedBy(otherCsm, 'Walled Co');
    const grant = (await leader.post('/api/account-grants', { granteeId: csm.userId, accountId: account.id })).json();
    assert.equal((await outsider.get('/api/account-grants')).json().data.length, 0);
    assert.equal((await outsider.delete(`/api/account-grants/${grant.id}`)).statusCode, 404);
    assert.equal((await outsider.post('/api/account-grants', { granteeId: outsider.userId, accountId: account.id })).statusCode, 404);
    const stillThere = (await viewer.get(`/api/account-grants?accountId=${account.id}`)).json().data;
    assert.deepEqual(stillThere.map((g: { id: string }) => g.id), [grant.id]);
  });
});
