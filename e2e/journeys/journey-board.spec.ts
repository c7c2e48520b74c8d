import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { loadDemoWorld } from '../../src/demo/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

test('the journey board shows accounts by stage, and the gate into Decision & Contract says what is missing', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await loadDemoWorld(server.db, { workspaceId: server.workspaceId, accounts: 40, months: 9, seed: 7, healthHistory: false });
  const gated = await createAccount(server.db, systemActor(server.workspaceId), { name: 'Gatekeeper Ltd', segment: 'smb', lifecycleStage: 'Trial' });
  const { page, pageErrors } = await openPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  await mkdir(RESULTS_DIR, { recursive: true });
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journey', exact: true }).click();
    const board = page.getByTestId('journey-board');
    await board.waitFor();
    const adoption = board.getByRole('region', { name: /^Adoption: \d+ accounts$/ });
    await adoption.waitFor();
    const trial = board.getByRole('region', { name: /^Trial: \d+ accounts$/ });
    assert.ok(Number(await trial.getByTestId('journey-column-total').innerText()) >= 1);
    await page.screenshot({ path: `${RESULTS_DIR}journey-board.png` });

    // Filtering by segment keeps the address and narrows the board.
    await page.getByLabel('Segment').selectOption('smb');
    await page.waitForURL(/segment=smb/);
    await trial.getByRole('link', { name: /Gatekeeper Ltd/ }).click();
    await page.waitForURL(new RegExp(`/accounts/${gated.id}\\?tab=journey`));
    await page.getByTestId('journey-stage').getByText('Trial').waitFor();

    await page.getByTestId('journey-move-stage').selectOption('Decision & Contract');
    await page.getByLabel('Reason').fill('Proposal sent');
    await page.getByTestId('journey-move').click();
    await page.getByRole('alert').getByText("Gatekeeper Ltd: Cannot enter Decision & Contract: record the customer's goals and success criteria first.").waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}journey-gate.png`, fullPage: true });
    assert.equal(await page.getByTestId('journey-stage').innerText(), 'Trial', 'nothing moved');

    await page.getByLabel('Customer goals', { exact: true }).fill('Cut onboarding time in half');
    await page.getByLabel('Success criteria', { exact: true }).fill('New teams live within 10 days');
    await page.getByRole('button', { name: 'Save goals' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.getByTestId('journey-move-stage').selectOption('Decision & Contract');
    await page.getByTestId('journey-move').click();
    await page.getByTestId('journey-stage').getByText('Decision & Contract').waitFor();
    await page.getByTestId('journey-history').getByText('Proposal sent').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}account-journey.png`, fullPage: true });

    await page.goto(`${server.baseUrl}/settings/journey`);
    await page.getByTestId('journey-settings').waitFor();
    assert.equal(await page.getByTestId('journey-stage-row').count(), 9);
    await page.screenshot({ path: `${RESULTS_DIR}journey-settings.png`, fullPage: true });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
