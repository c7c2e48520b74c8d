import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/auth/index.js';
import { createSource } from '../../src/ingest/index.js';
import { refreshUsageRollups } from '../../src/usage/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const env = useServerAndBrowser();

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/**
 * Records every CSP violation from the first byte of each document: the init script runs
 * through the DevTools protocol, which the page's own policy does not govern.
 */
async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const consoleReports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleReports.push(message.text());
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      const where = `${event.sourceFile.split('/').pop()}:${event.lineNumber}:${event.columnNumber}`;
      window.cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${where} on <${(event.target as Element).nodeName?.toLowerCase()}>`,
      );
    });
  });
  return async () => [...(await page.evaluate(() => window.cspViolations)), ...consoleReports];
}

/** Moves the mouse across a chart so ECharts draws its HTML axis tooltip. */
async function hoverChart(page: Page, testId: string): Promise<void> {
  const canvas = page.getByTestId(testId).locator('canvas').first();
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  assert.ok(box, `${testId} is laid out`);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 5 });
}

test(
  'the web app runs under its Content-Security-Policy: login, accounts, an account with charts, the Data page',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    // A server source: only a trusted key may match a group to its account by domain (ingest/README.md).
    const { writeKey } = await createSource(server.db, systemActor(server.workspaceId), { name: 'Backend', kind: 'server' });
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const response = await fetch(`${server.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        batch: [
          { type: 'group', userId: 'maria', groupId: 'nw', traits: { domain: 'northwind.example' } },
          ...[0, 1, 2, 5].map((daysAgo) => ({
            type: 'track',
            userId: 'maria',
            event: 'Report exported',
            timestamp: at(daysAgo),
          })),
        ],
      }),
    });
    assert.equal(response.status, 200);
    while ((await refreshUsageRollups(server.db, { limit: 100 })).claimed > 0);

    const { page, pageErrors } = await openPage(browser);
    const violations = await watchCspViolations(page);
    try {
      const login = await page.goto(`${server.baseUrl}/login`);
      assert.match(
        login?.headers()['content-security-policy'] ?? '',
        /script-src 'self'/,
        'the page is served with the policy',
      );
      await logIn(page, server);
      await page.getByTestId('accounts-table').getByRole('link', { name: server.accountName, exact: true }).waitFor();
      assert.deepEqual(await violations(), [], 'login and the accounts list');

      await page.getByTestId('accounts-table').getByRole('link', { name: server.accountName, exact: true }).click();
      await page.getByRole('heading', { name: server.accountName, level: 1 }).waitFor();
      await page.getByRole('tab', { name: 'Usage' }).click();
      await page.getByTestId('usage-summary').waitFor();
      await hoverChart(page, 'usage-events-chart');
      await page
        .locator('div')
        .filter({ hasText: /Report exported/ })
        .last()
        .waitFor();
      assert.deepEqual(await violations(), [], 'the account page, its charts and their tooltips');

      await page.getByRole('link', { name: 'Data' }).click();
      await page.waitForURL(/\/data\/health$/);
      await page.getByTestId('freshness-table').getByText('Backend').waitFor();
      await hoverChart(page, 'volume-chart');
      assert.deepEqual(await violations(), [], 'the Data page and its volume chart');
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    } finally {
      await page.close();
    }
  },
);
