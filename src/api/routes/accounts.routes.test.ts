import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

describe('accounts API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceId: string;

  before(async () => {
    t = await startApiTest();
    const team = await t.team();
    ({ admin, leader, csm, otherCsm, viewer, outsider } = team);
    workspaceId = team.workspace.id;
  });
  after(() => t.close());

  test('an admin creates an account and reads it back', async () => {
    const created = await admin.post('/api/accounts', {
      name: 'Initech',
      domain: 'Initech.com',
      segment: 'enterprise',
      employeeCount: 1200,
      ownerId: csm.userId,
      externalIds: { salesforce: '0015g00000AbCdE' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const account = created.json();
    assert.equal(account.domain, 'initech.com');
    assert.equal(account.ownerId, csm.userId);
    assert.equal(account.arr, 0);

    const read = await viewer.get(`/api/accounts/${account.id}`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().name, 'Initech');
    assert.equal(read.json().ownerName, 'Csm 3');

    const byCrmId = await viewer.get('/api/accounts?externalId=salesforce:0015g00000AbCdE');
    assert.deepEqual(byCrmId.json().data.map((a: { id: string }) => a.id), [account.id]);
  });

  test('lists page through every account once, in order, with a total', async () => {
    const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'foxtrot', 'golf'];
    for (const [index, name] of names.entries()) {
      const res = await leader.post('/api/accounts', { name: `Paging ${name}`, segment: 'paging', employeeCount: index % 3 === 0 ? null : index * 10 });
      assert.equal(res.statusCode, 201, res.body);
    }
    for (const sort of ['name', 'employeeCount', 'createdAt', 'renewalDate', 'arr'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `/api/accounts?segment=paging&sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
          const res = await viewer.get(query);
          assert.equal(res.statusCode, 200, res.body);
          const page = res.json();
          assert.equal(page.total, 7);
          seen.push(...page.data.map((a: { name: string }) => a.name));
          cursor = page.nextCursor;
        } while (cursor);
        assert.equal(new Set(seen).size, 7, `${sort} ${order} returned each account once: ${seen.join(', ')}`);
        if (sort === 'name') {
          const expected = names.map((n) => `Paging ${n}`).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
          assert.deepEqual(seen, order === 'asc' ? expected : expected.reverse());
        }
      }
    }
  });

  test('search matches name or domain, case-insensitively, and treats % literally', async () => {
    const res = await viewer.get('/api/accounts?q=INITECH');
    assert.deepEqual(res.json().data.map((a: { name: string }) => a.name), ['Initech']);
    assert.equal((await viewer.get('/api/accounts?q=%25')).json().total, 0);
  });

  test('a search counts matches exactly up to 2,000, then says there are more, and pages in order either way', async () => {
    const rows = Array.from({ length: 2005 }, (_, index) => ({
      workspace_id: workspaceId,
      name: `Plentiful ${String(index).padStart(4, '0')}`,
      domain: index % 2 ? `plentiful${index}.io` : null,
    }));
    await t.handle.db.insertInto('accounts').values(rows).execute();

    const many = (await viewer.get('/api/accounts?q=plentiful&limit=5')).json();
    assert.equal(many.total, 2000);
    assert.equal(many.totalIsLowerBound, true);
    assert.deepEqual(many.data.map((a: { name: string }) => a.name), ['Plentiful 0000', 'Plentiful 0001', 'Plentiful 0002', 'Plentiful 0003', 'Plentiful 0004']);

    const few = (await viewer.get('/api/accounts?q=plentiful%20199&limit=4&order=desc')).json();
    assert.equal(few.total, 10, 'Plentiful 1990–1999');
    assert.equal(few.totalIsLowerBound, false);
    const second = (await viewer.get(`/api/accounts?q=plentiful%20199&limit=4&order=desc&cursor=${few.nextCursor}`)).json();
    assert.deepEqual(
      [...few.data, ...second.data].map((a: { name: string }) => a.name.slice(-4)),
      ['1999', '1998', '1997', '1996', '1995', '1994', '1993', '1992'],
    );
    const byDomain = (await viewer.get('/api/accounts?q=plentiful1999.io')).json();
    assert.deepEqual(byDomain.data.map((a: { name: string }) => a.name), ['Plentiful 1999']);
    assert.equal((await viewer.get('/api/accounts?q=9.')).json().totalIsLowerBound, false, 'two characters: matched without trigrams');
  });

  test('a viewer cannot write; a csm writes only its own book', async () => {
    const own = (await csm.post('/api/accounts', { name: 'Own Book Inc' })).json();
    assert.equal(own.ownerId, csm.userId, 'a csm’s new account is in its own book');
    assert.equal((await viewer.post('/api/accounts', { name: 'Nope' })).statusCode, 403);
    assert.equal((await viewer.patch(`/api/accounts/${own.id}`, { segment: 'smb' })).statusCode, 403);

    const foreign = await otherCsm.patch(`/api/accounts/${own.id}`, { segment: 'smb' });
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await csm.get(`/api/accounts/${own.id}`)).json().segment, null, 'the refused change left nothing behind');

    const mine = await csm.patch(`/api/accounts/${own.id}`, { segment: 'smb', lifecycleStage: 'Adoption' });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().segment, 'smb');
    assert.equal((await csm.delete(`/api/accounts/${own.id}`)).statusCode, 403, 'deleting is a leader’s call');
  });

  test('another workspace sees 404 and changes nothing', async () => {
    const account = (await admin.post('/api/accounts', { name: 'Private Co' })).json();
    assert.equal((await outsider.get(`/api/accounts/${account.id}`)).statusCode, 404);
    assert.equal((await outsider.patch(`/api/accounts/${account.id}`, { name: 'Stolen' })).statusCode, 404);
    assert.equal((await outsider.delete(`/api/accounts/${account.id}`)).statusCode, 404);
    assert.equal((await outsider.get(`/api/accounts/${account.id}/timeline`)).statusCode, 404);
    assert.equal((await outsider.get('/api/accounts?q=private')).json().total, 0);
    assert.equal((await outsider.post('/api/accounts', { name: 'Child', parentId: account.id })).statusCode, 400);
    assert.equal((await admin.get(`/api/accounts/${account.id}`)).json().name, 'Private Co');
  });

  test('bad input gets a 400 problem naming the field, and nothing is written', async () => {
    const before = (await admin.get('/api/accounts?limit=1')).json().total;
    const wrongType = await admin.post('/api/accounts', { name: 'X', employeeCount: 'many' });
    assert.equal(wrongType.statusCode, 400);
    assert.equal(wrongType.json().code, 'validation_failed');
    assert.match(wrongType.json().detail, /employeeCount/);

    const unknownField = await admin.post('/api/accounts', { name: 'X', colour: 'blue' });
    assert.equal(unknownField.statusCode, 400);
    assert.match(unknownField.json().detail, /colour/);

    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      payload: '{"name": "X",',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.headers['content-type'], 'application/problem+json; charset=utf-8');

    const huge = await admin.post('/api/accounts', { name: 'X', domain: 'a'.repeat(2 * 1024 * 1024) });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().code, 'payload_too_large');

    assert.equal((await admin.post('/api/accounts', { name: 'X', ownerId: outsider.userId })).statusCode, 400, 'owner from another workspace');
    assert.equal((await admin.get('/api/accounts?cursor=garbage')).statusCode, 400);
    assert.equal((await admin.get('/api/accounts/not-a-uuid')).statusCode, 400);
    assert.equal((await admin.get('/api/accounts?limit=1')).json().total, before);
  });

  test('parent accounts form a hierarchy without cycles', async () => {
    const parent = (await admin.post('/api/accounts', { name: 'Umbrella Holdings' })).json();
    const child = (await admin.post('/api/accounts', { name: 'Umbrella EU', parentId: parent.id })).json();
    assert.equal(child.parentName, 'Umbrella Holdings');
    const cycle = await admin.patch(`/api/accounts/${parent.id}`, { parentId: child.id });
    assert.equal(cycle.statusCode, 400);
    assert.match(cycle.json().detail, /cycle|own parent/);
  });

  test('changes are audited with before and after, and told on the timeline', async () => {
    const account = (await admin.post('/api/accounts', { name: 'Audited Ltd' })).json();
    await admin.patch(`/api/accounts/${account.id}`, { ownerId: otherCsm.userId });
    const audit = (await leader.get(`/api/audit-log?entityType=account&entityId=${account.id}`)).json().data;
    assert.deepEqual(audit.map((e: { action: string }) => e.action), ['update', 'create']);
    assert.equal(audit[0].before.ownerId, null);
    assert.equal(audit[0].after.ownerId, otherCsm.userId);
    assert.equal((await csm.get('/api/audit-log')).statusCode, 403);

    const timeline = (await viewer.get(`/api/accounts/${account.id}/timeline`)).json().data;
    assert.deepEqual(timeline.map((e: { kind: string }) => e.kind), ['owner_changed', 'account_created']);
  });
});
