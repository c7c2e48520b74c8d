import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemoWorld } from '../../src/demo/index.js';
import { drainDomainEvents } from '../../src/domain-events/testing/drain-domain-events.js';
import { experienceMomentsConsumer } from '../../src/experience/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

test('a leader reads a lost account’s journey, records a moment, and sees which stages precede churn', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const today = new Date().toISOString().slice(0, 10);
  await loadDemoWorld(server.db, { workspaceId: server.workspaceId, accounts: 60, months: 18, seed: 42, today, healthHistory: false });
  await drainDomainEvents(server.db, [experienceMomentsConsumer]);
  const lost = await server.db
    .selectFrom('experience_moments as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['a.id', 'a.name'])
    .where('m.workspace_id', '=', server.workspaceId)
    .where('m.kind', '=', 'contact_left')
    .executeTakeFirstOrThrow();

  const { page, pageErrors } = await openPage(browser);
  try {
    await mkdir(RESULTS_DIR, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, server);
    await page.goto(`${server.baseUrl}/accounts/${lost.id}?tab=experience`);
    await page.getByTestId('experience-chart').locator('canvas').first().waitFor();
    assert.match((await page.getByTestId('experience-chart').getAttribute('aria-label')) ?? '', /Experience score over 365 days/);
    await page.getByTestId('moments-table').getByText('The champion left: the person who carried us inside is gone').first().waitFor();

    await page.getByRole('button', { name: 'Record a moment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('select[name=kind]').selectOption('invoice');
    await dialog.getByLabel('What happened').fill('Invoice sent to the wrong address');
    await dialog.locator('select[name=outcome]').selectOption('negative');
    await dialog.locator('select[name=intensity]').selectOption('2');
    await dialog.getByRole('button', { name: 'Record moment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('moments-table').getByText('Invoice sent to the wrong address').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}experience-journey.png`, fullPage: true });

    await page.getByRole('link', { name: 'Root causes' }).click();
    await page.getByTestId('root-causes-chart').locator('canvas').first().waitFor();
    assert.match((await page.getByTestId('root-causes-chart').getAttribute('aria-label')) ?? '', /Churn lift by stage: highest/);
    await page.screenshot({ path: `${RESULTS_DIR}experience-root-causes.png`, fullPage: true });
    await page.getByRole('tab', { name: 'Touchpoint' }).click();
    await page.getByTestId('root-causes-table').getByText('contact_left').waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
