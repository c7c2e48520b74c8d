import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTestClock } from '../../core/clock.js';
import { createSmtpMailer } from '../../core/mailer.js';
import { SecretBox } from '../../core/secret-box.js';
import { startMailCatcher } from '../../core/testing/mail-catcher.js';
import { drainDomainEvents } from '../../domain-events/testing/drain-domain-events.js';
import { createJobRunner } from '../../jobs/index.js';
import { createOutboundEmailJob, createOutboundWebhookJob, queueEmail, queueWebhook } from '../../outbound/index.js';
import { createPlaybookAdvanceJob, playbookTriggersConsumer } from '../../playbooks/index.js';
import { startApiTest, type ApiTest, type Team } from '../testing/api-test.js';

/**
 * Playbook email and webhook steps end to end: signal → run → outbound queue (in the step's
 * transaction) → SMTP / HTTP, caught by a real SMTP server and a local HTTP receiver.
 */
describe('playbook email and webhook steps', () => {
  let t: ApiTest;
  let team: Team;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let hook: { server: Server; url: string; bodies: string[] };
  const clock = createTestClock(new Date());
  const box = SecretBox.ephemeral();

  const settle = async () => {
    await drainDomainEvents(t.handle.db, [playbookTriggersConsumer], clock);
    const runner = createJobRunner({
      db: t.handle.db,
      clock,
      handlers: [
        createPlaybookAdvanceJob({ outbound: { queueEmail, queueWebhook } }),
        createOutboundEmailJob({ mailer: createSmtpMailer(mail.url, 'CS <cs@boomerang.test>'), defaultFrom: 'CS <cs@boomerang.test>', publicUrl: 'https://cs.example.test', secretBox: box }),
        createOutboundWebhookJob({ secretBox: box, allowPrivate: true, timeoutMs: 2000 }),
      ],
    });
    await runner.runDue();
    await runner.runDue();
  };

  before(async () => {
    t = await startApiTest({ now: () => clock.now() });
    team = await t.team();
    mail = await startMailCatcher();
    const bodies: string[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hook = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
  });
  after(async () => {
    await mail.close();
    await new Promise((resolve) => hook.server.close(resolve));
    await t.close();
  });

  test('vendor review mails the executive sponsors, novice or expert variant by expertise, once; a Slack webhook gets the escaped text', async () => {
    const created = await team.admin.post('/api/playbooks', {
      enabled: true,
      definition: {
        name: 'Vendor review',
        trigger: { kind: 'signal', signalKind: 'vendor_review' },
        steps: [
          {
            type: 'send_email',
            to: { kind: 'contact_roles', roles: ['economic_buyer'] },
            subject: 'About {{account.name}}',
            text: 'Hi {{contact.firstName}}, {{account.ownerName}} will call you.',
            expertSubject: 'Your review of {{account.name}}',
            expertText: 'Hi {{contact.firstName}}, here are the figures.',
          },
          { type: 'call_webhook', url: hook.url, format: 'slack', text: 'Vendor review at {{account.name}}' },
        ],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const accountId = (await team.admin.post('/api/accounts', { name: 'Initech <R&D>', ownerId: team.csm.userId })).json().id;
    await team.admin.post(`/api/accounts/${accountId}/contacts`, { name: 'Nina Novice', email: 'nina@initech.example', role: 'economic_buyer', expertise: 'novice' });
    await team.admin.post(`/api/accounts/${accountId}/contacts`, { name: 'Ed Expert', email: 'ed@initech.example', role: 'economic_buyer', expertise: 'expert' });
    await team.admin.post(`/api/accounts/${accountId}/contacts`, { name: 'Uma User', email: 'uma@initech.example', role: 'end_user' });
    await team.csm.post('/api/signals', { accountId, type: 'vendor_review', title: 'Vendor review announced' });
    await settle();
    await settle();

    const byRecipient = new Map(mail.messages.map((m) => [m.to.join(','), m]));
    assert.equal(mail.messages.length, 2, JSON.stringify(mail.messages.map((m) => m.to)));
    assert.equal(byRecipient.get('nina@initech.example')?.subject, 'About Initech <R&D>');
    assert.match(byRecipient.get('nina@initech.example')!.text, /Hi Nina, Csm \d+ will call you\./);
    assert.equal(byRecipient.get('ed@initech.example')?.subject, 'Your review of Initech <R&D>');
    assert.match(byRecipient.get('ed@initech.example')!.text, /Hi Ed, here are the figures\./);
    assert.deepEqual(hook.bodies.map((body) => JSON.parse(body).text), ['Vendor review at Initech &lt;R&amp;D&gt;']);

    const [run] = (await team.viewer.get(`/api/accounts/${accountId}/playbook-runs`)).json().data;
    assert.equal(run.state, 'done');
    assert.deepEqual(run.steps.map((s: { outcome: string }) => s.outcome), ['queued', 'queued']);
    assert.deepEqual(run.steps[0].detail.messages.map((m: { variant: string }) => m.variant).sort(), ['expert', 'novice']);
  });
});
