import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createExampleSegments } from '../../src/segments/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

test('a leader lists segments, builds one with a live count, and sees its chip on the account', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  // Northwind has $24,000 ARR (one contract); the others none.
  const northwind = await server.db.selectFrom('accounts').select('id').where('name', '=', server.accountName).executeTakeFirstOrThrow();
  await server.db.updateTable('accounts').set({ arr: 24_000, renewal_date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }).where('id', '=', northwind.id).execute();
  // The demo world's examples (the demo loader makes the same call).
  await createExampleSegments(server.db, { workspaceId: server.workspaceId });

  await mkdir(RESULTS_DIR, { recursive: true });
  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    const table = page.getByTestId('segments-table');
    const midMarket = table.getByRole('row').filter({ hasText: 'Mid-market — low touch' });
    await midMarket.waitFor();
    assert.match(await midMarket.innerText(), /Low touch\s+1\s/);
    await page.screenshot({ path: `${RESULTS_DIR}segments-list.png`, fullPage: true });

    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Small business');
    await page.getByLabel('Engagement model').selectOption('tech_touch');
    // Its pool: playbook tasks owned by "the segment pool" go to this team's least-loaded member.
    const pod = await server.db.selectFrom('teams').select('id').where('workspace_id', '=', server.workspaceId).where('name', '=', 'Customer Success').executeTakeFirstOrThrow();
    await page.getByLabel('Pool').selectOption(pod.id);
    await page.getByRole('button', { name: 'Add condition' }).click();
    const row = page.getByTestId('rule-row').first();
    await row.getByLabel('Field').selectOption('segment');
    await row.getByLabel('Value').fill('smb');
    await page.getByTestId('preview-count').filter({ hasText: '3 accounts' }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}segments-editor.png`, fullPage: true });
    await page.getByRole('button', { name: 'Create segment' }).click();
    const members = page.getByTestId('segment-members');
    await members.getByRole('link', { name: 'Contoso' }).waitFor();
    assert.equal(await members.getByRole('row').count(), 4);
    const saved = await server.db.selectFrom('segments').select('pool_team_id').where('workspace_id', '=', server.workspaceId).where('name', '=', 'Small business').executeTakeFirstOrThrow();
    assert.equal(saved.pool_team_id, pod.id);

    // An account's page names its segments.
    await page.goto(`${server.baseUrl}/accounts/${northwind.id}`);
    const chips = page.getByTestId('account-segments');
    await chips.getByRole('link', { name: 'Mid-market — low touch' }).waitFor();
    await chips.getByRole('link', { name: 'Renewing in 90 days' }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}segments-account-chips.png` });
    assert.deepEqual(pageErrors, []);
  } catch (error) {
    await page.screenshot({ path: `${RESULTS_DIR}segments-failure.png`, fullPage: true });
    throw error;
  } finally {
    await page.close();
  }
});
