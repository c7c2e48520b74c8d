import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, skipReason } from '../support/browser.js';
import { startTestServer } from '../support/start-test-server.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const NOTE = 'QBR moved to March';

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
let browser: Browser | undefined;

before(async () => {
  if (skipReason) return;
  server = await startTestServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a CSM adds a note to an account and sees it in notes and on the timeline', { skip: skipReason }, async () => {
  assert.ok(server && browser, 'server and browser started');
  const { page, pageErrors } = await openPage(browser);

  try {
    // Opening a protected page first also checks that login returns the user there.
    await page.goto(`${server.baseUrl}/accounts`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Email').fill(server.adminEmail);
    await page.getByLabel('Password').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL(/\/accounts$/);
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByTestId('accounts-table').waitFor();

    await page.getByLabel('Search accounts').fill(server.accountName);
    await page.waitForURL((url) => url.searchParams.get('q') === server?.accountName);
    const accountLink = page.getByTestId('accounts-table').getByRole('link', { name: server.accountName, exact: true });
    await accountLink.click();

    await page.waitForURL(/\/accounts\/[^/?]+/);
    await page.getByRole('heading', { name: server.accountName, level: 1 }).waitFor();

    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByLabel('New note').fill(NOTE);
    await page.getByRole('button', { name: 'Save note' }).click();
    await expectNote(page);
    assert.equal(await page.getByLabel('New note').inputValue(), '', 'the composer clears after saving');

    await page.getByRole('tab', { name: 'Timeline' }).click();
    await expectNoteOnTopOfTimeline(page);

    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: `${RESULTS_DIR}account-page.png`, fullPage: true });

    await page.reload();
    await expectNoteOnTopOfTimeline(page);
    await page.getByRole('tab', { name: 'Notes' }).click();
    await expectNote(page);

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});

async function expectNote(page: Page) {
  await page.getByTestId('notes-list').getByText(NOTE, { exact: true }).first().waitFor();
}

async function expectNoteOnTopOfTimeline(page: Page) {
  const firstEntry = page.getByTestId('timeline').getByRole('listitem').first();
  await firstEntry.waitFor();
  assert.match(await firstEntry.innerText(), new RegExp(NOTE), 'the newest timeline entry is the note');
}
