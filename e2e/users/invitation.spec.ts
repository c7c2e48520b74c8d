import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

test('an admin invites by email, the invitee sets their own password from the link and signs in', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const admin = await openPage(browser);
  const invitee = await openPage(browser);
  try {
    await logIn(admin.page, server);
    await admin.page.getByRole('link', { name: 'Settings' }).click();
    await admin.page.getByRole('heading', { name: 'Members' }).waitFor();
    await admin.page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = admin.page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('nina@e2e.example.com');
    await dialog.getByLabel('Name').fill('Nina New');
    await dialog.getByLabel('Role').selectOption('csm');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    // The test server has no SMTP_URL: the admin sees the link once, to pass on.
    const link = (await dialog.getByTestId('invitation-link').textContent())?.trim() ?? '';
    assert.match(link, /\/invitations\/accept#token=[\w-]{43}$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await admin.page.getByTestId('invitations-table').getByRole('cell', { name: 'nina@e2e.example.com', exact: true }).waitFor();
    await mkdir(RESULTS_DIR, { recursive: true });
    await admin.page.screenshot({ path: `${RESULTS_DIR}users-page.png` });

    // The invitee, in their own browser, opens the link and chooses a password.
    await invitee.page.goto(link.replace(/^https?:\/\/[^/]+/, server.baseUrl));
    await invitee.page.getByRole('heading', { name: 'Join E2E Workspace' }).waitFor();
    await invitee.page.screenshot({ path: `${RESULTS_DIR}accept-invitation.png` });
    await invitee.page.getByLabel('Password', { exact: true }).fill('nina chose this');
    await invitee.page.getByLabel('Password again').fill('nina chose this');
    await invitee.page.getByRole('button', { name: 'Set password and join' }).click();
    await invitee.page.waitForURL(/\/accounts$/);
    await invitee.page.getByText('Nina New').first().waitFor();

    // The link is spent; the password works at the login form.
    await invitee.page.getByRole('button', { name: 'Log out' }).click();
    await invitee.page.goto(link.replace(/^https?:\/\/[^/]+/, server.baseUrl));
    await invitee.page.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await logIn(invitee.page, { baseUrl: server.baseUrl, adminEmail: 'nina@e2e.example.com', adminPassword: 'nina chose this' });

    // The admin sees Nina as a member and the invitation closed.
    await admin.page.reload();
    await admin.page.getByTestId('members-table').getByRole('cell', { name: 'nina@e2e.example.com', exact: true }).waitFor();
    assert.equal(await admin.page.getByTestId('invitations-table').count(), 0);
    assert.deepEqual([...admin.pageErrors, ...invitee.pageErrors], [], 'no uncaught errors in the pages');
  } finally {
    await admin.page.close();
    await invitee.page.close();
  }
});
