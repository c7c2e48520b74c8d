import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startApiTest, type ApiTest, type Caller } from '../testing/api-test.js';

/**
 * Issue 9, finding 2: a write key is public when it ships in a browser, so what /v1 calls
 * may write is split by the source's kind (ingest/README.md, "Security"). Product events
 * attach usage to users and accounts; they never change a contact's CRM fields, and only a
 * server source's identify creates contacts.
 */
describe('what a write key may write: browser (untrusted) vs server (trusted) sources', () => {
  let t: ApiTest;
  let admin: Caller;
  let viewer: Caller;
  let browserKey: string;
  let serverKey: string;

  const send = (key: string, path: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/${path}`,
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      payload: JSON.stringify(body),
    });
  const sendOk = async (key: string, path: string, body: unknown) => {
    const res = await send(key, path, body);
    assert.equal(res.statusCode, 200, res.body);
  };
  const contactsOf = async (accountId: string) =>
    (await viewer.get(`/api/accounts/${accountId}/contacts`)).json().data as Array<{
      id: string;
      name: string;
      email: string | null;
      title: string | null;
      externalIds: Record<string, string>;
      updatedAt: string;
    }>;
  const eventsOf = async (userId: string) =>
    (
      await sql<{ message_id: string; account_id: string | null; contact_id: string | null }>`
        select message_id, account_id, contact_id from events where user_id = ${userId} order by message_id`.execute(t.handle.db)
    ).rows;

  before(async () => {
    t = await startApiTest();
    ({ admin, viewer } = await t.team());
    browserKey = (await admin.post('/api/sources', { name: 'Web app' })).json().writeKey;
    serverKey = (await admin.post('/api/sources', { name: 'Backend', kind: 'server' })).json().writeKey;
  });
  after(() => t.close());

  test('a browser key’s identify with a CRM contact’s email links that user’s usage to the contact, and changes none of its fields', async () => {
    const initech = (await admin.post('/api/accounts', { name: 'Initech' })).json();
    const peter = (await admin.post(`/api/accounts/${initech.id}/contacts`, {
      name: 'Peter Gibbons',
      email: 'peter@initech.example',
      title: 'Engineer',
      externalIds: { salesforce: '003P' },
    })).json();
    await sendOk(browserKey, 'batch', {
      batch: [
        { type: 'track', userId: 'u-peter', event: 'TPS Report Filed', messageId: 'peter-1' },
        { type: 'identify', userId: 'u-peter', traits: { email: 'Peter@Initech.example', name: 'Hacked Name', title: 'CEO' }, messageId: 'peter-2' },
      ],
    });
    const [after] = await contactsOf(initech.id);
    assert.deepEqual(after, peter, 'name, title, email, external ids and updatedAt as the CRM left them');
    assert.deepEqual(await eventsOf('u-peter'), [
      { message_id: 'peter-1', account_id: initech.id, contact_id: peter.id },
      { message_id: 'peter-2', account_id: initech.id, contact_id: peter.id },
    ]);
  });

  test('a server key’s identify never changes a contact it did not create either (found by email, empty title and all)', async () => {
    const hooli = (await admin.post('/api/accounts', { name: 'Hooli' })).json();
    const gavin = (await admin.post(`/api/accounts/${hooli.id}/contacts`, { name: 'Gavin Belson', email: 'gavin@hooli.example' })).json();
    await sendOk(serverKey, 'identify', { userId: 'u-gavin', traits: { email: 'gavin@hooli.example', name: 'G. Belson', title: 'CEO' }, messageId: 'gavin-1' });
    assert.deepEqual(await contactsOf(hooli.id), [gavin]);
    assert.deepEqual(await eventsOf('u-gavin'), [{ message_id: 'gavin-1', account_id: hooli.id, contact_id: gavin.id }]);
  });

  test('a server key creates the contact, then keeps up to date only the fields a CSM has not changed since', async () => {
    const acme = (await admin.post('/api/accounts', { name: 'Acme', externalIds: { segment: 'grp-acme' } })).json();
    await sendOk(serverKey, 'batch', {
      batch: [
        { type: 'group', userId: 'u-jane', groupId: 'grp-acme', messageId: 'jane-1' },
        { type: 'identify', userId: 'u-jane', traits: { name: 'Jane Doe', title: 'VP Ops' }, messageId: 'jane-2' },
      ],
    });
    const [created] = await contactsOf(acme.id);
    assert.deepEqual([created!.name, created!.email, created!.title], ['Jane Doe', null, 'VP Ops']);

    // A person knows better about the title; the product knows her new name and email.
    assert.equal((await admin.patch(`/api/contacts/${created!.id}`, { title: 'Chief of Staff' })).statusCode, 200);
    await sendOk(serverKey, 'identify', { userId: 'u-jane', traits: { name: 'Jane Roe', email: 'jane@acme.example', title: 'Intern' }, messageId: 'jane-3' });
    const [updated] = await contactsOf(acme.id);
    assert.deepEqual(
      [updated!.name, updated!.email, updated!.title],
      ['Jane Roe', 'jane@acme.example', 'Chief of Staff'],
      'name: still what ingestion wrote, so updated; email: empty, so filled; title: the CSM’s, so kept',
    );
    // Issue 10 item 4: the audit log shows the sync as automation, the CSM's change as a person.
    const audit = (await admin.get(`/api/audit-log?entityType=contact&entityId=${created!.id}`)).json().data as Array<{ action: string; actorKind: string; actorAutomation: string | null }>;
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.actorKind, entry.actorAutomation]).reverse(),
      [['create', 'automation', 'ingest.contact-sync'], ['update', 'user', null], ['update', 'automation', 'ingest.contact-sync']],
    );
  });

  test('a browser key’s group naming another company’s website, plus identify, makes no contact on that account and attaches nothing to it', async () => {
    const victim = (await admin.post('/api/accounts', { name: 'Victim Corp', domain: 'victim.example' })).json();
    const before = await contactsOf(victim.id);
    await sendOk(browserKey, 'batch', {
      batch: [
        { type: 'group', userId: 'u-mallory', groupId: 'mallory-co', traits: { name: 'Victim Corp', website: 'https://www.victim.example/' }, messageId: 'mal-1' },
        { type: 'identify', userId: 'u-mallory', traits: { name: '<img src=x onerror=alert(1)>', email: 'm@evil.example', title: 'CEO' }, messageId: 'mal-2' },
        { type: 'track', userId: 'u-mallory', event: 'Exported Everything', messageId: 'mal-3' },
      ],
    });
    assert.deepEqual(await contactsOf(victim.id), before);
    assert.deepEqual((await eventsOf('u-mallory')).map((event) => event.account_id), [null, null, null], 'waiting, not on the victim');
    // Nor later: an account created with that domain does not pick the group up either.
    const lookalike = (await admin.post('/api/accounts', { name: 'Victim EU', domain: 'victim.example' })).json();
    assert.deepEqual((await eventsOf('u-mallory')).map((event) => event.account_id), [null, null, null]);
    assert.deepEqual(await contactsOf(lookalike.id), []);

    // The same calls from a server key are the customer's backend speaking: domain matching applies.
    await sendOk(serverKey, 'group', { userId: 'u-richard', groupId: 'victim-co', traits: { website: 'victim.example' }, messageId: 'richard-1' });
    assert.equal((await eventsOf('u-richard'))[0]!.account_id, victim.id);
  });

  test('a browser key’s group with a group id the workspace set up as an external id attaches usage, and no contact appears', async () => {
    const globex = (await admin.post('/api/accounts', { name: 'Globex', externalIds: { hubspot: 'hs-globex' } })).json();
    await sendOk(browserKey, 'batch', {
      batch: [
        { type: 'group', userId: 'u-hank', groupId: 'hs-globex', messageId: 'hank-1' },
        { type: 'identify', userId: 'u-hank', traits: { name: 'Hank Scorpio', email: 'hank@globex.example' }, messageId: 'hank-2' },
        { type: 'track', userId: 'u-hank', event: 'Doomsday Device Armed', messageId: 'hank-3' },
        { type: 'page', anonymousId: 'anon-hank', name: 'Pricing', messageId: 'hank-4' },
        { type: 'alias', userId: 'u-hank', previousId: 'anon-hank', messageId: 'hank-5' },
      ],
    });
    const { rows } = await sql<{ message_id: string; account_id: string | null }>`
      select message_id, account_id from events where message_id like 'hank-%' order by message_id`.execute(t.handle.db);
    assert.deepEqual(rows.map((row) => row.account_id), Array(5).fill(globex.id), 'every call, the anonymous page too, counts for Globex');
    assert.deepEqual(await contactsOf(globex.id), []);
  });

  test('traits a browser key sent never reach a contact a server call makes later', async () => {
    const umbrella = (await admin.post('/api/accounts', { name: 'Umbrella', externalIds: { segment: 'grp-umbrella' } })).json();
    await sendOk(browserKey, 'identify', { userId: 'u-alice', traits: { name: 'Planted Name', title: 'Planted Title' }, messageId: 'alice-1' });
    await sendOk(serverKey, 'group', { userId: 'u-alice', groupId: 'grp-umbrella', messageId: 'alice-2' });
    const contacts = await contactsOf(umbrella.id);
    assert.deepEqual(contacts.map((c) => [c.name, c.title]), [['u-alice', null]], 'named by the user id, as with no traits');
  });
});
