import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listAccounts } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { loadDemoFlows } from '../../src/flows/index.js';
import { createSource, linkKnownGroups } from '../../src/ingest/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

test('the flows page shows the funnel and who is stuck; the account shows its stuck users', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const actor = systemActor(server.workspaceId);
  const { data: accounts } = await listAccounts(server.db, actor, { limit: 50, sort: 'name', order: 'asc', includeChurned: true }, new Date());
  const { source } = await createSource(server.db, actor, { name: 'App', kind: 'server' });
  await linkKnownGroups(server.db, { workspaceId: server.workspaceId, groups: accounts.map((a) => ({ groupId: `grp-${a.id}`, accountId: a.id, name: a.name, domain: null })), seenAt: new Date() });
  // The example onboarding flow over four accounts; Contoso's onboarding stalled 20 days ago.
  let seed = 7;
  const loaded = await loadDemoFlows(server.db, {
    workspaceId: server.workspaceId,
    source: { id: source.id, workspaceId: server.workspaceId, kind: source.kind },
    accounts: accounts.map((a) => ({ accountId: a.id, groupId: `grp-${a.id}`, customerSince: day(80), stalledSince: a.name === 'Contoso' ? day(20) : null })),
    historyStart: day(85),
    today: day(0),
    random: { next: () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646 },
    usersPerAccount: 6,
    clock: { now: () => new Date() },
  });
  assert.ok(loaded.stuck >= 6, `Contoso's six users are stuck: ${JSON.stringify(loaded)}`);

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByTestId('flow-funnel-chart').locator('canvas').first().waitFor();
    const stuckRows = page.getByTestId('stuck-table').locator('tbody tr');
    await stuckRows.first().waitFor();
    const contoso = await stuckRows.filter({ hasText: 'Contoso' }).count();
    assert.ok(contoso >= 6, `Contoso's users are listed as stuck (${contoso})`);
    assert.match(await stuckRows.filter({ hasText: 'Contoso' }).first().innerText(), /Integration connected[\s\S]*Failed/);
    const signups = await page.getByTestId('funnel-table').locator('tbody tr').first().locator('td').nth(1).innerText();
    assert.ok(Number(signups) > 0, 'users entered the flow in the period');
    await page.screenshot({ path: `${RESULTS_DIR}flows-page.png`, fullPage: true });

    await page.getByRole('button', { name: 'Edit flow' }).click();
    await page.getByTestId('flow-step').nth(2).waitFor();
    assert.equal(await page.getByLabel('Step 3 failure property').inputValue(), 'error');
    await page.screenshot({ path: `${RESULTS_DIR}flows-editor.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Contoso' }).first().click();
    await page.getByTestId('account-flow').waitFor();
    assert.match(await page.getByTestId('account-flow').innerText(), /6 stuck/);
    await page.screenshot({ path: `${RESULTS_DIR}flows-account.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
