import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, updateAccount } from '../../src/accounts/index.js';
import { systemActor } from '../../src/auth/index.js';
import { handoffTimerJob, loadDemoHandoffs } from '../../src/handoffs/index.js';
import { createJobRunner } from '../../src/jobs/index.js';
import { putAccountGoals } from '../../src/journeys/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const env = useServerAndBrowser();

test('an admin sees the hand-offs board with SLA attainment, accepts one, and finds the rules and teams in Settings', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const actor = systemActor(server.workspaceId);
  const admin = await server.db.selectFrom('users').select('id').where('email', '=', server.adminEmail).executeTakeFirstOrThrow();
  const accounts = [];
  for (const [name, stage] of [
    ['Acme Rockets', 'Decision & Contract'],
    ['Blue Harbor', 'Decision & Contract'],
    ['Cobalt Labs', 'Decision & Contract'],
    ['Delta Foods', 'Decision & Contract'],
    ['Evergreen Bank', 'Decision & Contract'],
    ['Fjord Freight', 'Decision & Contract'],
    ['Granite Health', 'Adoption'],
    ['Harbor Lights', 'Adoption'],
    ['Ion Energy', 'Adoption'],
  ] as const) {
    // Decision & Contract is gated on the customer's goals: they are recorded in Trial, then the deal moves on.
    const gated = stage === 'Decision & Contract';
    const { id } = await createAccount(server.db, actor, { name, lifecycleStage: gated ? 'Trial' : stage, ownerId: admin.id });
    if (gated) {
      await putAccountGoals(server.db, actor, id, { goals: 'Launch on time', successCriteria: 'Live in 30 days' }, new Date());
      await updateAccount(server.db, actor, id, { lifecycleStage: stage });
    }
    accounts.push({ id, lifecycleStage: stage });
  }
  const today = new Date().toISOString().slice(0, 10);
  const written = await loadDemoHandoffs(server.db, { workspaceId: server.workspaceId, today, accounts, leaderId: admin.id, csmIds: [admin.id] });
  assert.ok(written >= 9, `${written} hand-offs`);
  // What the server's worker does at start: the late ones go overdue and escalate.
  await createJobRunner({ db: server.db, handlers: [handoffTimerJob] }).runDue();

  const { page, pageErrors } = await openPage(browser);
  try {
    await logIn(page, server, 'today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hand-offs' }).click();
    await page.waitForURL(/\/handoffs$/);
    const board = page.getByTestId('handoff-board');
    await board.waitFor();
    const overdue = board.getByRole('region', { name: 'Overdue' });
    await overdue.getByTestId('handoff-card').first().waitFor();
    assert.match(await overdue.innerText(), /overdue by/);
    assert.match(await overdue.innerText(), /Escalated/);
    const completed = board.getByRole('region', { name: 'Completed' });
    assert.match(await completed.innerText(), /completed .* late/);
    assert.match(await completed.innerText(), /completed .* early/);
    await page.getByTestId('handoff-sla-chart').locator('canvas').first().waitFor();
    assert.match((await page.getByTestId('handoff-sla-chart').getAttribute('aria-label')) ?? '', /Onboarding \d+%/);
    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: `${RESULTS_DIR}handoffs-board.png`, fullPage: true });

    const open = board.getByRole('region', { name: 'Open' });
    const before = await open.getByTestId('handoff-card').count();
    if (before > 0) {
      await open.getByRole('button', { name: 'Accept' }).first().click();
      await page.waitForFunction((count) => document.querySelectorAll('[aria-label="Open"] [data-testid="handoff-card"]').length === count - 1, before);
    }

    await page.goto(`${server.baseUrl}/accounts/${accounts[0]!.id}?tab=handoffs`);
    await page.getByTestId('account-handoffs').waitFor();
    assert.match(await page.getByTestId('account-handoffs').innerText(), /Deal won → onboarding kickoff/);
    await page.screenshot({ path: `${RESULTS_DIR}handoffs-account.png` });

    await page.goto(`${server.baseUrl}/settings/handoff-rules`);
    await page.getByTestId('handoff-rules-table').waitFor();
    assert.match(await page.getByTestId('handoff-rules-table').innerText(), /Onboarding done → CSM adoption review/);
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await page.getByRole('dialog').getByLabel('Due within').fill('36');
    await page.getByRole('dialog').getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    // The table reloads after the save: wait for the new clock rather than read it at once.
    await page.getByTestId('handoff-rules-table').getByText(/36 hours/).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}handoffs-rules.png` });

    // A new rule through the form, by keyboard where a person would type: what is missing is said at the field.
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Name').fill('Renewal risk → CSM call');
    await form.getByLabel('Sender team').selectOption({ label: 'Support' });
    await form.getByLabel('Receiver team').selectOption({ label: 'Support' });
    await form.getByLabel('Name').press('Enter');
    await form.getByText('Choose a team other than the sending team').waitFor();
    assert.match(await form.getByRole('alert').innerText(), /2 fields need attention/);
    assert.equal(await form.getByLabel('Receiver team').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Receiver team').selectOption({ label: 'Customer Success' });
    await form.getByText('Choose a team other than the sending team').waitFor({ state: 'detached' });
    assert.notEqual(await form.getByLabel('Receiver team').getAttribute('aria-invalid'), 'true');
    assert.match(await form.getByRole('alert').innerText(), /One field needs attention/);
    await form.getByLabel('Stage of trigger 1').selectOption('Performance');
    await form.getByLabel('Due within').fill('3');
    await form.getByLabel('Unit').selectOption('days');
    await form.getByRole('button', { name: 'Add a level' }).click();
    await form.getByLabel('Level 3: hours after due').fill('96');
    await page.screenshot({ path: `${RESULTS_DIR}handoffs-rule-form.png` });
    await form.getByLabel('Level 3: hours after due').press('Enter');
    await form.waitFor({ state: 'hidden' });
    const created = page.getByTestId('handoff-rules-table').getByRole('row', { name: /Renewal risk → CSM call/ });
    await created.waitFor();
    assert.match(await created.innerText(), /Support → Customer Success[\s\S]*account\.updated → Performance[\s\S]*3 days[\s\S]*\+96 h → admin/);

    await page.goto(`${server.baseUrl}/settings/teams`);
    await page.getByTestId('teams-table').waitFor();
    assert.match(await page.getByTestId('teams-table').innerText(), /Customer Success\s+Erin Admin/);
    await page.screenshot({ path: `${RESULTS_DIR}handoffs-teams.png` });
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
