import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';
import { scoreWithRedAccount } from './red-account.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

/**
 * Four new accounts scored with the Standard card (no usage, no tickets: 60 of weight count).
 * Three score (0·20 + 30·5 + 100·10 + 100·5 + 100·10 + 100·10) / 60 = 60.8 → 61, red; Northwind
 * has two warning signs this week: 2650/60 = 44.2 → 44, red, down from 61.
 */
test('a leader sees the portfolio, previews a scorecard draft’s band shift, and saves it', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await scoreWithRedAccount(server, new Date());

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio', exact: true }).click();
    await page.getByRole('heading', { name: 'Portfolio health', level: 1 }).waitFor();
    const falls = page.getByTestId('movers-down');
    await falls.getByRole('link', { name: server.accountName }).waitFor();
    assert.match(await falls.innerText(), /61\s*→\s*44\s*\(−17\)/);
    assert.match(await falls.innerText(), /Outside warning signs rose from 0 signals to 2 signals \(−16\.7 points\)/);
    assert.match(await page.getByTestId('arr-at-risk').innerText(), /4 accounts/);
    await page.getByTestId('band-distribution-chart').locator('canvas').first().waitFor();
    assert.match((await page.getByTestId('band-distribution-chart').getAttribute('aria-label')) ?? '', /Red 4/);
    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: `${RESULTS_DIR}portfolio-health.png` });

    // The segment filter narrows every part: the three smb accounts did not move.
    await page.getByLabel('Segment').selectOption('smb');
    await page.getByTestId('movers-down').getByText('No score moved this way').waitFor();

    await page.getByRole('link', { name: 'Edit scorecards' }).click();
    await page.getByRole('heading', { name: 'Scorecards', level: 1 }).waitFor();
    await page.getByLabel('Yellow at or above').fill('50');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('scorecard-preview');
    await preview.getByText('Preview: 3 of 4 accounts would change band').waitFor();
    assert.equal((await preview.getByTestId('preview-transitions').innerText()).trim(), '3 accounts: Red → Yellow');
    assert.match(await preview.getByTestId('preview-bands').locator('tr[data-band="red"]').innerText(), /4\s+1 \(−3\)/);
    assert.match(await preview.getByTestId('preview-bands').locator('tr[data-band="yellow"]').innerText(), /0\s+3 \(\+3\)/);
    assert.doesNotMatch(await preview.getByTestId('preview-changed').innerText(), new RegExp(server.accountName), '44 stays red');

    // Warning signs no longer counted: every account scores 2650/50 = 53, yellow. An edit clears the old preview.
    await page.getByLabel('Weight of Outside warning signs').fill('0');
    await preview.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Preview' }).click();
    await preview.getByText('Preview: 4 of 4 accounts would change band').waitFor();
    const northwind = preview.getByTestId('preview-changed').getByRole('row').filter({ hasText: server.accountName });
    assert.match(await northwind.innerText(), /44\s*→\s*53/);
    await page.screenshot({ path: `${RESULTS_DIR}scorecard-preview.png` });
    await page.screenshot({ path: `${RESULTS_DIR}scorecard-preview-full.png`, fullPage: true });

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('scorecards-saved').getByText('Saved as version 1.').waitFor();
    await page.getByText('Version 1', { exact: false }).first().waitFor();
    const saved = await server.db.selectFrom('health_scorecard_versions').select(['version', 'config']).where('workspace_id', '=', server.workspaceId).executeTakeFirstOrThrow();
    const config = saved.config as { bands: { yellow: number }; scorecards: Array<{ measures: Array<{ key: string; weight: number }> }> };
    assert.equal(config.bands.yellow, 50);
    assert.equal(config.scorecards[0]!.measures.find((m) => m.key === 'negative_signals')!.weight, 0);
    const job = await server.db.selectFrom('jobs').select('type').where('workspace_id', '=', server.workspaceId).where('type', 'like', 'health%').executeTakeFirst();
    assert.ok(job, 'saving queued the full recompute');
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
