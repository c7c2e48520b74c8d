import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createAccount } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { createSource } from '../../src/ingest/index.js';
import { refreshUsageRollups, saveProductCatalog } from '../../src/usage/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

test('product features: adoption per feature, a new event name reviewed into a feature (issue 15 item 2)', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const admin = systemActor(server.workspaceId);
  await createAccount(server.db, admin, { name: 'Northwind', externalIds: { segment: 'g-northwind' } });
  await saveProductCatalog(server.db, admin, {
    catalog: { features: [{ key: 'reports', name: 'Reports', group: 'Core', events: ['Report Exported'] }] },
  });
  const { writeKey } = await createSource(server.db, admin, { name: 'Web app' });
  const now = new Date().toISOString();
  const response = await fetch(`${server.baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
    body: JSON.stringify({
      batch: [
        { type: 'group', userId: 'nw-1', groupId: 'g-northwind', timestamp: now },
        { type: 'track', userId: 'nw-1', event: 'Report Exported', timestamp: now, context: { groupId: 'g-northwind' } },
        { type: 'track', userId: 'nw-1', event: 'Dashboard Shared', timestamp: now, context: { groupId: 'g-northwind' } },
      ],
    }),
  });
  assert.equal(response.status, 200, await response.text());
  while ((await refreshUsageRollups(server.db, { limit: 100 })).claimed > 0);

  const { page, pageErrors } = await openPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  try {
    await logIn(page, server);
    await page.goto(`${server.baseUrl}/data/features`);
    const features = page.getByTestId('catalog-features');
    await features.getByText('Reports').waitFor();
    await features.getByText('100%').waitFor(); // Northwind is the one active account, and it used Reports
    const proposed = page.getByTestId('catalog-proposed');
    await proposed.locator('code', { hasText: 'Dashboard Shared' }).waitFor();
    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: `${RESULTS_DIR}product-features.png` });

    await proposed.getByLabel('Feature name for Dashboard Shared').fill('Dashboards');
    await proposed.getByRole('button', { name: 'Save Dashboard Shared' }).click();
    await features.getByText('Dashboards').waitFor();
    await page.getByText('Nothing to review').waitFor();
    await page.getByText('Version 2, in force since').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}product-features-reviewed.png` });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
