import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createAccount } from '../../src/accounts/index.js';
import { createUserInWorkspace, systemActor } from '../../src/auth/index.js';
import { createSubscription } from '../../src/subscriptions/index.js';
import { createTask } from '../../src/tasks/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PASSWORD = 'e2e-password-123';

/** Carl (CSM) owns Harbor Freight Co: a task three days late, one due in two days, a renewal in 30 days. Lena leads. */
async function seedBook(): Promise<void> {
  const { server } = env.ready();
  const system = systemActor(server.workspaceId);
  const carl = await createUserInWorkspace(server.db, system, { email: 'carl@e2e.example.com', name: 'Carl Csm', password: PASSWORD, workspaceId: server.workspaceId, role: 'csm' });
  await createUserInWorkspace(server.db, system, { email: 'lena@e2e.example.com', name: 'Lena Leader', password: PASSWORD, workspaceId: server.workspaceId, role: 'leader' });
  const account = await createAccount(server.db, system, { name: 'Harbor Freight Co', ownerId: carl.id });
  await createTask(server.db, system, account.id, { title: 'Send the QBR deck', dueDate: day(-3), ownerId: carl.id });
  await createTask(server.db, system, account.id, { title: 'Call about seats', dueDate: day(2), ownerId: carl.id });
  await createTask(server.db, system, account.id, { title: 'Someday maybe', dueDate: day(40), ownerId: carl.id });
  await createSubscription(
    server.db,
    system,
    account.id,
    { status: 'active', startDate: day(-335), endDate: day(30), autoRenew: false, currency: 'USD', items: [{ product: 'Platform', seats: 10, unitPrice: 1200 }] },
    new Date(),
  );
  await mkdir(RESULTS_DIR, { recursive: true });
}

test('a CSM starts the day on their overdue and due tasks and their renewals', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await seedBook();
  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, { baseUrl: server.baseUrl, adminEmail: 'carl@e2e.example.com', adminPassword: PASSWORD }, 'today');
    const overdue = page.getByRole('region', { name: 'Your overdue tasks' });
    await overdue.getByRole('link', { name: 'Send the QBR deck' }).waitFor();
    assert.match((await overdue.textContent()) ?? '', /3 days late/);
    const dueSoon = page.getByRole('region', { name: 'Due this week' });
    await dueSoon.getByRole('link', { name: 'Call about seats' }).waitFor();
    assert.equal(await dueSoon.getByRole('link', { name: 'Someday maybe' }).count(), 0, 'forty days out is not this week');
    const renewals = page.getByRole('region', { name: 'Your renewals, next 90 days' });
    await renewals.getByRole('link', { name: 'Harbor Freight Co' }).waitFor();
    assert.match((await renewals.textContent()) ?? '', /\$12,000 · in 30 days/);
    await page.screenshot({ path: `${RESULTS_DIR}today-csm.png` });
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});

test('a leader sees the team’s overdue tasks with their owners', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const { page } = await openPage(browser);
  try {
    await logIn(page, { baseUrl: server.baseUrl, adminEmail: 'lena@e2e.example.com', adminPassword: PASSWORD }, 'today');
    const overdue = page.getByRole('region', { name: 'The team’s overdue tasks' });
    await overdue.getByRole('link', { name: 'Send the QBR deck' }).waitFor();
    assert.match((await overdue.textContent()) ?? '', /Harbor Freight Co · Carl Csm · 3 days late/);
    await page.getByRole('region', { name: 'Renewals, next 90 days' }).getByRole('link', { name: 'Harbor Freight Co' }).waitFor();
  } finally {
    await page.close();
  }
});

test('an admin sees data health and what is left to set up', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const { page } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    const health = page.getByRole('region', { name: 'Data health' });
    await health.getByRole('link', { name: 'No failed jobs' }).waitFor();
    const setup = page.getByRole('region', { name: 'Setting up' });
    await setup.getByRole('link', { name: 'Connect a product source' }).waitFor();
    assert.match((await setup.textContent()) ?? '', /Invite your team \(done\)/, 'the team was seeded');
    await page.screenshot({ path: `${RESULTS_DIR}today-admin.png` });
  } finally {
    await page.close();
  }
});
