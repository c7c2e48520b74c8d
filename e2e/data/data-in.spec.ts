import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

// "Company" is not a field name, so the person maps it by hand; row 2 has a bad employee count.
const ACCOUNTS_CSV = [
  'externalId,Company,domain,employeeCount,owner',
  'crm-1,Initech Imports,initech.example,120,Jordan Smith',
  'crm-2,Globex Imports,globex.example,lots,',
  'crm-3,Umbrella Imports,umbrella.example,80,',
  '',
].join('\n');

const env = useServerAndBrowser();

before(async () => {
  await mkdir(RESULTS_DIR, { recursive: true });
});

async function sendBatch(writeKey: string, batch: object[]) {
  const { server } = env.ready();
  const response = await fetch(`${server.baseUrl}/v1/batch`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify({ batch }),
  });
  assert.equal(response.status, 200, await response.text());
}

test(
  'an admin creates a source, sends events with its key and sees them counted on the data-health screen',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    const { page, pageErrors } = await openPage(browser);
    try {
      await logIn(page, server);
      await page.getByRole('link', { name: 'Data' }).click();
      await page.waitForURL(/\/data\/health$/);
      await page.getByRole('tab', { name: 'Sources' }).click();
      await page.waitForURL(/\/data\/sources$/);

      await page.getByRole('button', { name: 'New source' }).click();
      await page.getByLabel('Name').fill('Web app (production)');
      await page.getByLabel('Name').press('Enter');
      const writeKey = (await page.getByTestId('write-key').innerText()).trim();
      assert.match(writeKey, /^bwk_[A-Za-z0-9_-]{43}$/);
      await page.screenshot({ path: `${RESULTS_DIR}data-source-created.png` });
      // Escape asks first: the key is shown only this once.
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Close without it' }).click();
      await page.getByTestId('write-key').waitFor({ state: 'detached' });
      const sourceRow = page.getByTestId('sources-table').getByRole('row').filter({ hasText: writeKey.slice(0, 10) });
      await sourceRow.waitFor();
      assert.match(await sourceRow.innerText(), /Browser/, 'a new source is a browser source unless chosen otherwise');

      // A second source, for a backend, created as server; then the first one is changed and changed back.
      await page.getByRole('button', { name: 'New source' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('Billing backend');
      await page.getByRole('dialog').getByLabel('Kind').selectOption('server');
      await page.getByRole('dialog').getByText(/Its key stays secret on your servers/).waitFor();
      await page.screenshot({ path: `${RESULTS_DIR}data-source-new-server.png` });
      await page.getByRole('button', { name: 'Create source' }).click();
      await page.getByTestId('write-key').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Close without it' }).click();
      await page.getByTestId('write-key').waitFor({ state: 'detached' });
      const serverRow = page.getByTestId('sources-table').getByRole('row').filter({ hasText: 'Billing backend' });
      await serverRow.getByText('Server', { exact: true }).waitFor();
      await sourceRow.getByRole('button', { name: 'Make server Web app (production)' }).click();
      await page.getByRole('dialog').getByText(/Only if this key has never been in a web page/).waitFor();
      await page.getByRole('button', { name: 'Make it server' }).click();
      await sourceRow.getByText('Server', { exact: true }).waitFor();
      await sourceRow.getByRole('button', { name: 'Make browser Web app (production)' }).click();
      await page.getByRole('button', { name: 'Make it browser' }).click();
      await sourceRow.getByText('Browser', { exact: true }).waitFor();
      await page.screenshot({ path: `${RESULTS_DIR}data-sources.png` });

      const track = (messageId: string, groupId: string) => ({
        type: 'track',
        messageId,
        userId: 'user-42',
        event: 'Report Exported',
        context: { groupId },
      });
      await sendBatch(writeKey, [
        { type: 'group', messageId: 'g1', userId: 'user-42', groupId: 'acme-999', traits: { name: 'Acme (unknown)' } },
        track('t1', 'acme-999'),
        track('t2', 'acme-999'),
        track('t3', 'acme-999'),
      ]);
      await sendBatch(writeKey, [track('t3', 'acme-999')]);

      await page.getByRole('tab', { name: 'Data health' }).click();
      await page.waitForURL(/\/data\/health$/);
      await page.getByTestId('freshness-table').getByText('Web app (production)').waitFor();
      await waitForText(page, 'total-received', '5');
      assert.equal(await page.getByTestId('total-accepted').innerText(), '4');
      assert.equal(await page.getByTestId('total-duplicates').innerText(), '1');
      await page.getByTestId('unmatched-groups').getByText('acme-999').waitFor();
      await page.getByTestId('unmatched-users').getByText('user-42').waitFor();
      await page.screenshot({ path: `${RESULTS_DIR}data-health.png`, fullPage: true });

      // An SDK whose batches are refused whole (here a body claiming gzip that is not) flags the source.
      const refused = await fetch(`${env.ready().server.baseUrl}/v1/batch`, {
        method: 'POST',
        headers: { 'Content-Encoding': 'gzip', Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
        body: JSON.stringify({ batch: [track('t4', 'acme-999')] }),
      });
      assert.equal(refused.status, 400);
      await page.getByRole('button', { name: 'Refresh' }).click();
      const healthRow = page.getByTestId('freshness-table').getByRole('row').filter({ hasText: 'Web app (production)' });
      await healthRow.getByText('Requests refused').waitFor();
      assert.match(await healthRow.innerText(), /1 request refused since .* not valid gzip data/);
      await page.screenshot({ path: `${RESULTS_DIR}data-health-rejecting.png` });
      assert.deepEqual(pageErrors, []);
    } finally {
      await page.close();
    }
  },
);

test(
  'an admin uploads a CSV of accounts, maps a column by hand, gives an outside owner to a member, dry-runs, imports and finds the account',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    const { page, pageErrors } = await openPage(browser);
    try {
      await logIn(page, server);
      await page.goto(`${server.baseUrl}/data/import`);
      await page.getByLabel('What the file holds').selectOption('accounts');
      await page
        .getByLabel(/^File/)
        .setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(ACCOUNTS_CSV) });
      await page.getByRole('button', { name: 'Preview' }).click();

      await page.getByTestId('mapping-table').waitFor();
      await page.getByText('Map a column to name').waitFor();
      await page.getByLabel('Column for name').selectOption('Company');
      await page.getByTestId('preview-table').getByText('Initech Imports').waitFor();
      const previewErrors = page.getByTestId('row-errors');
      await previewErrors.getByText('employeeCount').waitFor();
      assert.match(await previewErrors.innerText(), /2\s+employeeCount/);

      // The preview lists the owner no member matches; the dry run warns until a member is picked.
      const owners = page.getByTestId('owner-map-table');
      assert.match(await owners.getByRole('row').filter({ hasText: 'Jordan Smith' }).innerText(), /Jordan Smith\s+1/);
      await page.getByRole('button', { name: 'Dry run' }).click();
      await page.getByTestId('row-warnings').getByText('owner "Jordan Smith" is not a member of this workspace', { exact: false }).waitFor();
      const memberSelect = page.getByLabel('Member for Jordan Smith');
      const admin = (await memberSelect.locator('option').nth(1).innerText()).trim();
      await memberSelect.selectOption({ index: 1 });

      await page.getByLabel('Import the good rows, report the bad ones').check();
      await page.getByRole('button', { name: 'Dry run' }).click();
      await page.getByTestId('import-result').getByText('Dry run: nothing was written.').waitFor();
      assert.equal(await page.getByTestId('result-created').innerText(), '2');
      assert.equal(await page.getByTestId('result-failed').innerText(), '1');

      await page.getByRole('button', { name: 'Import accounts' }).click();
      await page.getByTestId('import-result').getByText('Imported.').waitFor();
      assert.equal(await page.getByTestId('result-created').innerText(), '2');
      await page.screenshot({ path: `${RESULTS_DIR}data-import.png`, fullPage: true });

      await page.getByRole('link', { name: 'See the accounts' }).click();
      await page.waitForURL(/\/accounts$/);
      await page.getByLabel('Search accounts').fill('Initech');
      await page.getByTestId('accounts-table').getByRole('link', { name: 'Initech Imports', exact: true }).waitFor();
      assert.match(await page.getByTestId('accounts-table').getByRole('row').filter({ hasText: 'Initech Imports' }).innerText(), new RegExp(admin));
      assert.deepEqual(pageErrors, []);
    } finally {
      await page.close();
    }
  },
);

async function waitForText(page: Page, testId: string, text: string) {
  await page.waitForFunction(
    ([id, expected]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === expected,
    [testId, text] as const,
  );
}
