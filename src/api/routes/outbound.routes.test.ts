import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestClock } from '../../core/clock.js';
import { createSmtpMailer } from '../../core/mailer.js';
import { SecretBox } from '../../core/secret-box.js';
import { startMailCatcher } from '../../core/testing/mail-catcher.js';
import { createJobRunner } from '../../jobs/index.js';
import { createOutboundEmailJob, createOutboundWebhookJob, verifySignatureHeader } from '../../outbound/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

const PUBLIC_URL = 'https://cs.acme.example';

type Received = { headers: IncomingMessage['headers']; body: string };

/** A local receiver whose behaviour a test sets: answer, fail, or hang. */
async function startReceiver() {
  const requests: Received[] = [];
  let behave: (response: ServerResponse) => void = (response) => response.writeHead(204).end();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      behave(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    behave: (next: typeof behave) => (behave = next),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('email and webhooks through the API', () => {
  let t: ApiTest;
  let team: Team;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  const box = SecretBox.ephemeral();
  let accountId: string;
  let contactId: string;

  const worker = (options: { allowPrivate: boolean; timeoutMs?: number }) =>
    createJobRunner({
      db: t.handle.db,
      clock,
      handlers: [
        createOutboundEmailJob({
          mailer: createSmtpMailer(mail.url, 'Boomerang <no-reply@boomerang.test>'),
          defaultFrom: 'Boomerang <no-reply@boomerang.test>',
          publicUrl: PUBLIC_URL,
          secretBox: box,
        }),
        createOutboundWebhookJob({ secretBox: box, allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs ?? 2000 }),
      ],
    });

  before(async () => {
    mail = await startMailCatcher();
    receiver = await startReceiver();
    t = await startApiTest({ now: () => clock.now(), secretBox: box, publicUrl: PUBLIC_URL, mailer: createSmtpMailer(mail.url, 'x <x@x.test>') });
    team = await t.team();
    const account = await team.admin.post('/api/accounts', { name: 'Globex', ownerId: team.csm.userId });
    accountId = account.json().id;
    contactId = (await team.csm.post(`/api/accounts/${accountId}/contacts`, { name: 'Ana Lima', email: 'Ana@Globex.test' })).json().id;
  });
  after(async () => {
    await t.close();
    await mail.close();
    await receiver.close();
  });
  beforeEach(() => receiver.behave((response) => response.writeHead(204).end()));

  test('bulk mail carries the sender, an unsubscribe link and headers; the link suppresses later bulk mail', async () => {
    const sender = await team.admin.put('/api/outbound/sender', { senderName: 'Acme Success', senderAddress: 'success@acme.example' });
    assert.equal(sender.statusCode, 200, sender.body);
    assert.equal(sender.json().from, '"Acme Success" <success@acme.example>');

    const queued = await team.csm.post('/api/outbound/emails', {
      accountId,
      contactId,
      subject: 'Tips for your first week',
      text: 'Hi Ana, three things to try first.',
      bulk: true,
      idempotencyKey: 'week-1',
    });
    assert.equal(queued.statusCode, 202, queued.body);
    assert.equal(queued.json().status, 'queued');
    await worker({ allowPrivate: false }).runDue();

    const sent = mail.messages.find((message) => message.subject === 'Tips for your first week');
    assert.ok(sent, 'the mail arrived');
    assert.deepEqual(sent.to, ['ana@globex.test']);
    assert.match(sent.headers.from!, /Acme Success.*<success@acme\.example>/);
    assert.equal(sent.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    const link = /<(https:\/\/cs\.acme\.example\/api\/outbound\/unsubscribe\/[\w.-]+)>/.exec(sent.headers['list-unsubscribe'] ?? '')?.[1];
    assert.ok(link, `List-Unsubscribe: ${sent.headers['list-unsubscribe']}`);
    assert.ok(sent.text.includes(link), 'the same link is in the text');
    const path = link.slice(PUBLIC_URL.length);

    // The page asks first (a mail scanner following links unsubscribes no one)…
    const page = await t.app.inject({ method: 'GET', url: path });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /ana@globex\.test/);
    assert.match(page.body, /<form method="post"/);
    assert.equal((await team.admin.get('/api/outbound/suppressions')).json().data.length, 0);
    // …and the button (or a mail client's one-click POST) unsubscribes.
    const done = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.match(done.body, /unsubscribed/);
    const list = (await team.admin.get('/api/outbound/suppressions')).json().data as Array<{ email: string; reason: string }>;
    assert.deepEqual(list.map(({ email, reason }) => ({ email, reason })), [{ email: 'ana@globex.test', reason: 'unsubscribed' }]);
    const again = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(again.statusCode, 200, 'following the link again is harmless');

    const tampered = await t.app.inject({ method: 'POST', url: `${path.slice(0, -3)}abc` });
    assert.match(tampered.body, /This link does not work/);
    assert.equal((await team.admin.get('/api/outbound/suppressions')).json().data.length, 1, 'a tampered link adds nothing');

    const later = await team.csm.post('/api/outbound/emails', { accountId, contactId, subject: 'Week two', text: 'More tips.', bulk: true });
    assert.equal(later.json().status, 'suppressed');
    const personal = await team.csm.post('/api/outbound/emails', { accountId, contactId, subject: 'About your ticket', text: 'Fixed.' });
    assert.equal(personal.json().status, 'queued', 'one-to-one mail is not held back by the list');
    await worker({ allowPrivate: false }).runDue();
    assert.ok(!mail.messages.some((message) => message.subject === 'Week two'));
    assert.ok(mail.messages.some((message) => message.subject === 'About your ticket'));

    const timeline = (await team.csm.get(`/api/accounts/${accountId}/timeline`)).json().data as Array<{ kind: string; title: string }>;
    const kinds = timeline.map((entry) => entry.kind);
    for (const kind of ['email_sent', 'email_unsubscribed', 'email_suppressed']) assert.ok(kinds.includes(kind), `${kind} on the timeline: ${kinds}`);

    const log = (await team.leader.get(`/api/outbound/messages?accountId=${accountId}&status=suppressed`)).json().data as Array<{ subject: string }>;
    assert.deepEqual(log.map((message) => message.subject), ['Week two']);
  });

  test('an address suppressed after queueing is still not mailed (checked again at send time)', async () => {
    const queued = await team.csm.post('/api/outbound/emails', { accountId, to: 'bo@globex.test', subject: 'Newsletter', text: 'News.', bulk: true });
    assert.equal(queued.json().status, 'queued');
    assert.deepEqual((await team.leader.post('/api/outbound/suppressions', { email: 'Bo@Globex.test' })).json(), { added: true });
    await worker({ allowPrivate: false }).runDue();
    assert.ok(!mail.messages.some((message) => message.subject === 'Newsletter'));
    const message = (await team.admin.get(`/api/outbound/messages/${queued.json().messageId}`)).json();
    assert.equal(message.status, 'suppressed');
    const removed = await team.admin.delete('/api/outbound/suppressions/bo@globex.test');
    assert.equal(removed.statusCode, 204, removed.body);
    assert.equal((await team.admin.delete('/api/outbound/suppressions/bo@globex.test')).statusCode, 404);
  });

  test('the signing secret is shown once; after a rotation both secrets sign for a day', async () => {
    const first = await team.admin.post('/api/outbound/signing-secret');
    assert.equal(first.statusCode, 201, first.body);
    const secret1 = first.json().secret as string;
    const settings = (await team.admin.get('/api/outbound/settings')).json();
    assert.ok(!JSON.stringify(settings).includes(secret1), 'never shown again');
    assert.equal(settings.signingSecret.prefix, secret1.slice(0, 12));
    const second = await team.admin.post('/api/outbound/signing-secret');
    const secret2 = second.json().secret as string;
    assert.ok(second.json().previousValidUntil);

    const url = `http://127.0.0.1:${receiver.port}/rotated`;
    assert.equal((await team.admin.post('/api/outbound/webhooks/test', { url })).json().status, 'queued');
    await worker({ allowPrivate: true }).runDue();
    const request = receiver.requests.find((candidate) => candidate.headers['boomerang-delivery'] && JSON.parse(candidate.body).data?.type === 'test');
    assert.ok(request);
    const header = String(request.headers['boomerang-signature']);
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    assert.ok(verifySignatureHeader(header, secret2, request.body, { nowSeconds }));
    assert.ok(verifySignatureHeader(header, secret1, request.body, { nowSeconds }));
    assert.ok(!verifySignatureHeader(header, secret2, request.body, { nowSeconds: nowSeconds + 3600 }), 'an old delivery replayed later fails');
  });

  test('webhooks to private, loopback and link-local addresses are refused by default and allowed with the switch', async () => {
    const targets = [
      `http://127.0.0.1:${receiver.port}/a`,
      `http://10.0.0.1:${receiver.port}/b`,
      `http://[::1]:${receiver.port}/c`,
      `http://[::ffff:127.0.0.1]:${receiver.port}/d`,
      `http://169.254.169.254/latest/meta-data`,
      `http://localhost:${receiver.port}/e`,
    ];
    const ids: string[] = [];
    for (const url of targets) ids.push((await team.admin.post('/api/outbound/webhooks/test', { url })).json().deliveryId);
    const before = receiver.requests.length;
    await worker({ allowPrivate: false }).runDue();
    assert.equal(receiver.requests.length, before, 'nothing reached the receiver');
    for (const [index, id] of ids.entries()) {
      const message = (await team.admin.get(`/api/outbound/messages/${id}`)).json();
      assert.equal(message.status, 'refused', `${targets[index]}: ${JSON.stringify(message)}`);
      assert.match(message.lastError, /BOOMERANG_ALLOW_PRIVATE_WEBHOOKS/);
    }
    const allowed = (await team.admin.post('/api/outbound/webhooks/test', { url: `http://localhost:${receiver.port}/ok` })).json().deliveryId;
    await worker({ allowPrivate: true }).runDue();
    assert.equal((await team.admin.get(`/api/outbound/messages/${allowed}`)).json().status, 'sent');
    assert.equal(receiver.requests.length, before + 1);
  });

  test('a receiver that does not answer times out; the job retries with backoff and ends failed with the last error', async () => {
    receiver.behave(() => undefined);
    const id = (await team.admin.post('/api/outbound/webhooks/test', { url: `http://127.0.0.1:${receiver.port}/slow`, format: 'slack' })).json().deliveryId;
    const runner = worker({ allowPrivate: true, timeoutMs: 200 });
    assert.deepEqual(await runner.runDue(), { claimed: 1, done: 0, retried: 1, failed: 0 });
    let message = (await team.admin.get(`/api/outbound/messages/${id}`)).json();
    assert.equal(message.status, 'queued');
    assert.match(message.lastError, /no answer within 200 ms/);
    // The next attempt waits 30 s; a 500 then is kept as the error.
    assert.equal((await runner.runDue()).claimed, 0);
    receiver.behave((response) => response.writeHead(500).end('database down'));
    clock.advance(30_000);
    assert.equal((await runner.runDue()).retried, 1);
    message = (await team.admin.get(`/api/outbound/messages/${id}`)).json();
    assert.match(message.lastError, /HTTP 500: database down/);
    for (let attempt = 3; attempt <= 8; attempt += 1) {
      clock.advance(3_600_000);
      await runner.runDue();
    }
    message = (await team.admin.get(`/api/outbound/messages/${id}`)).json();
    assert.equal(message.status, 'failed');
    assert.equal(message.attempts, 8);
    assert.match(message.lastError, /HTTP 500/);
    const failed = (await team.admin.get('/api/outbound/messages?status=failed&channel=webhook')).json().data as Array<{ id: string; recipient: string }>;
    assert.ok(failed.some((entry) => entry.id === id));
    assert.ok(failed.every((entry) => entry.recipient.endsWith('…') || entry.recipient.length < 40), 'URLs are shown with their path cut');
  });

  test('roles and workspaces: CSMs mail their own book only; the log, list and settings stay in the workspace', async () => {
    const otherBook = (await team.admin.post('/api/accounts', { name: 'Initrode', ownerId: team.otherCsm.userId })).json().id;
    assert.equal((await team.csm.post('/api/outbound/emails', { accountId: otherBook, to: 'x@initrode.test', subject: 'Hi', text: 'Hi' })).statusCode, 403);
    assert.equal((await team.viewer.post('/api/outbound/emails', { accountId, to: 'x@globex.test', subject: 'Hi', text: 'Hi' })).statusCode, 403);
    assert.equal((await team.outsider.post('/api/outbound/emails', { accountId, to: 'x@globex.test', subject: 'Hi', text: 'Hi' })).statusCode, 404);
    for (const path of ['/api/outbound/messages', '/api/outbound/suppressions']) assert.equal((await team.csm.get(path)).statusCode, 403);
    assert.equal((await team.leader.get('/api/outbound/settings')).statusCode, 403);
    assert.equal((await team.leader.post('/api/outbound/signing-secret')).statusCode, 403);

    const ours = (await team.admin.get('/api/outbound/messages')).json().data as unknown[];
    assert.ok(ours.length > 0);
    assert.deepEqual((await team.outsider.get('/api/outbound/messages')).json().data, []);
    assert.deepEqual((await team.outsider.get('/api/outbound/suppressions')).json().data, []);
    assert.equal((await team.outsider.delete('/api/outbound/suppressions/ana@globex.test')).statusCode, 404);
    assert.equal((await team.admin.get('/api/outbound/suppressions')).json().data.length, 1, 'ours is still there');
    const theirSettings = (await team.outsider.get('/api/outbound/settings')).json();
    assert.equal(theirSettings.senderAddress, null);
    assert.equal(theirSettings.signingSecret, null);

    const bad = await team.admin.put('/api/outbound/sender', { senderName: 'Acme', senderAddress: 'not-an-address' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await team.admin.get('/api/outbound/settings')).json().senderAddress, 'success@acme.example', 'unchanged');
  });
});
