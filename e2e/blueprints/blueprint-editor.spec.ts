import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listAccounts } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { loadDemoBlueprints } from '../../src/blueprints/index.js';
import { recordMoment } from '../../src/experience/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

test('a blueprint opens from the sidebar, shows its moments of truth, and a step added by keyboard appears in the diagram', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const actor = systemActor(server.workspaceId);
  await loadDemoBlueprints(server.db, { workspaceId: server.workspaceId, now: new Date() });
  // Northwind is in Adoption: a stalled integration is a negative moment at the onboarding blueprint's integration step.
  const { data: accounts } = await listAccounts(server.db, actor, { limit: 10, sort: 'name', order: 'asc', includeChurned: true }, new Date());
  const northwind = accounts.find((a) => a.name === server.accountName)!;
  await recordMoment(server.db, actor, northwind.id, { kind: 'onboarding_step', title: 'Integration stalled', outcome: 'negative', intensity: 3, team: 'onboarding', channel: 'onboarding', contactIds: [] }, new Date());

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blueprints' }).click();
    await page.getByTestId('blueprint-diagram').waitFor();
    await page.getByLabel('Blueprint', { exact: true }).selectOption({ label: 'Onboarding — Adoption' });
    const integration = page.getByTestId('blueprint-step').filter({ hasText: 'Connects the first data source' });
    await integration.waitFor();
    assert.match((await integration.getAttribute('aria-label')) ?? '', /^Connects the first data source, 1 moment, 1 negative$/);
    assert.match((await integration.textContent()) ?? '', /1 moment · 1 negative/);
    await page.screenshot({ path: `${RESULTS_DIR}blueprint-diagram.png` });

    // Keyboard: Tab to the step, Enter opens it; its moments list the account.
    await integration.focus();
    await page.keyboard.press('Enter');
    const details = page.getByTestId('blueprint-step-details');
    await details.getByRole('link', { name: server.accountName }).waitFor();
    assert.match(await details.innerText(), /Integration stalled/);

    // Add a step with the keyboard only.
    const before = await page.getByTestId('blueprint-step').count();
    await page.getByRole('button', { name: 'Add step' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'New step' });
    await form.getByLabel('Title').fill('Sends a thank-you card');
    await form.getByLabel('Lane').selectOption('evidence');
    await form.getByLabel('Moment in time (column)').fill('3');
    await form.getByLabel('Title').press('Enter');
    const added = page.getByTestId('blueprint-step').filter({ hasText: 'Sends a thank-you card' });
    await added.waitFor();
    assert.equal(await page.getByTestId('blueprint-step').count(), before + 1);
    assert.equal(await added.getAttribute('aria-pressed'), 'true', 'the new step is selected');
    await page.screenshot({ path: `${RESULTS_DIR}blueprint-editor.png` });

    // Still there after a reload: it was saved.
    await page.reload();
    await page.getByTestId('blueprint-step').filter({ hasText: 'Sends a thank-you card' }).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
