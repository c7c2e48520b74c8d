import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';
import { scoreWithRedAccount } from './red-account.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

test('a CSM opens a red account, sees its reasons and history, and saves an override', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await scoreWithRedAccount(server, new Date());

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server);
    const row = page.getByTestId('accounts-table').getByRole('row').filter({ hasText: server.accountName });
    assert.equal((await row.getByTestId('account-health').innerText()).trim(), '44');
    await row.getByRole('link', { name: server.accountName, exact: true }).click();
    await page.getByRole('heading', { name: server.accountName, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Health' }).click();

    const summary = page.getByTestId('health-summary');
    await summary.getByText('Red', { exact: true }).waitFor();
    assert.equal(await page.getByTestId('health-score').innerText(), '44');
    const reasons = await page.getByTestId('health-reasons').innerText();
    assert.match(reasons, /No champion/);
    assert.match(reasons, /2 warning signs in the news/);
    assert.match(await page.getByTestId('health-moves').innerText(), /Outside warning signs rose from 0 signals to 2 signals/);
    await page.getByTestId('health-history-chart').locator('canvas').first().waitFor();
    assert.match((await page.getByTestId('health-history-chart').getAttribute('aria-label')) ?? '', /Health history: 9 points, 44 \(red\)/);
    await page.getByTestId('health-measures').getByRole('row').filter({ hasText: 'Seat utilisation' }).getByText('No data').waitFor();

    await page.getByRole('button', { name: 'Override score' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Band').selectOption('yellow');
    await dialog.getByLabel('Score (optional)').fill('60');
    await dialog.getByLabel('Reason').fill('New sponsor engaged; renewal call booked');
    await dialog.getByRole('button', { name: 'Save override' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const override = page.getByTestId('health-override');
    await override.waitFor();
    assert.match(await override.innerText(), /Overridden to Yellow \(60\) until .* by Erin Admin: “New sponsor engaged; renewal call booked”\. Computed score: 44 \(Red\)/);
    await summary.getByText('Override', { exact: true }).waitFor();
    assert.equal(await page.getByTestId('health-score').innerText(), '60');

    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: `${RESULTS_DIR}account-health.png` });
    await page.screenshot({ path: `${RESULTS_DIR}account-health-full.png`, fullPage: true });

    await page.reload();
    await page.getByTestId('health-override').waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
