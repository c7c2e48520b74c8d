import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemActor } from '../../src/auth/index.js';
import { createSource } from '../../src/ingest/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

// Names come from outside (identify traits, CRM imports): they must reach the page as text.
const NAME = '<img src=x onerror="window.__pwned=1;alert(1)">';
const TITLE = '<script>window.__pwned=2</script><b>Boss</b>';

const env = useServerAndBrowser();

test(
  'a contact named with markup by a server source’s identify shows as text on the account page; no element is made, no script runs',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    const { writeKey } = await createSource(server.db, systemActor(server.workspaceId), { name: 'Backend', kind: 'server' });
    const response = await fetch(`${server.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        batch: [
          { type: 'group', userId: 'u-markup', groupId: 'nw', traits: { domain: 'northwind.example' } },
          { type: 'identify', userId: 'u-markup', traits: { name: NAME, title: TITLE } },
        ],
      }),
    });
    assert.equal(response.status, 200, await response.text());

    const { page, pageErrors } = await openPage(browser);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await logIn(page, server);
      await page.getByTestId('accounts-table').getByRole('link', { name: server.accountName, exact: true }).click();
      await page.getByRole('heading', { name: server.accountName, level: 1 }).waitFor();

      await page.getByRole('tab', { name: 'Contacts' }).click();
      const row = page.getByTestId('contacts-table').getByRole('row').filter({ hasText: NAME });
      await row.waitFor();
      assert.match(await row.innerText(), /<img src=x onerror="window.__pwned=1;alert\(1\)">\s+<script>window.__pwned=2<\/script><b>Boss<\/b>/);
      assert.equal(await row.locator('img, script, b').count(), 0, 'the markup made no element in the row');

      await page.getByRole('tab', { name: 'Timeline' }).click();
      const entry = page.getByTestId('timeline').getByRole('listitem').filter({ hasText: NAME });
      await entry.first().waitFor();
      assert.equal(await entry.locator('img, script').count(), 0, 'nor on the timeline');

      assert.equal(await page.locator('img[src="x"]').count(), 0, 'no such image anywhere on the page');
      assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, 'no handler or script ran');
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: `${RESULTS_DIR}contact-name-is-text.png`, fullPage: true });
      assert.deepEqual(dialogs, [], 'no alert');
      assert.deepEqual(pageErrors, []);
    } finally {
      await page.close();
    }
  },
);
