import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createAccount } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const run = promisify(execFile);

const env = useServerAndBrowser();

test(
  'an admin connects a help desk: the curl example it shows delivers a signed ticket, which waits for its account',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    const { page, pageErrors } = await openPage(browser);
    try {
      await logIn(page, server);
      await page.goto(`${server.baseUrl}/data/help-desk`);
      await page.getByRole('heading', { name: 'Tickets waiting for an account' }).waitFor();
      await page.getByText('None waiting').waitFor();

      await page.getByRole('button', { name: 'Connect a help desk' }).click();
      await page.getByRole('combobox', { name: 'Help desk' }).selectOption('generic');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      const url = await page.getByTestId('webhook-url').innerText();
      assert.match(
        url,
        new RegExp(`^${server.baseUrl}/api/webhooks/support/generic\\?workspace=${server.workspaceId}$`),
      );
      const secret = await page.getByTestId('webhook-secret').innerText();
      assert.ok(secret.length >= 32, 'a generated secret');

      // The snippet people copy, run as it is shown: bash, openssl and curl.
      const snippet = await page.locator('pre.snippet').innerText();
      const { stdout } = await run('bash', ['-c', snippet]);
      assert.match(stdout, /"status":"created"/, stdout);
      assert.match(stdout, /"accountId":null/, 'nobody has the domain acme.com yet');

      await page.getByRole('button', { name: 'Done' }).click();
      await page.reload();
      // After the reload the lists load again: wait for their rows (the delivery is now recorded).
      await page.getByTestId('webhook-secrets').locator('tbody tr').first().waitFor();
      await page.getByTestId('unmatched-tickets').locator('tbody tr').first().waitFor();
      const secrets = await page.getByTestId('webhook-secrets').locator('tbody tr').allInnerTexts();
      assert.equal(secrets.length, 1);
      assert.match(
        secrets[0]!,
        /^Other help desk \(generic JSON\)\s+\S+…[\s\S]*(just now|seconds? ago|minute ago)\s+Live/,
      );
      const waiting = await page.getByTestId('unmatched-tickets').locator('tbody tr').allInnerTexts();
      assert.equal(waiting.length, 1);
      assert.match(waiting[0]!, /^Export fails\s+ana@acme\.com\s+Generic/);

      // The account appears; "Match again" puts the waiting ticket on it.
      await createAccount(server.db, systemActor(server.workspaceId), { name: 'Acme', domain: 'acme.com' });
      await page.getByRole('button', { name: 'Match again' }).click();
      await page.getByText('None waiting').waitFor();

      await page.getByRole('button', { name: /^Revoke/ }).click();
      await page.getByRole('button', { name: 'Revoke secret' }).click();
      await page
        .getByTestId('webhook-secrets')
        .getByText(/^Revoked/)
        .waitFor();
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    } finally {
      await page.close();
    }
  },
);
