import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/index.js';
import { createUserInWorkspace, systemActor } from '../../src/auth/index.js';
import { createContact } from '../../src/contacts/index.js';
import { createTask } from '../../src/tasks/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();
const TABS = ['Timeline', 'Journey', 'Health', 'Experience', 'Contacts', 'Subscriptions', 'Tasks', 'Notes'];
/** Buttons that change something on the account page; none may be offered while viewing as. */
const WRITE = /edit|add|log |record|override|save|move|delete|new |complete|snooze|mark|remove|reassign/i;

/** What each tab shows once its data has come, where the test made some (the tab's own fetch starts after the click). */
const LOADED: Record<string, string> = { Contacts: 'Ada Buyer', Tasks: 'Call about seats' };

/** The enabled buttons of the page's main area, by accessible name, on each account tab. */
async function enabledButtonsByTab(page: Page): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const tab of TABS) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await page.getByRole('tabpanel').waitFor();
    if (LOADED[tab]) await page.getByRole('tabpanel').getByText(LOADED[tab]).first().waitFor();
    await page.waitForLoadState('networkidle');
    const names: string[] = [];
    for (const button of await page.locator('main button:enabled').all()) {
      names.push(((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '').trim());
    }
    found[tab] = names;
  }
  return found;
}

test('an admin viewing as a CSM gets no write buttons on the CSM’s account; stopping restores them', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const system = systemActor(server.workspaceId);
  const carl = await createUserInWorkspace(server.db, system, { email: 'carl@e2e.example.com', name: 'Carl Csm', password: 'e2e-password-123', workspaceId: server.workspaceId, role: 'csm' });
  const account = await createAccount(server.db, system, { name: 'Harbor Freight Co', ownerId: carl.id });
  await createContact(server.db, system, account.id, { name: 'Ada Buyer', email: 'ada@harbor.example.com' });
  await createTask(server.db, system, account.id, { title: 'Call about seats', dueDate: new Date().toISOString().slice(0, 10), ownerId: carl.id });
  await mkdir(RESULTS_DIR, { recursive: true });
  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.goto(`${server.baseUrl}/settings/users`);
    await page.getByRole('button', { name: 'View as Carl Csm' }).click();
    const banner = page.getByRole('status').filter({ hasText: 'Viewing as' });
    await banner.getByText('Viewing as Carl Csm (Csm) — read-only.').waitFor();

    await page.goto(`${server.baseUrl}/accounts/${account.id}`);
    await page.getByRole('heading', { name: 'Harbor Freight Co' }).waitFor();
    const viewing = await enabledButtonsByTab(page);
    for (const [tab, names] of Object.entries(viewing)) {
      assert.deepEqual(names.filter((name) => WRITE.test(name)), [], `${tab} offers a write while viewing as: ${names.join(', ')}`);
    }
    await page.getByRole('tab', { name: 'Tasks', exact: true }).click();
    await page.getByRole('tabpanel').getByText('Call about seats').waitFor();
    // A box that cannot be ticked says why.
    const done = page.getByRole('checkbox', { name: 'Done: Call about seats' });
    assert.equal(await done.isDisabled(), true);
    assert.equal(await done.getAttribute('title'), 'Read-only while viewing as Carl Csm. Stop viewing as them to make changes.');
    await page.screenshot({ path: `${RESULTS_DIR}account-viewing-as.png` });

    // The accounts list keeps Carl's saved views in sight, switched off with the reason.
    await page.goto(`${server.baseUrl}/accounts`);
    const saveView = page.getByRole('button', { name: 'Save view' });
    assert.equal(await saveView.isDisabled(), true);
    assert.equal(await saveView.getAttribute('title'), 'Read-only while viewing as Carl Csm. Stop viewing as them to make changes.');

    await banner.getByRole('button', { name: 'Stop viewing as' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.goto(`${server.baseUrl}/accounts/${account.id}`);
    await page.getByRole('heading', { name: 'Harbor Freight Co' }).waitFor();
    // Back as herself: each write control comes back once its tab has loaded.
    await page.locator('main').getByRole('button', { name: 'Edit', exact: true }).first().waitFor();
    await page.getByRole('tab', { name: 'Contacts', exact: true }).click();
    await page.getByRole('tabpanel').getByRole('button', { name: 'Add contact' }).waitFor();
    await page.getByRole('tab', { name: 'Health', exact: true }).click();
    await page.getByRole('tabpanel').getByRole('button', { name: 'Override score' }).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});

test('an admin viewing as a leader finds the leader’s settings forms switched off, with the reason', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const system = systemActor(server.workspaceId);
  await createUserInWorkspace(server.db, system, { email: 'lena@e2e.example.com', name: 'Lena Lead', password: 'e2e-password-123', workspaceId: server.workspaceId, role: 'leader' });
  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.goto(`${server.baseUrl}/settings/users`);
    await page.getByRole('button', { name: 'View as Lena Lead' }).click();
    await page.getByRole('status').filter({ hasText: 'Viewing as Lena Lead' }).waitFor();

    const reason = 'Read-only while viewing as Lena Lead. Stop viewing as them to make changes.';
    for (const section of ['cover', 'config']) {
      await page.goto(`${server.baseUrl}/settings/${section}`);
      await page.getByRole('note').filter({ hasText: reason }).waitFor();
      const enabled = await page.locator('.settings__body button:enabled, .settings__body textarea:enabled, .settings__body select:enabled').count();
      assert.equal(enabled, 0, `${section} offers a control while viewing as`);
    }
    await page.screenshot({ path: `${RESULTS_DIR}settings-viewing-as.png` });
    // Reading stays possible: the configuration still downloads.
    assert.equal(await page.getByRole('link', { name: /download/i }).count() > 0, true);
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
