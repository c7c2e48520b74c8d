import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../../src/auth/index.js';
import { drainDomainEvents } from '../../src/domain-events/testing/drain-domain-events.js';
import { createJobRunner } from '../../src/jobs/index.js';
import { createPlaybookAdvanceJob, playbookTriggersConsumer } from '../../src/playbooks/index.js';
import { createSignal } from '../../src/signals/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

/** What `boomerang start`'s dispatcher and job worker do in the background, done now. */
async function runBackground(db: Parameters<typeof drainDomainEvents>[0]): Promise<void> {
  await drainDomainEvents(db, [playbookTriggersConsumer]);
  await createJobRunner({ db, handlers: [createPlaybookAdvanceJob()] }).runDue();
}

test('an admin builds a playbook in the editor, dry-runs it, enables it, and its task appears on the owner’s task list', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await mkdir(RESULTS_DIR, { recursive: true });
  const system = systemActor(server.workspaceId);
  const northwind = (await server.db.selectFrom('accounts').select('id').where('name', '=', server.accountName).executeTakeFirstOrThrow()).id;
  await createSignal(server.db, system, { accountId: northwind, type: 'vendor_review', title: 'Northwind reviews all vendors' }, new Date());
  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('link', { name: 'New playbook' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Vendor review play');
    await page.getByLabel('When', { exact: true }).selectOption('signal');
    await page.getByLabel('Signal kind').selectOption('vendor_review');
    const step = page.getByRole('listitem', { name: 'Step 1: Create task' });
    await step.getByLabel('Title', { exact: true }).fill('Call {{account.name}} about the review');
    await step.getByLabel('Due in days').fill('2');
    await step.getByLabel('Priority', { exact: true }).selectOption('high');
    // A typo in a variable is refused with the field named, nothing saved.
    await page.getByLabel('New step').selectOption('wait');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByRole('button', { name: 'Remove step 2' }).click();
    await step.getByLabel('Title', { exact: true }).fill('Call {{acount.name}}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText(/unknown variable acount\.name/).first().waitFor();
    await step.getByLabel('Title', { exact: true }).fill('Call {{account.name}} about the review');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/playbooks\/[0-9a-f-]{36}$/);
    await page.getByText(/^Version 1 ·/).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}playbook-editor.png`, fullPage: true });

    await page.getByRole('button', { name: 'Dry run' }).click();
    const dryRun = page.getByRole('region', { name: 'Dry run result' });
    await dryRun.getByRole('link', { name: server.accountName }).waitFor();
    assert.match((await dryRun.textContent()) ?? '', /1 would enter/);
    await page.screenshot({ path: `${RESULTS_DIR}playbook-dry-run.png`, fullPage: true });

    // The box follows the saved state once the server answers, so click and wait for it rather than check().
    await page.getByRole('checkbox', { name: 'Vendor review play enabled' }).click();
    await page.getByText('On', { exact: true }).waitFor();

    // A new vendor review after enabling: the engine enters the account and creates the task.
    await createSignal(server.db, system, { accountId: northwind, type: 'vendor_review', title: 'Procurement confirms the review' }, new Date());
    await runBackground(server.db);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tasks' }).click();
    await page.getByText('Call Northwind Traders about the review').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}playbook-task.png` });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('link', { name: 'Vendor review play', exact: true }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}playbooks-list.png` });
    await page.getByRole('link', { name: 'Vendor review play', exact: true }).click();
    await page.getByRole('cell', { name: /Outside signal: vendor review/ }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}playbook-runs.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
