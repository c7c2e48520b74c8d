import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

type NoteJson = { id: string; accountId: string; body: string; authorId: string | null; authorName: string | null };

describe('notes API', () => {
  let t: ApiTest;
  let admin: Caller;
  let leader: Caller;
  let csm: Caller;
  let otherCsm: Caller;
  let viewer: Caller;
  let outsider: Caller;
  /** In csm's book. */
  let accountId: string;

  before(async () => {
    t = await startApiTest();
    ({ admin, leader, csm, otherCsm, viewer, outsider } = await t.team());
    accountId = (await admin.post('/api/accounts', { name: 'Initech', ownerId: csm.userId })).json().id;
  });
  after(() => t.close());

  const notesOf = async (id = accountId): Promise<NoteJson[]> => (await admin.get(`/api/accounts/${id}/notes`)).json().data;
  const timelineOf = async (id = accountId) => (await admin.get(`/api/accounts/${id}/timeline`)).json().data;
  const auditOf = async (noteId: string) =>
    (await leader.get(`/api/audit-log?entityType=note&entityId=${noteId}`)).json().data.map((e: { action: string }) => e.action);

  test('a csm adds a note to its account; it is listed and told first on the timeline', async () => {
    const body = `  Call with Jane (VP Ops) went well\nThey want SSO before renewal.\nFollow up in May.  `;
    const created = await csm.post(`/api/accounts/${accountId}/notes`, { body });
    assert.equal(created.statusCode, 201, created.body);
    const note = created.json();
    assert.equal(note.body, body.trim(), 'the body is stored trimmed');
    assert.equal(note.authorId, csm.userId);
    assert.equal(note.authorName, 'Csm 3');
    assert.equal(note.accountId, accountId);

    assert.deepEqual((await viewer.get(`/api/accounts/${accountId}/notes`)).json().data.map((n: NoteJson) => n.id), [note.id]);

    const [latest] = await timelineOf();
    assert.equal(latest.kind, 'note');
    assert.equal(latest.title, 'Call with Jane (VP Ops) went well');
    assert.equal(latest.body, body.trim());
    assert.equal(latest.subjectType, 'note');
    assert.equal(latest.subjectId, note.id);
    assert.equal(latest.actorName, 'Csm 3');
    assert.deepEqual(await auditOf(note.id), ['create']);
  });

  test('notes are listed newest first; a long first line makes a shortened timeline title', async () => {
    const first = (await leader.post(`/api/accounts/${accountId}/notes`, { body: 'Older note' })).json();
    const second = (await leader.post(`/api/accounts/${accountId}/notes`, { body: `${'x'.repeat(300)}\nrest` })).json();
    const ids = (await notesOf()).map((n) => n.id);
    assert.deepEqual(ids.slice(0, 2), [second.id, first.id]);

    const [latest] = await timelineOf();
    assert.equal(latest.subjectId, second.id);
    assert.equal(latest.title, `${'x'.repeat(119)}…`);
  });

  test('the author rewords and deletes its own note; a colleague cannot, a leader can', async () => {
    const note = (await csm.post(`/api/accounts/${accountId}/notes`, { body: 'Draft' })).json();

    const edited = await csm.patch(`/api/notes/${note.id}`, { body: 'Final wording' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().body, 'Final wording');
    assert.ok(new Date(edited.json().updatedAt) >= new Date(edited.json().createdAt));

    assert.equal((await otherCsm.patch(`/api/notes/${note.id}`, { body: 'Hijacked' })).statusCode, 403);
    assert.equal((await otherCsm.delete(`/api/notes/${note.id}`)).statusCode, 403);
    assert.equal((await notesOf()).find((n) => n.id === note.id)?.body, 'Final wording');

    assert.equal((await leader.patch(`/api/notes/${note.id}`, { body: 'Edited by the lead' })).statusCode, 200);
    const toldOnTimeline = async () => (await timelineOf()).filter((e: { subjectId: string }) => e.subjectId === note.id);
    assert.deepEqual((await toldOnTimeline()).map((e: { body: string }) => e.body), ['Edited by the lead'], 'the thread shows the current wording');
    assert.equal((await csm.delete(`/api/notes/${note.id}`)).statusCode, 204);
    assert.equal((await notesOf()).some((n) => n.id === note.id), false);
    assert.deepEqual(await toldOnTimeline(), [], 'deleted text does not linger on the thread');
    assert.deepEqual(await auditOf(note.id), ['delete', 'update', 'update', 'create']);
  });

  test('an admin may remove a note written by someone else', async () => {
    const note = (await csm.post(`/api/accounts/${accountId}/notes`, { body: 'Off-topic' })).json();
    assert.equal((await admin.delete(`/api/notes/${note.id}`)).statusCode, 204);
    assert.equal((await admin.delete(`/api/notes/${note.id}`)).statusCode, 404, 'gone');
  });

  test('a csm cannot add notes on another csm’s account', async () => {
    const foreignId = (await admin.post('/api/accounts', { name: 'Hooli', ownerId: otherCsm.userId })).json().id;
    const refused = await csm.post(`/api/accounts/${foreignId}/notes`, { body: 'Sneaky' });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(await notesOf(foreignId), []);
    assert.equal((await otherCsm.post(`/api/accounts/${foreignId}/notes`, { body: 'Mine' })).statusCode, 201);
  });

  test('a viewer reads notes but every write is 403', async () => {
    const note = (await csm.post(`/api/accounts/${accountId}/notes`, { body: 'Viewer test' })).json();
    const countBefore = (await notesOf()).length;
    assert.equal((await viewer.get(`/api/accounts/${accountId}/notes`)).statusCode, 200);
    assert.equal((await viewer.post(`/api/accounts/${accountId}/notes`, { body: 'Nope' })).statusCode, 403);
    assert.equal((await viewer.patch(`/api/notes/${note.id}`, { body: 'Nope' })).statusCode, 403);
    assert.equal((await viewer.delete(`/api/notes/${note.id}`)).statusCode, 403);
    const notes = await notesOf();
    assert.equal(notes.length, countBefore);
    assert.equal(notes.find((n) => n.id === note.id)?.body, 'Viewer test');
  });

  test('another workspace gets 404 on every read and write, and nothing changes', async () => {
    const note = (await csm.post(`/api/accounts/${accountId}/notes`, { body: 'Confidential' })).json();
    const notesBefore = await notesOf();
    const timelineBefore = await timelineOf();

    assert.equal((await outsider.get(`/api/accounts/${accountId}/notes`)).statusCode, 404);
    assert.equal((await outsider.post(`/api/accounts/${accountId}/notes`, { body: 'Injected' })).statusCode, 404);
    assert.equal((await outsider.patch(`/api/notes/${note.id}`, { body: 'Stolen' })).statusCode, 404);
    assert.equal((await outsider.delete(`/api/notes/${note.id}`)).statusCode, 404);

    assert.deepEqual(await notesOf(), notesBefore);
    assert.deepEqual(await timelineOf(), timelineBefore);
  });

  test('bad input gets a 400 problem naming the field, and nothing is written', async () => {
    const note = (await csm.post(`/api/accounts/${accountId}/notes`, { body: 'Keep me' })).json();
    const notesBefore = await notesOf();
    const timelineBefore = await timelineOf();

    const cases: Array<[string, () => ReturnType<Caller['post']>, RegExp]> = [
      ['empty body', () => csm.post(`/api/accounts/${accountId}/notes`, { body: '' }), /body/],
      ['blank body', () => csm.post(`/api/accounts/${accountId}/notes`, { body: ' \n\t ' }), /body/],
      ['missing body', () => csm.post(`/api/accounts/${accountId}/notes`, {}), /body/],
      ['body not text', () => csm.post(`/api/accounts/${accountId}/notes`, { body: 42 }), /body/],
      ['body too long', () => csm.post(`/api/accounts/${accountId}/notes`, { body: 'a'.repeat(20_001) }), /body/],
      ['unknown field', () => csm.post(`/api/accounts/${accountId}/notes`, { body: 'x', pinned: true }), /pinned/],
      ['account id not a uuid', () => csm.post('/api/accounts/not-a-uuid/notes', { body: 'x' }), /id/],
      ['empty edit', () => csm.patch(`/api/notes/${note.id}`, { body: '' }), /body/],
      ['edit with unknown field', () => csm.patch(`/api/notes/${note.id}`, { body: 'x', authorId: admin.userId }), /authorId/],
    ];
    for (const [name, send, field] of cases) {
      const res = await send();
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name);
      assert.equal(res.json().code, 'validation_failed', name);
      assert.match(res.json().detail, field, name);
    }
    assert.equal((await csm.post(`/api/accounts/${accountId}/notes`, { body: 'a'.repeat(20_000) })).statusCode, 201, 'the limit itself is fine');
    const after = await notesOf();
    assert.deepEqual(after.slice(1), notesBefore);
    assert.deepEqual((await timelineOf()).slice(1), timelineBefore);
  });
});
