import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

describe('contacts API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  /** An account in `csm`'s book. */
  let initech: { id: string };

  const contactCount = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('contacts')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditCount = async () => (await admin.get('/api/audit-log?entityType=contact&limit=200')).json().data.length;
  const timelineKinds = async (accountId: string) =>
    (await viewer.get(`/api/accounts/${accountId}/timeline`))
      .json()
      .data.map((entry: { kind: string; title: string }) => `${entry.kind}: ${entry.title}`);

  before(async () => {
    t = await startApiTest();
    ({ admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
    initech = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId })).json();
  });
  after(() => t.close());

  test('a csm adds a champion to an account in its book; everyone in the workspace reads it', async () => {
    const input = {
      name: 'Jane Doe',
      email: 'jane@initech.com',
      title: 'VP Operations',
      phone: '+1 415 555 0101',
      role: 'champion',
      expertise: 'expert',
      personalWins: ['Promotion to COO', 'Cut month-end close to 3 days'],
      externalIds: { hubspot: '5512' },
    };
    const created = await csm.post(`/api/accounts/${initech.id}/contacts`, input);
    assert.equal(created.statusCode, 201, created.body);
    const { id, createdAt, updatedAt, ...jane } = created.json();
    assert.deepEqual(jane, { ...input, accountId: initech.id, status: 'active' });
    assert.ok(id && createdAt && updatedAt);

    const bob = (await csm.post(`/api/accounts/${initech.id}/contacts`, { name: 'bob Smith' })).json();
    assert.deepEqual(
      [bob.role, bob.expertise, bob.status, bob.personalWins, bob.email, bob.phone],
      [null, 'novice', 'active', [], null, null],
      'defaults',
    );

    const list = await viewer.get(`/api/accounts/${initech.id}/contacts`);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().data.map((c: { name: string }) => c.name),
      ['bob Smith', 'Jane Doe'],
      'alphabetical, ignoring case',
    );
    assert.equal((await viewer.get(`/api/contacts/${id}`)).json().title, 'VP Operations');
    const rephoned = await csm.patch(`/api/contacts/${bob.id}`, { phone: '+44 20 7946 0958 ext. 12' });
    assert.equal(rephoned.json().phone, '+44 20 7946 0958 ext. 12');
    assert.equal(
      (await csm.patch(`/api/contacts/${bob.id}`, { phone: null })).json().phone,
      null,
      'null clears the phone',
    );
    assert.deepEqual((await timelineKinds(initech.id)).slice(0, 2).sort(), [
      'contact_added: Champion Jane Doe added',
      'contact_added: Contact bob Smith added',
    ]);
  });

  test('a role change and a champion leaving are told on the timeline; every change is audited', async () => {
    const lee = (await csm.post(`/api/accounts/${initech.id}/contacts`, { name: 'Lee Chen', role: 'end_user' })).json();
    const promoted = await csm.patch(`/api/contacts/${lee.id}`, {
      role: 'champion',
      personalWins: ['Lead the rollout'],
    });
    assert.equal(promoted.statusCode, 200, promoted.body);
    assert.equal(promoted.json().role, 'champion');
    assert.deepEqual((await timelineKinds(initech.id))[0], 'contact_role_changed: Lee Chen: End user → Champion');

    const left = await csm.patch(`/api/contacts/${lee.id}`, { status: 'left' });
    assert.equal(left.json().status, 'left');
    const timeline = (await viewer.get(`/api/accounts/${initech.id}/timeline`)).json().data;
    assert.equal(timeline[0].kind, 'champion_left', 'a champion leaving is its own signal');
    assert.equal(timeline[0].title, 'Champion Lee Chen left');
    assert.match(timeline[0].body, /churn signal/);
    assert.deepEqual([timeline[0].subjectType, timeline[0].subjectId], ['contact', lee.id]);

    const before = (await timelineKinds(initech.id)).length;
    await csm.patch(`/api/contacts/${lee.id}`, { title: 'Consultant' });
    assert.equal((await timelineKinds(initech.id)).length, before, 'a title change is audited, not told');

    const audit = (await leader.get(`/api/audit-log?entityType=contact&entityId=${lee.id}`)).json().data;
    assert.deepEqual(
      audit.map((e: { action: string }) => e.action),
      ['update', 'update', 'update', 'create'],
    );
    assert.equal(audit[1].before.status, 'active');
    assert.equal(audit[1].after.status, 'left');
  });

  test('deleting a contact removes it and keeps its last state in the audit log', async () => {
    const temp = (await csm.post(`/api/accounts/${initech.id}/contacts`, { name: 'Temp Contractor' })).json();
    assert.equal((await csm.delete(`/api/contacts/${temp.id}`)).statusCode, 204);
    assert.equal((await viewer.get(`/api/contacts/${temp.id}`)).statusCode, 404);
    const audit = (await leader.get(`/api/audit-log?entityType=contact&entityId=${temp.id}`)).json().data;
    assert.equal(audit[0].action, 'delete');
    assert.equal(audit[0].before.name, 'Temp Contractor');
  });

  test('another workspace gets 404 on every read and write, and nothing changes', async () => {
    const jane = (await viewer.get(`/api/accounts/${initech.id}/contacts`))
      .json()
      .data.find((c: { name: string }) => c.name === 'Jane Doe');
    const [contacts, audits] = [await contactCount(), await auditCount()];
    const attempts = [
      await outsider.get(`/api/accounts/${initech.id}/contacts`),
      await outsider.post(`/api/accounts/${initech.id}/contacts`, { name: 'Spy' }),
      await outsider.get(`/api/contacts/${jane.id}`),
      await outsider.patch(`/api/contacts/${jane.id}`, { status: 'left' }),
      await outsider.delete(`/api/contacts/${jane.id}`),
    ];
    assert.deepEqual(
      attempts.map((res) => res.statusCode),
      [404, 404, 404, 404, 404],
    );
    assert.equal(attempts[3]!.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual([await contactCount(), await auditCount()], [contacts, audits]);
    assert.deepEqual((await viewer.get(`/api/contacts/${jane.id}`)).json(), jane);
  });

  test('a viewer writes nothing, a csm only its own book, a leader anything', async () => {
    const jane = (await viewer.get(`/api/accounts/${initech.id}/contacts`))
      .json()
      .data.find((c: { name: string }) => c.name === 'Jane Doe');
    const contacts = await contactCount();
    for (const caller of [viewer, otherCsm]) {
      const attempts = [
        await caller.post(`/api/accounts/${initech.id}/contacts`, { name: 'Nope' }),
        await caller.patch(`/api/contacts/${jane.id}`, { role: 'admin' }),
        await caller.delete(`/api/contacts/${jane.id}`),
      ];
      assert.deepEqual(
        attempts.map((res) => res.statusCode),
        [403, 403, 403],
      );
    }
    assert.equal(await contactCount(), contacts);
    assert.deepEqual(
      (await viewer.get(`/api/contacts/${jane.id}`)).json(),
      jane,
      'the refused changes left nothing behind',
    );

    const byLeader = await leader.patch(`/api/contacts/${jane.id}`, { expertise: 'novice' });
    assert.equal(byLeader.statusCode, 200, byLeader.body);
  });

  test('bad input gets a 400 problem naming the field, and nothing is written', async () => {
    const jane = (await viewer.get(`/api/accounts/${initech.id}/contacts`))
      .json()
      .data.find((c: { name: string }) => c.name === 'Jane Doe');
    const [contacts, audits] = [await contactCount(), await auditCount()];
    const cases: Array<[method: 'post' | 'patch', url: string, body: unknown, field: RegExp]> = [
      ['post', `/api/accounts/${initech.id}/contacts`, { name: 'X', personalWins: 'be promoted' }, /personalWins/],
      ['post', `/api/accounts/${initech.id}/contacts`, { name: 'X', role: 'sponsor' }, /role/],
      ['post', `/api/accounts/${initech.id}/contacts`, { name: 'X', email: 'not-an-email' }, /email/],
      ['post', `/api/accounts/${initech.id}/contacts`, { name: '   ' }, /name/],
      ['post', `/api/accounts/${initech.id}/contacts`, { name: 'X', favouriteColour: 'blue' }, /favouriteColour/],
      ['patch', `/api/contacts/${jane.id}`, { status: 'gone' }, /status/],
      ['patch', `/api/contacts/${jane.id}`, { phone: '5'.repeat(51) }, /phone/],
      ['patch', `/api/contacts/${jane.id}`, { accountId: initech.id }, /accountId/],
      ['patch', `/api/contacts/${jane.id}`, {}, /at least one field/],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await admin[method](url, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'validation_failed');
      assert.match(res.json().detail, field);
    }
    assert.equal((await admin.get('/api/contacts/not-a-uuid')).statusCode, 400);
    assert.deepEqual([await contactCount(), await auditCount()], [contacts, audits]);
    assert.deepEqual((await viewer.get(`/api/contacts/${jane.id}`)).json(), jane);
  });
});
