import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SecretBox } from '../../src/core/secret-box.js';
import { createJobRunner } from '../../src/jobs/index.js';
import { createOutboundWebhookJob, queueEmail, queueWebhook } from '../../src/outbound/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

test('an admin sets the sender, creates the signing secret, keeps a suppression list and reads the delivery log', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await mkdir(RESULTS_DIR, { recursive: true });
  const account = await server.db.selectFrom('accounts').select('id').where('workspace_id', '=', server.workspaceId).where('name', '=', server.accountName).executeTakeFirstOrThrow();
  const origin = { kind: 'playbook' as const, playbookId: 'e2e-playbook', runId: 'e2e-run' };
  // An email waiting for SMTP (the server has none), and a webhook to a private address that the worker refused.
  await queueEmail(server.db, { workspaceId: server.workspaceId, accountId: account.id, contactId: null, to: 'ana@northwind.example', subject: 'Your quarterly review', text: 'Hi Ana', bulk: true, idempotencyKey: 'e2e-email', origin });
  await queueWebhook(server.db, { workspaceId: server.workspaceId, accountId: account.id, url: 'http://10.0.0.8/hook', format: 'slack', payload: { text: 'Northwind turned red' }, idempotencyKey: 'e2e-hook', origin });
  await createJobRunner({ db: server.db, handlers: [createOutboundWebhookJob({ secretBox: SecretBox.ephemeral(), allowPrivate: false })] }).runDue();

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.goto(`${server.baseUrl}/settings/outbound`);
    const log = page.getByTestId('outbound-log');
    await log.getByRole('cell', { name: 'ana@northwind.example' }).waitFor();
    assert.equal(await log.getByRole('row').count(), 3, 'a header and two deliveries');
    await log.getByText('refused').waitFor();
    await log.getByText(/10\.0\.0\.8 is a private address/).waitFor();

    const sender = page.getByRole('form', { name: 'Sender' });
    await sender.getByLabel('Name').fill('Northwind Success');
    await sender.getByLabel('Address').fill('success@acme.example');
    await sender.getByRole('button', { name: 'Save sender' }).click();
    await sender.getByText('"Northwind Success" <success@acme.example>').waitFor();

    await page.getByRole('button', { name: 'Create secret' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const secret = (await dialog.getByTestId('signing-secret').textContent())?.trim() ?? '';
    assert.match(secret, /^whsec_/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByText(`${secret.slice(0, 12)}…`).waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'shown once');

    const add = page.getByRole('form', { name: 'Add an address' });
    await add.getByLabel('Address').fill('Bounced@Northwind.example');
    await add.getByRole('button', { name: 'Add to list' }).click();
    const list = page.getByTestId('suppressions-table');
    await list.getByRole('cell', { name: 'bounced@northwind.example', exact: true }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}settings-outbound.png`, fullPage: true });
    await list.getByRole('button', { name: 'Remove bounced@northwind.example' }).click();
    await page.getByText('No suppressed addresses').waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
