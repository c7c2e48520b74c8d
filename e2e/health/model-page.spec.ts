import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../../src/health/index.js';
import { healthBacktestJob, retrainHealthModel } from '../../src/health-model/index.js';
import { seedRenewals } from '../../src/health-model/testing/seed-renewals.js';
import { createJobRunner } from '../../src/jobs/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

/**
 * 30 renewals decided 300 days ago (12 lost, each after layoff news) and a model trained on
 * the terms that ended; three of the renewed accounts have layoff news 200 days ago and churn 60 days ago,
 * inside the default 180-day horizon of the backtest.
 */
test('a leader opens the churn model page, runs a backtest and sees its report', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const renewed = await seedRenewals(server.db, server.workspaceId, addDays(today, -300));
  const subscriptions = await server.db.selectFrom('subscriptions').select(['id', 'account_id']).where('account_id', 'in', renewed.slice(0, 3)).execute();
  await server.db
    .insertInto('arr_movements')
    .values(subscriptions.map((s) => ({ workspace_id: server.workspaceId, account_id: s.account_id, subscription_id: s.id, kind: 'churn' as const, amount: -1000, arr_before: 1000, arr_after: 0, occurred_on: addDays(today, -60) })))
    .execute();
  await server.db
    .insertInto('signals')
    .values(subscriptions.map((s) => ({ workspace_id: server.workspaceId, account_id: s.account_id, type: 'layoff' as const, title: 'Layoffs', occurred_at: new Date(`${addDays(today, -200)}T12:00:00Z`) })))
    .execute();
  await retrainHealthModel(server.db, { workspaceId: server.workspaceId, clock: { now: () => now } });

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio', exact: true }).click();
    await page.getByRole('link', { name: 'Churn model' }).click();
    await page.getByRole('heading', { name: 'Churn model', level: 1 }).waitFor();
    await page.getByTestId('backtest-empty').waitFor();
    // Trained today on the 30 ended terms and the 3 later churns, every fourth week of each.
    const versionRow = (await page.getByTestId('model-versions').innerText()).match(/\n1\t.*\t(?:Logistic regression|Boosted trees)\t180 days\t(\d+)\t(\d+)\t/);
    assert.ok(versionRow, 'version 1 with its horizon, training rows and losses');
    assert.ok(Number(versionRow[1]) >= 30 * 13 && Number(versionRow[2]) >= 15 * 6, versionRow[0]);

    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByTestId('backtest-status').getByText('is queued').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Backtest running…' }).isDisabled(), true);
    await createJobRunner({ db: server.db, handlers: [healthBacktestJob] }).runDue();

    const report = page.getByTestId('backtest-report');
    await report.getByText('18 accounts, 3 churned or contracted').waitFor();
    assert.match(await report.getByTestId('backtest-figures').innerText(), /AUC\s+\d\.\d\d\s+\d\.\d\d/);
    await page.getByTestId('calibration-chart').locator('canvas').first().waitFor();
    assert.match((await page.getByTestId('loss-rate-chart').getAttribute('aria-label')) ?? '', /^Loss rate by health band: .+ of \d+/);
    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: `${RESULTS_DIR}churn-model.png`, fullPage: true });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
