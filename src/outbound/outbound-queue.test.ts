import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createAccount } from '../accounts/index.js';
import { systemActor } from '../auth/index.js';
import { createTestClock } from '../core/clock.js';
import { createSmtpMailer } from '../core/mailer.js';
import { SecretBox } from '../core/secret-box.js';
import { startMailCatcher } from '../core/testing/mail-catcher.js';
import { createTestDatabase, type TestDatabase } from '../db/testing/pg-test.js';
import { createJobRunner } from '../jobs/index.js';
import { findTimeline } from '../timeline/index.js';
import { createWorkspace } from '../workspaces/index.js';
import {
  createOutboundEmailJob,
  createOutboundWebhookJob,
  queueEmail,
  queueWebhook,
  verifySignatureHeader,
  type OutboundOrigin,
} from './index.js';

/**
 * What the playbook engine relies on: queueEmail / queueWebhook in the caller's transaction,
 * once per idempotency key, and a durable job that delivers.
 */
describe('outbound queue', () => {
  let handle: TestDatabase;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let receiver: { server: Server; url: string; requests: Array<{ headers: IncomingMessage['headers']; body: string }> };
  const clock = createTestClock(new Date('2026-03-02T09:00:00Z'));
  const box = SecretBox.ephemeral();
  const origin: OutboundOrigin = { kind: 'playbook', playbookId: 'pb-1', runId: 'run-1' };
  let workspaceId: string;
  let accountId: string;

  const runner = () =>
    createJobRunner({
      db: handle.db,
      clock,
      handlers: [
        createOutboundEmailJob({
          mailer: createSmtpMailer(mail.url, 'Boomerang <no-reply@boomerang.test>'),
          defaultFrom: 'Boomerang <no-reply@boomerang.test>',
          publicUrl: 'https://cs.example.test',
          secretBox: box,
        }),
        createOutboundWebhookJob({ secretBox: box, allowPrivate: true, timeoutMs: 2000 }),
      ],
    });

  before(async () => {
    handle = await createTestDatabase();
    mail = await startMailCatcher();
    const requests: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests };
    workspaceId = (await createWorkspace(handle.db, 'Acme CS')).id;
    accountId = (await createAccount(handle.db, systemActor(workspaceId), { name: 'Globex' })).id;
  });
  after(async () => {
    await mail.close();
    await new Promise((resolve) => receiver.server.close(resolve));
    await handle.close();
  });

  test('an email is queued in the caller’s transaction and sent once by its job, even when the key comes again', async () => {
    const input = {
      workspaceId,
      accountId,
      contactId: null,
      to: 'Ana@Globex.test',
      subject: 'Your renewal',
      text: 'Hi Ana, your renewal is coming up.',
      bulk: false,
      idempotencyKey: 'run-1:step-1',
      origin,
    };
    const first = await handle.db.transaction().execute((trx) => queueEmail(trx, input, clock));
    assert.equal(first.status, 'queued');
    const second = await handle.db.transaction().execute((trx) => queueEmail(trx, { ...input, subject: 'Changed' }, clock));
    assert.deepEqual(second, { messageId: first.messageId, status: 'duplicate' });

    const before = mail.messages.length;
    const totals = await runner().runDue();
    assert.equal(totals.done, 1);
    assert.equal(mail.messages.length, before + 1);
    const sent = mail.messages.at(-1)!;
    assert.deepEqual(sent.to, ['ana@globex.test']);
    assert.equal(sent.subject, 'Your renewal');
    assert.match(sent.text, /your renewal is coming up/);
    assert.equal(sent.headers['list-unsubscribe'], undefined, 'one-to-one mail has no unsubscribe header');

    const row = await handle.db.selectFrom('outbound_messages').selectAll().where('id', '=', first.messageId!).executeTakeFirstOrThrow();
    assert.equal(row.status, 'sent');
    const timeline = await findTimeline(handle.db, { workspaceId, accountId, limit: 10 });
    assert.ok(timeline.data.some((entry) => entry.kind === 'email_sent' && entry.title.includes('Your renewal')));
  });

  test('a rolled-back transaction queues nothing, so the key stays free', async () => {
    const input = { workspaceId, accountId, contactId: null, to: 'bo@globex.test', subject: 'Hi', text: 'Hello', bulk: false, idempotencyKey: 'rolled-back', origin };
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await queueEmail(trx, input, clock);
        throw new Error('the playbook step failed');
      }),
    );
    const again = await handle.db.transaction().execute((trx) => queueEmail(trx, input, clock));
    assert.equal(again.status, 'queued');
    await runner().runDue();
  });

  test('the job running twice for one message sends one mail', async () => {
    const { messageId } = await queueEmail(
      handle.db,
      { workspaceId, accountId, contactId: null, to: 'cy@globex.test', subject: 'Twice?', text: 'Once.', bulk: true, idempotencyKey: 'twice', origin },
      clock,
    );
    const job = createOutboundEmailJob({
      mailer: createSmtpMailer(mail.url, 'x <x@x.test>'),
      defaultFrom: 'x <x@x.test>',
      publicUrl: 'https://cs.example.test',
      secretBox: box,
    });
    const context = { id: 'j', type: job.type, workspaceId, payload: { messageId }, attempt: 1, maxAttempts: 8, db: handle.db, clock, signal: new AbortController().signal };
    await runner().runDue();
    await job.run(context);
    await job.run({ ...context, attempt: 2 });
    assert.equal(mail.messages.filter((message) => message.subject === 'Twice?').length, 1);
  });

  test('a JSON webhook is posted with a signature the receiver can verify; Slack format is Slack’s shape', async () => {
    const secret = 'whsec_test_secret';
    await handle.db
      .insertInto('outbound_settings')
      .values({ workspace_id: workspaceId, signing_secret: box.seal(secret, `outbound_signing_secret:${workspaceId}`), updated_at: clock.now() })
      .execute();
    const json = await queueWebhook(
      handle.db,
      { workspaceId, accountId, url: receiver.url, format: 'json', payload: { event: 'health_red', account: 'Globex' }, idempotencyKey: 'hook-1', origin },
      clock,
    );
    assert.equal(json.status, 'queued');
    const again = await queueWebhook(
      handle.db,
      { workspaceId, accountId, url: receiver.url, format: 'json', payload: {}, idempotencyKey: 'hook-1', origin },
      clock,
    );
    assert.deepEqual(again, { deliveryId: json.deliveryId, status: 'duplicate' });
    const slack = await queueWebhook(
      handle.db,
      { workspaceId, accountId: null, url: receiver.url, format: 'slack', payload: { text: 'Globex turned red' }, idempotencyKey: 'hook-2', origin },
      clock,
    );
    assert.equal(slack.status, 'queued');
    await runner().runDue();
    assert.equal(receiver.requests.length, 2);
    const signed = receiver.requests.find((request) => request.headers['boomerang-delivery'] === json.deliveryId)!;
    const body = JSON.parse(signed.body) as { id: string; data: Record<string, unknown> };
    assert.equal(body.id, json.deliveryId);
    assert.deepEqual(body.data, { event: 'health_red', account: 'Globex' });
    const header = String(signed.headers['boomerang-signature']);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    assert.equal(verifySignatureHeader(header, secret, signed.body, { nowSeconds }), true);
    assert.equal(verifySignatureHeader(header, 'another secret', signed.body, { nowSeconds }), false);
    assert.equal(verifySignatureHeader(header, secret, `${signed.body} `, { nowSeconds }), false);
    const slackRequest = receiver.requests.find((request) => request.headers['boomerang-delivery'] === slack.deliveryId)!;
    assert.deepEqual(JSON.parse(slackRequest.body), { text: 'Globex turned red' });
    assert.equal(slackRequest.headers['content-type'], 'application/json');
  });

  test('what can never be delivered is refused at once and recorded with the reason', async () => {
    const refused = await queueWebhook(
      handle.db,
      { workspaceId, accountId: null, url: 'ftp://files.example.test/x', format: 'json', payload: {}, idempotencyKey: 'hook-ftp', origin },
      clock,
    );
    assert.equal(refused.status, 'refused');
    assert.match(refused.reason ?? '', /http/);
    const noText = await queueWebhook(
      handle.db,
      { workspaceId, accountId: null, url: 'https://hooks.slack.example/x', format: 'slack', payload: {}, idempotencyKey: 'hook-notext', origin },
      clock,
    );
    assert.equal(noText.status, 'refused');
    await assert.rejects(
      queueEmail(handle.db, { workspaceId, accountId, contactId: null, to: 'not an address', subject: 'x', text: 'y', bulk: false, idempotencyKey: 'bad', origin }, clock),
      /not valid/,
    );
  });
});
