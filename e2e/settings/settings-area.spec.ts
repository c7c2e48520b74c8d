import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createUserInWorkspace, systemActor } from '../../src/auth/index.js';
import { createJobRunner, scheduleJob } from '../../src/jobs/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

/** A leader, two CSMs and a failed job, on the spec's server (once, by the first test). */
async function seedTeam(): Promise<void> {
  const { server } = env.ready();
  const system = systemActor(server.workspaceId);
  for (const [email, name, role] of [
    ['lena@e2e.example.com', 'Lena Leader', 'leader'],
    ['carl@e2e.example.com', 'Carl Csm', 'csm'],
    ['dana@e2e.example.com', 'Dana Csm', 'csm'],
  ] as const) {
    await createUserInWorkspace(server.db, system, { email, name, password: 'e2e-password-123', workspaceId: server.workspaceId, role });
  }
  // A job that failed for good, as an unreachable mail server leaves one.
  await scheduleJob(server.db, { type: 'e2e.mail', workspaceId: server.workspaceId, maxAttempts: 1 });
  await createJobRunner({ db: server.db, handlers: [{ type: 'e2e.mail', run: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.25:587')) }] }).runDue();
  await mkdir(RESULTS_DIR, { recursive: true });
}

test('an admin finds every settings section, changes a role, makes and revokes a token, arranges cover and retries a failed job', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await seedTeam();
  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/settings\/users$/);
    const nav = page.getByRole('navigation', { name: 'Settings' });
    const sections = await nav.getByRole('link').allTextContents();
    assert.deepEqual(sections, [
      'Users & invitations',
      'Teams',
      'Cover during leave',
      'Audit log',
      'Journey stages',
      'Hand-off rules',
      'Outbound',
      'Configuration as code',
      'API tokens',
      'Custom fields',
      'Sources',
      'Help desks',
      'Jobs',
    ]);

    // Users & roles: the CSM role reads CSM; Carl becomes a leader, and that holds after a reload.
    const members = page.getByTestId('members-table');
    await members.getByRole('cell', { name: 'carl@e2e.example.com' }).waitFor();
    assert.equal(await page.getByLabel('Role of Carl Csm').locator('option:checked').textContent(), 'CSM');
    await page.screenshot({ path: `${RESULTS_DIR}settings-users.png` });
    await Promise.all([
      page.waitForResponse((response) => response.url().includes('/api/users/') && response.request().method() === 'PATCH'),
      page.getByLabel('Role of Carl Csm').selectOption('leader'),
    ]);
    await page.reload();
    assert.equal(await page.getByLabel('Role of Carl Csm').inputValue(), 'leader');

    // API tokens: created, shown once, revoked.
    await nav.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Nightly CRM sync');
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const token = (await dialog.getByTestId('created-token').textContent())?.trim() ?? '';
    const works = await fetch(`${server.baseUrl}/api/accounts`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(works.status, 200, 'the token shown works');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Revoke Nightly CRM sync' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('tokens-table').getByText(/^Revoked/).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}settings-tokens.png` });
    assert.equal((await fetch(`${server.baseUrl}/api/accounts`, { headers: { authorization: `Bearer ${token}` } })).status, 401);

    // Custom fields.
    await nav.getByRole('link', { name: 'Custom fields' }).click();
    await page.getByRole('button', { name: 'Define a field' }).click();
    await page.getByRole('dialog').getByLabel('Label').fill('Support tier');
    await page.getByRole('dialog').getByLabel('Key').fill('support_tier');
    await page.getByRole('dialog').getByLabel('Type').selectOption('select');
    await page.getByRole('dialog').getByLabel('Choices').fill('Gold, Silver');
    await page.getByRole('dialog').getByRole('button', { name: 'Define field' }).click();
    await page.getByTestId('custom-fields-table').getByRole('cell', { name: 'Gold, Silver' }).waitFor();

    // Cover during leave: Dana covers Lena's book until a day.
    await nav.getByRole('link', { name: 'Cover during leave' }).click();
    await page.getByRole('button', { name: 'Arrange cover' }).click();
    const cover = page.getByRole('dialog');
    await cover.getByLabel('Who is away').selectOption({ label: 'Lena Leader' });
    await cover.getByLabel('Who covers their accounts').selectOption({ label: 'Dana Csm' });
    await cover.getByLabel('Last day of cover').fill('2099-01-31');
    await cover.getByLabel('Reason').fill('Parental leave');
    await cover.getByRole('button', { name: 'Arrange cover' }).click();
    const grants = page.getByTestId('grants-table');
    await grants.getByRole('cell', { name: 'Lena Leader’s book' }).waitFor();
    await grants.getByRole('cell', { name: 'Jan 31, 2099' }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}settings-cover.png` });

    // Jobs: the failed one with its error, retried.
    await nav.getByRole('link', { name: 'Jobs' }).click();
    const jobs = page.getByTestId('jobs-table');
    await jobs.getByText('connect ECONNREFUSED 10.0.0.25:587').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}settings-jobs.png` });
    await page.getByRole('button', { name: 'Retry e2e.mail' }).click();
    await page.getByText('No failed jobs').waitFor();
    const queued = await server.db.selectFrom('jobs').select(['state', 'attempts']).where('type', '=', 'e2e.mail').executeTakeFirstOrThrow();
    assert.deepEqual(queued, { state: 'queued', attempts: 0 });

    // Audit log: automation and people apart; the role change is there.
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Who').selectOption('user');
    await page.getByLabel('What').fill('membership');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByTestId('audit-table').getByRole('cell', { name: 'Erin Admin' }).first().waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}settings-audit.png` });

    // Configuration as code: the downloaded YAML, edited, checked (nothing saved), then applied.
    await nav.getByRole('link', { name: 'Configuration as code' }).click();
    const exported = await page.evaluate(() => fetch('/api/config').then((response) => response.text()));
    await page.getByLabel('Document').fill(exported.replace(/^( {4}green:) 85$/m, '$1 80'));
    await page.getByRole('button', { name: 'Check changes' }).click();
    const report = page.getByTestId('config-report');
    await report.getByText('health.bands.green: 85 → 80').waitFor();
    await report.getByText('Checked: nothing was saved.').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}settings-config.png` });
    await page.getByRole('button', { name: 'Apply' }).click();
    await report.getByText('Applied.').waitFor();
    assert.match(await page.evaluate(() => fetch('/api/config').then((response) => response.text())), /^ {4}green: 80$/m);

    // Sources and help desks are reachable here too.
    await nav.getByRole('link', { name: 'Sources' }).click();
    await page.getByRole('button', { name: 'New source' }).waitFor();
    await nav.getByRole('link', { name: 'Help desks' }).click();
    await page.getByRole('heading', { name: 'Tickets waiting for an account' }).waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});

test('a leader sees their team, cover, the audit log and outbound deliveries, not the admin sections', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const { page } = await openPage(browser);
  try {
    await logIn(page, { baseUrl: server.baseUrl, adminEmail: 'lena@e2e.example.com', adminPassword: 'e2e-password-123' }, 'today');
    await page.goto(`${server.baseUrl}/settings/users`);
    await page.getByTestId('members-table').waitFor();
    const sections = await page.getByRole('navigation', { name: 'Settings' }).getByRole('link').allTextContents();
    assert.deepEqual(sections, ['Users & invitations', 'Teams', 'Cover during leave', 'Audit log', 'Hand-off rules', 'Outbound', 'Configuration as code']);
    assert.equal(await page.getByLabel(/^Role of/).count(), 0, 'roles are read, not changed');
    await page.goto(`${server.baseUrl}/settings/tokens`);
    await page.getByText('Only admins see this section').waitFor();
  } finally {
    await page.close();
  }
});
