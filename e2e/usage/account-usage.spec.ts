import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemActor } from '../../src/auth/index.js';
import { createSource } from '../../src/ingest/index.js';
import { refreshUsageRollups } from '../../src/usage/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

test(
  'events sent to /v1 show on the account page Usage tab: summary, charts, users',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    // A server source: only a trusted sender's group calls match accounts by domain.
    const { writeKey } = await createSource(server.db, systemActor(server.workspaceId), { name: 'Backend', kind: 'server' });
    const today = new Date();
    const at = (daysAgo: number) => new Date(today.getTime() - daysAgo * 86_400_000).toISOString();
    // The group matches the account by its domain; the users' events follow the group.
    // Maria said who she is before her account was known; li never did (issue 15 item 3: the person, not the id).
    const batch = [
      { type: 'identify', userId: 'maria', traits: { name: 'Maria Lopez', email: 'maria@northwind.example' } },
      { type: 'group', userId: 'maria', groupId: 'nw', traits: { domain: 'northwind.example' } },
      { type: 'group', userId: 'li', groupId: 'nw' },
      ...[0, 1, 2, 8].map((daysAgo) => ({
        type: 'track',
        userId: 'maria',
        event: 'Report exported',
        timestamp: at(daysAgo),
      })),
      { type: 'track', userId: 'li', event: 'Search', timestamp: at(3) },
      { type: 'page', userId: 'li', name: 'Home', timestamp: at(20) },
    ];
    const response = await fetch(`${server.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ batch }),
    });
    assert.equal(response.status, 200);
    // The server process would run this every 10 s; the spec runs the same step at once.
    while ((await refreshUsageRollups(server.db, { limit: 100 })).claimed > 0);

    const { page, pageErrors } = await openPage(browser);
    try {
      await logIn(page, server);
      await page.getByTestId('accounts-table').getByRole('link', { name: server.accountName, exact: true }).click();
      await page.getByRole('heading', { name: server.accountName, level: 1 }).waitFor();
      await page.getByRole('tab', { name: 'Usage' }).click();

      const summary = page.getByTestId('usage-summary');
      await summary.waitFor();
      assert.match(await summary.innerText(), /Active users, 7 days\s+2\s+Active users, 30 days\s+2/);
      // Breadth counts the workspace's named features (Data → Product features), none here yet:
      // the tab asks for them instead of counting raw event names (product-catalog.spec.ts counts them).
      assert.match(await summary.innerText(), /Features used, 30 days\s+Name the product's features/);
      for (const chart of ['usage-active-users-chart', 'usage-events-chart', 'usage-breadth-chart']) {
        await page.getByTestId(chart).locator('canvas').first().waitFor();
      }
      const users = await page.getByTestId('usage-users').locator('tbody tr').allInnerTexts();
      assert.equal(users.length, 2);
      assert.match(users[0]!, /^Maria Lopez\s+maria@northwind\.example\s[\s\S]*\s4\s+4$/, 'Maria by name and email: seen today, 4 events on 4 days in the last 30');
      assert.match(users[1]!, /^li\s[\s\S]*\s2\s+2$/, 'li: seen 3 days ago, 2 events on 2 days');
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: `${RESULTS_DIR}account-usage.png`, fullPage: true });
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    } finally {
      await page.close();
    }
  },
);
