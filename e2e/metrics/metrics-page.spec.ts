import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { listAccounts } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { createSubscription, updateSubscription } from '../../src/subscriptions/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const STEPS = ['start', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'end'] as const;

const env = useServerAndBrowser();

/** The bridge table's figures in cents, read from the page. */
async function readBridge(page: Page): Promise<Record<(typeof STEPS)[number], number>> {
  const entries = await Promise.all(STEPS.map(async (step) => [step, Number(await page.getByTestId(`bridge-${step}`).getAttribute('data-cents'))] as const));
  return Object.fromEntries(entries) as Record<(typeof STEPS)[number], number>;
}

function assertAddsUp(bridge: Record<(typeof STEPS)[number], number>): void {
  const movements = bridge.new + bridge.expansion + bridge.contraction + bridge.churn + bridge.reactivation;
  assert.equal(bridge.start + movements, bridge.end, `start + movements = end: ${JSON.stringify(bridge)}`);
}

/** Waits until the bridge shows the period's label, so the figures read belong to it. */
async function waitForPeriod(page: Page, label: string): Promise<void> {
  await page.getByText(label, { exact: false }).first().waitFor();
  await page.getByTestId('metrics-bridge-chart').locator('canvas').first().waitFor();
}

test('the metrics page: change the period and the segment, and the bridge still adds up', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const actor = systemActor(server.workspaceId);
  const { data: accounts } = await listAccounts(server.db, actor, { limit: 50, sort: 'name', order: 'asc', includeChurned: true }, new Date());
  const id = (name: string) => accounts.find((a) => a.name === name)!.id;
  const now = new Date();
  const item = (arr: number) => [{ product: 'Platform', seats: 10, unitPrice: arr / 10 }];
  const contract = (name: string, startDate: string, arr: number) =>
    createSubscription(server.db, actor, id(name), { startDate, endDate: '2026-12-31', status: 'active', autoRenew: false, currency: 'USD', items: item(arr), effectiveDate: startDate }, now);
  // Northwind (mid-market) grows 12,000 → 18,000 in February 2025; Contoso (smb) leaves on 31 March; Fabrikam (smb) joins in January.
  const northwind = await contract(server.accountName, '2024-01-01', 12_000);
  await updateSubscription(server.db, actor, northwind.id, { items: item(18_000), effectiveDate: '2025-02-10' }, now);
  const contoso = await contract('Contoso', '2024-06-01', 10_000);
  await updateSubscription(server.db, actor, contoso.id, { status: 'cancelled', effectiveDate: '2025-03-31' }, now);
  await contract('Fabrikam', '2025-01-20', 8_000);
  // Tailspin Toys: a two-year contract that started 18 months ago, so it renews within the forecast's year whatever today is.
  const tailspinStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 18, 1));
  const tailspinEnd = new Date(Date.UTC(tailspinStart.getUTCFullYear() + 2, tailspinStart.getUTCMonth(), 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  await createSubscription(server.db, actor, id('Tailspin Toys'), { startDate: day(tailspinStart), endDate: day(tailspinEnd), status: 'active', autoRenew: false, currency: 'USD', items: item(6_000), effectiveDate: day(tailspinStart) }, now);

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server);
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByTestId('metrics-page').waitFor();

    await page.getByLabel('Period', { exact: true }).selectOption('quarter');
    await page.getByLabel('Month', { exact: true }).fill('2025-03');
    await waitForPeriod(page, '2025 Q1');
    const quarter = await readBridge(page);
    assert.deepEqual(quarter, { start: 2_200_000, new: 800_000, expansion: 600_000, contraction: 0, churn: -1_000_000, reactivation: 0, end: 2_600_000 });
    assertAddsUp(quarter);

    await page.getByLabel('Period', { exact: true }).selectOption('month');
    await page.getByLabel('Month', { exact: true }).fill('2025-02');
    await waitForPeriod(page, '2025-02-01 to 2025-02-28');
    const february = await readBridge(page);
    assert.deepEqual([february.start, february.expansion, february.end], [3_000_000, 600_000, 3_600_000]);
    assertAddsUp(february);

    await page.getByLabel('Segment', { exact: true }).selectOption('smb');
    await page.waitForFunction(() => document.querySelector('[data-testid="bridge-start"]')?.getAttribute('data-cents') === '1800000');
    const smb = await readBridge(page);
    assert.deepEqual([smb.start, smb.expansion, smb.end], [1_800_000, 0, 1_800_000]);
    assertAddsUp(smb);

    // A figure opens the ledger rows behind it.
    await page.getByLabel('Segment', { exact: true }).selectOption('');
    await page.waitForFunction(() => document.querySelector('[data-testid="bridge-start"]')?.getAttribute('data-cents') === '3000000');
    await page.getByRole('button', { name: 'Expansion' }).click();
    const details = page.getByTestId('metrics-details');
    await details.getByRole('link', { name: server.accountName }).waitFor();
    assert.match(await details.innerText(), /Expansion: \$6,000 ARR/);

    for (const chart of ['metrics-retention-chart', 'metrics-cohort-chart', 'metrics-survival-chart']) {
      await page.getByTestId(chart).locator('canvas').first().waitFor();
    }
    // Renewals ahead: the forecast with its backtest beside it, CLV, time to value, capacity; each exports CSV.
    await page.getByTestId('metrics-forecast-chart').locator('canvas').first().waitFor();
    assert.match(await page.getByTestId('metrics-forecast-by-csm').innerText(), /Erin Admin/);
    await page.getByTestId('metrics-calibration-chart').locator('canvas').first().waitFor();
    assert.match(await page.getByTestId('metrics-brier').innerText(), /^\d\.\d{3}$/);
    assert.match(await page.getByTestId('metrics-clv-table').innerText(), /smb/);
    await page.getByTestId('metrics-ttv-table').waitFor();
    await page.getByTestId('metrics-capacity-chart').locator('canvas').first().waitFor();
    await page.getByTestId('metrics-rebalancing').waitFor();
    const download = page.waitForEvent('download');
    await page.locator('section.card', { has: page.getByTestId('metrics-forecast-chart') }).getByRole('button', { name: 'Export CSV' }).click();
    assert.match((await download).suggestedFilename(), /^renewal-forecast-\d{4}-\d{2}-\d{2}\.csv$/);

    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: `${RESULTS_DIR}metrics-page.png`, fullPage: true });
    await page.getByTestId('metrics-forecast-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${RESULTS_DIR}metrics-forecast.png` });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
