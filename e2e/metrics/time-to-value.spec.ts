import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listAccounts, updateAccount } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { getAccountJourney, setMilestoneDone } from '../../src/journeys/index.js';
import { createSubscription } from '../../src/subscriptions/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

/**
 * Time to value on the Metrics page: to the journey's value milestone ("50% of seats active"),
 * grouped by acquisition channel, with its distribution; cohorts by channel.
 * Northwind (Partner Referral): 45 days; Contoso (Web): 90 days; Fabrikam (Web): not yet.
 * All: 45, 90, censored → median 90; Partner Referral 45; Web: 90, censored → 90.
 */
test('the metrics page: time to value from journey milestones, by acquisition channel', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const actor = systemActor(server.workspaceId);
  const { data: accounts } = await listAccounts(server.db, actor, { limit: 50, sort: 'name', order: 'asc', includeChurned: true }, new Date());
  const now = new Date();
  const world = [
    [server.accountName, 'Partner Referral', '2025-01-01', '2025-02-15'],
    ['Contoso', 'Web', '2025-01-01', '2025-04-01'],
    ['Fabrikam', 'Web', '2025-02-01', null],
  ] as const;
  for (const [name, channel, start, valueOn] of world) {
    const id = accounts.find((a) => a.name === name)!.id;
    await createSubscription(
      server.db,
      actor,
      id,
      { startDate: start, endDate: '2027-12-31', status: 'active', autoRenew: false, currency: 'USD', items: [{ product: 'Platform', seats: 10, unitPrice: 1_000 }], effectiveDate: start },
      now,
    );
    const account = await updateAccount(server.db, actor, id, { acquisitionChannel: channel, lifecycleStage: 'Adoption' }, { now: new Date(`${start}T09:00:00Z`) });
    if (valueOn) {
      const journey = await getAccountJourney(server.db, server.workspaceId, account, now);
      const milestone = journey.milestones.find((m) => m.key === 'seats-half-active')!;
      await setMilestoneDone(server.db, actor, { accountId: id, milestoneId: milestone.id, done: true, now: new Date(`${valueOn}T09:00:00Z`) });
    }
  }

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server);
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByTestId('metrics-page').waitFor();
    const table = page.getByTestId('metrics-ttv-table');
    await table.waitFor();
    await page.getByText('Time to value: 50% of seats active').waitFor();

    await page.getByTestId('metrics-ttv-by').selectOption('channel');
    await table.getByRole('rowheader', { name: 'Partner Referral' }).waitFor();
    const row = async (name: string) => (await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).innerText()).split('\t').map((c) => c.trim());
    // Group, reached of customers, median days, ≤ 30, ≤ 90.
    assert.deepEqual((await row('(all)')).slice(0, 3), ['(all)', '2 of 3', '90']);
    assert.deepEqual((await row('Partner Referral')).slice(0, 3), ['Partner Referral', '1 of 1', '45']);
    assert.deepEqual((await row('Web')).slice(0, 3), ['Web', '1 of 2', '90']);
    await page.getByTestId('metrics-ttv-chart').locator('canvas').first().waitFor();

    // First usage instead: nobody has used the product, so no one has reached it.
    await page.getByTestId('metrics-ttv-value').selectOption('firstUsage');
    await page.getByText('Time to first value (first usage)').waitFor();
    assert.deepEqual((await row('(all)')).slice(0, 2), ['(all)', '0 of 3']);
    await page.getByTestId('metrics-ttv-value').selectOption('');
    await page.getByText('Time to value: 50% of seats active').waitFor();

    // Cohorts and survival by acquisition channel.
    await page.getByTestId('metrics-cohorts-by').selectOption('channel');
    await page.getByText('Revenue retention by acquisition channel').waitFor();
    await page.getByTestId('metrics-survival-by').selectOption('channel');
    await page.getByText('Customer survival by acquisition channel', { exact: false }).waitFor();
    await page.getByTestId('metrics-survival-chart').locator('canvas').first().waitFor();

    await mkdir(RESULTS_DIR, { recursive: true });
    await page.getByTestId('metrics-ttv-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${RESULTS_DIR}metrics-time-to-value.png` });
    await page.getByTestId('metrics-cohort-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${RESULTS_DIR}metrics-cohorts-by-channel.png` });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
