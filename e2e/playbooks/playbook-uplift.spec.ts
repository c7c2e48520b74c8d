import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createAccount } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { createPlaybook, getPlaybookUplift, recordDemoPlaybookHistory } from '../../src/playbooks/index.js';
import { createSignal } from '../../src/signals/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();
const DAY_MS = 86_400_000;

test('a leader opens a playbook’s “Does it work?” page: rates, intervals and the plain verdict the API gives', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  await mkdir(RESULTS_DIR, { recursive: true });
  const system = systemActor(server.workspaceId);
  const now = new Date();
  const playbook = await createPlaybook(server.db, system, {
    definition: { name: 'News follow-up', holdoutPercent: 50, trigger: { kind: 'signal', signalKind: 'news' }, steps: [{ type: 'create_task', title: 'Read about {{account.name}}' }] },
  });
  // Twenty accounts with news 120 days ago, entered through the demo's history path (the same draw as a live entry); four churn since.
  const from = new Date(now.getTime() - 120 * DAY_MS);
  for (let i = 0; i < 20; i += 1) {
    const account = await createAccount(server.db, system, { name: `Newsworthy ${String(i).padStart(2, '0')}` });
    await createSignal(server.db, system, { accountId: account.id, type: 'news', title: 'In the news', occurredAt: from.toISOString() }, now);
    if (i % 5 === 0) {
      await server.db
        .insertInto('arr_movements')
        .values({ workspace_id: server.workspaceId, account_id: account.id, subscription_id: null, kind: 'churn', amount: -100, arr_before: 100, arr_after: 0, occurred_on: new Date(from.getTime() + 30 * DAY_MS).toISOString().slice(0, 10) })
        .execute();
    }
  }
  const recorded = await recordDemoPlaybookHistory(server.db, { workspaceId: server.workspaceId, from: from.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) });
  assert.equal(recorded.runs, 20);
  const expected = await getPlaybookUplift(server.db, system, playbook.id, { days: 90 });
  const retained = expected.outcomes.find((o) => o.kind === 'retained')!;

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('link', { name: 'Uplift of News follow-up' }).click();
    await page.waitForURL(/\/playbooks\/[^/]+\/uplift$/);
    await page.getByRole('heading', { name: 'News follow-up: does it work?' }).waitFor();
    const statement = page.getByTestId('uplift-statement-retained');
    assert.equal(await statement.textContent(), retained.statement);
    await page.getByTestId('uplift-chart-retained').waitFor();
    const label = await page.getByTestId('uplift-chart-retained').getAttribute('aria-label');
    assert.ok(label?.includes(`of ${retained.enrolled.accounts}, held out`), label ?? '');
    await page.screenshot({ path: `${RESULTS_DIR}playbook-uplift.png`, fullPage: false });
    // A 30-day window: the page asks again and shows that window's figures.
    await page.getByRole('tab', { name: '30 days' }).click();
    const shorter = await getPlaybookUplift(server.db, system, playbook.id, { days: 30 });
    await page.getByText(`entered less than 30 days ago`, { exact: false }).waitFor();
    assert.equal(await statement.textContent(), shorter.outcomes.find((o) => o.kind === 'retained')!.statement);
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
