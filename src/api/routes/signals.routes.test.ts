import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findRecentSignals } from '../../signals/index.js';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

type SignalJson = {
  id: string;
  accountId: string;
  type: string;
  title: string;
  text: string | null;
  sourceUrl: string | null;
  occurredAt: string;
  createdBy: string | null;
  createdByName: string | null;
};

describe('outside signals API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  let workspaceId: string;
  /** In csm's book. */
  let accountId: string;

  before(async () => {
    t = await startApiTest();
    let workspace;
    ({ workspace, admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
    workspaceId = workspace.id;
    accountId = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId })).json().id;
  });
  after(() => t.close());

  const signalsOf = async (id = accountId): Promise<SignalJson[]> =>
    (await viewer.get(`/api/accounts/${id}/signals`)).json().data;
  const signalEntriesOf = async (id = accountId) =>
    (await viewer.get(`/api/accounts/${id}/timeline?limit=200`))
      .json()
      .data.filter((e: { kind: string }) => e.kind === 'signal');
  const auditOf = async (signalId: string) =>
    (await leader.get(`/api/audit-log?entityType=signal&entityId=${signalId}`))
      .json()
      .data.map((e: { action: string }) => e.action);

  test('a csm records a vendor review on its account: stored, listed, on the timeline, audited', async () => {
    const res = await csm.post('/api/signals', {
      accountId,
      type: 'vendor_review',
      title: 'New CEO announces a review of all vendors',
      text: '  “Every contract is on the table.”  ',
      sourceUrl: 'https://news.example/initech-ceo',
      occurredAt: '2025-03-03T08:30:00+01:00',
    });
    assert.equal(res.statusCode, 201, res.body);
    const signal: SignalJson = res.json();
    assert.equal(signal.type, 'vendor_review');
    assert.equal(signal.text, '“Every contract is on the table.”');
    assert.equal(signal.occurredAt, '2025-03-03T07:30:00.000Z');
    assert.equal(signal.createdBy, csm.userId);
    assert.ok(signal.createdByName);

    assert.deepEqual(
      (await signalsOf()).map((s) => s.id),
      [signal.id],
    );
    assert.deepEqual((await viewer.get(`/api/signals/${signal.id}`)).json().id, signal.id);

    const [entry] = await signalEntriesOf();
    assert.equal(entry.title, 'Vendor review: New CEO announces a review of all vendors');
    assert.equal(entry.body, '“Every contract is on the table.”\n\nSource: https://news.example/initech-ceo');
    assert.equal(entry.team, 'external');
    assert.equal(entry.subjectType, 'signal');
    assert.equal(entry.subjectId, signal.id);
    assert.equal(entry.occurredAt, '2025-03-03T07:30:00.000Z');
    assert.deepEqual(await auditOf(signal.id), ['create']);
  });

  test('leaders and admins record signals on any account; occurredAt defaults to now; newest first', async () => {
    const beforeCall = Date.now();
    const byLeader = await leader.post('/api/signals', { accountId, type: 'funding', title: 'Series C, $80M' });
    assert.equal(byLeader.statusCode, 201, byLeader.body);
    assert.ok(Date.parse(byLeader.json().occurredAt) >= beforeCall - 1000);
    assert.equal(byLeader.json().text, null);
    const byAdmin = await admin.post('/api/signals', {
      accountId,
      type: 'news',
      title: 'Old news',
      occurredAt: '2024-01-01T00:00:00Z',
    });
    assert.equal(byAdmin.statusCode, 201, byAdmin.body);
    const listed = await signalsOf();
    assert.deepEqual(
      listed.map((s) => s.title),
      ['Series C, $80M', 'New CEO announces a review of all vendors', 'Old news'],
    );

    const page = await viewer.get(`/api/accounts/${accountId}/signals?limit=2`);
    assert.equal(page.json().data.length, 2);
    const rest = await viewer.get(`/api/accounts/${accountId}/signals?limit=2&cursor=${page.json().nextCursor}`);
    assert.deepEqual(
      rest.json().data.map((s: SignalJson) => s.title),
      ['Old news'],
    );
    assert.equal(rest.json().nextCursor, null);
  });

  test('permissions: viewer 403, another csm 403, another workspace 404 — and nothing is written', async () => {
    const [existing] = await signalsOf();
    const signalsBefore = await signalsOf();
    const entriesBefore = await signalEntriesOf();
    const input = { accountId, type: 'layoff', title: 'Layoffs announced' };

    const viewerRes = await viewer.post('/api/signals', input);
    assert.equal(viewerRes.statusCode, 403);
    assert.equal(viewerRes.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await otherCsm.post('/api/signals', input)).statusCode, 403);
    assert.equal((await otherCsm.patch(`/api/signals/${existing!.id}`, { title: 'Hijacked' })).statusCode, 403);
    assert.equal((await otherCsm.delete(`/api/signals/${existing!.id}`)).statusCode, 403);
    assert.equal((await viewer.patch(`/api/signals/${existing!.id}`, { title: 'Nope' })).statusCode, 403);
    assert.equal((await viewer.delete(`/api/signals/${existing!.id}`)).statusCode, 403);

    assert.equal((await outsider.post('/api/signals', input)).statusCode, 404);
    assert.equal((await outsider.get(`/api/accounts/${accountId}/signals`)).statusCode, 404);
    assert.equal((await outsider.get(`/api/signals/${existing!.id}`)).statusCode, 404);
    assert.equal((await outsider.patch(`/api/signals/${existing!.id}`, { title: 'Stolen' })).statusCode, 404);
    assert.equal((await outsider.delete(`/api/signals/${existing!.id}`)).statusCode, 404);

    assert.deepEqual(await signalsOf(), signalsBefore);
    assert.deepEqual(await signalEntriesOf(), entriesBefore);
    assert.equal((await viewer.get(`/api/accounts/${accountId}/signals`)).statusCode, 200, 'viewers read');
  });

  test('bad input is a 400 naming the field, and nothing is written', async () => {
    const signalsBefore = await signalsOf();
    const good = { accountId, type: 'news', title: 'Fine' };
    const cases: Array<[string, unknown, RegExp]> = [
      ['type not in the list', { ...good, type: 'rumour' }, /type/],
      ['missing type', { accountId, title: 'x' }, /type/],
      ['missing title', { accountId, type: 'news' }, /title/],
      ['blank title', { ...good, title: '   ' }, /title/],
      ['title too long', { ...good, title: 'x'.repeat(301) }, /title/],
      ['source not a url', { ...good, sourceUrl: 'news.example' }, /sourceUrl/],
      ['source not http', { ...good, sourceUrl: 'javascript:alert(1)' }, /sourceUrl/],
      ['occurredAt not a date', { ...good, occurredAt: 'last week' }, /occurredAt/],
      ['occurredAt without a time zone', { ...good, occurredAt: '2025-03-03T08:30:00' }, /occurredAt/],
      ['account not a uuid', { ...good, accountId: '42' }, /accountId/],
      ['missing account', { type: 'news', title: 'x' }, /accountId/],
      ['unknown field', { ...good, severity: 'high' }, /severity/],
    ];
    for (const [name, body, field] of cases) {
      const res = await csm.post('/api/signals', body);
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.equal(res.json().code, 'validation_failed', name);
      assert.match(res.json().detail, field, name);
    }
    const unknownAccount = await csm.post('/api/signals', {
      ...good,
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(unknownAccount.statusCode, 404);
    const [existing] = signalsBefore;
    assert.equal((await csm.patch(`/api/signals/${existing!.id}`, {})).statusCode, 400, 'an empty change');
    assert.equal((await csm.patch(`/api/signals/${existing!.id}`, { type: 'gossip' })).statusCode, 400);
    assert.equal(
      (await csm.patch(`/api/signals/${existing!.id}`, { accountId })).statusCode,
      400,
      'a signal does not move accounts',
    );
    assert.deepEqual(await signalsOf(), signalsBefore);
  });

  test('the owner corrects and deletes a signal; the timeline follows', async () => {
    const signal = (
      await csm.post('/api/signals', { accountId, type: 'other', title: 'Draft', sourceUrl: 'https://x.example/a' })
    ).json();
    const edited = await csm.patch(`/api/signals/${signal.id}`, {
      type: 'acquisition',
      title: 'Acquired by Globex',
      sourceUrl: null,
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().type, 'acquisition');
    assert.equal(edited.json().sourceUrl, null);
    const told = async () => (await signalEntriesOf()).filter((e: { subjectId: string }) => e.subjectId === signal.id);
    assert.deepEqual(
      (await told()).map((e: { title: string; body: string | null }) => [e.title, e.body]),
      [['Acquisition: Acquired by Globex', null]],
    );

    assert.equal((await csm.delete(`/api/signals/${signal.id}`)).statusCode, 204);
    assert.equal((await viewer.get(`/api/signals/${signal.id}`)).statusCode, 404);
    assert.deepEqual(await told(), [], 'the entry goes with it');
    assert.deepEqual(await auditOf(signal.id), ['delete', 'update', 'create']);
  });

  test('findRecentSignals gives health and playbooks the signals since a date', async () => {
    const recent = await findRecentSignals(t.handle.db, {
      workspaceId,
      accountId,
      since: new Date('2025-01-01T00:00:00Z'),
    });
    assert.deepEqual(
      recent.map((s) => s.title),
      ['Series C, $80M', 'New CEO announces a review of all vendors'],
    );
    assert.ok(recent.some((s) => s.type === 'vendor_review'));
    assert.deepEqual(
      await findRecentSignals(t.handle.db, {
        workspaceId: (await t.workspace('Elsewhere')).id,
        accountId,
        since: new Date(0),
      }),
      [],
      'scoped to the workspace',
    );
  });
});
