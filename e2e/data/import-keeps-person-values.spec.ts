import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createAccount, updateAccount } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

test(
  'a Salesforce import keeps the region a person set, says so in the dry run, and replaces it only when asked (issue 15 item 9)',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    const system = systemActor(server.workspaceId);
    const account = await createAccount(server.db, system, { name: 'Umbrella GmbH', region: 'DE', externalIds: { salesforce: '001UMB' } });
    const admin = await server.db.selectFrom('users').select(['id', 'name']).where('email', '=', server.adminEmail).executeTakeFirstOrThrow();
    const person = { workspaceId: server.workspaceId, role: 'admin' as const, userId: admin.id, tokenId: null, viaSession: true };
    await updateAccount(server.db, person, account.id, { region: 'EMEA' }, { source: 'api', now: new Date('2026-11-02T09:30:00Z') });

    const { page, pageErrors } = await openPage(browser);
    try {
      await logIn(page, server);
      await page.goto(`${server.baseUrl}/data/import`);
      await page.getByLabel('Exported from').selectOption('salesforce');
      await page.getByLabel(/^File/).setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from('Account ID,Account Name,Billing Country\n001UMB,Umbrella GmbH,DE\n') });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByTestId('preview-table').getByText('Umbrella GmbH').waitFor();

      await page.getByRole('button', { name: 'Dry run' }).click();
      const kept = `kept Region 'EMEA' set by ${admin.name} on 2026-11-02; the import had 'DE'`;
      await page.getByTestId('person-values').getByText(kept).waitFor();
      assert.equal(await page.getByTestId('result-unchanged').innerText(), '1');
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByTestId('person-values').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${RESULTS_DIR}import-keeps-person-values.png` });

      await page.getByLabel(/Overwrite values people set/).check();
      await page.getByRole('button', { name: 'Import accounts' }).click();
      await page.getByTestId('person-values').getByText(`replaced Region 'EMEA' set by ${admin.name} on 2026-11-02 with 'DE'`).waitFor();
      assert.equal(await page.getByTestId('result-updated').innerText(), '1');
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    } finally {
      await page.close();
    }
  },
);
