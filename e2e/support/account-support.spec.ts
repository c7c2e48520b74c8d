import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor } from '../../src/auth/index.js';
import { recordSurveyResponses, upsertTickets } from '../../src/support/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from './browser.js';

const env = useServerAndBrowser();

test(
  'tickets and survey answers show on the account page Support tab: open first, summary, chart',
  { skip: skipReason },
  async () => {
    const { server, browser } = env.ready();
    const system = systemActor(server.workspaceId);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const tickets = await upsertTickets(server.db, system, [
      {
        source: 'import',
        externalId: 'T-1',
        subject: 'Export fails for large reports',
        status: 'open',
        priority: 'urgent',
        createdAt: daysAgo(2),
        match: { domain: 'northwind.example' },
      },
      {
        source: 'import',
        externalId: 'T-2',
        subject: 'SSO login loop',
        status: 'solved',
        priority: 'high',
        createdAt: daysAgo(20),
        firstResponseMinutes: 45,
        csat: 'bad',
        match: { domain: 'northwind.example' },
      },
      {
        source: 'import',
        externalId: 'T-3',
        subject: 'How to add a user',
        status: 'closed',
        priority: 'low',
        createdAt: daysAgo(40),
        firstResponseMinutes: 15,
        csat: 'good',
        match: { domain: 'northwind.example' },
      },
    ]);
    const accountId = tickets[0]!.accountId;
    assert.ok(
      accountId && tickets.every((ticket) => ticket.accountId === accountId),
      'all three matched the account by its domain',
    );
    await recordSurveyResponses(server.db, system, [
      { source: 'import', accountId, kind: 'nps', score: 10, respondedAt: daysAgo(30) },
      { source: 'import', accountId, kind: 'nps', score: 4, respondedAt: daysAgo(90), comment: 'Too many outages' },
      { source: 'import', accountId, kind: 'nps', score: 9, respondedAt: daysAgo(150) },
    ]);

    const { page, pageErrors } = await openPage(browser);
    try {
      await logIn(page, server);
      await page.getByTestId('accounts-table').getByRole('link', { name: server.accountName, exact: true }).click();
      await page.getByRole('tab', { name: 'Support' }).click();

      const summary = await page.getByTestId('support-summary').innerText();
      assert.match(summary, /Open tickets\s+1\s+Open urgent or high\s+1/);
      assert.match(summary, /First response, 90 days \(median\)\s+30 min/, 'median of 45 and 15 minutes');
      assert.match(summary, /CSAT, 90 days\s+50% good of 2/);
      assert.match(summary, /NPS, 12 months\s+\+33 \(3 answers\)/, '2 promoters and 1 detractor of 3');
      await page.getByTestId('tickets-chart').locator('canvas').first().waitFor();

      const rows = await page.getByTestId('support-tickets').locator('tbody tr').allInnerTexts();
      assert.equal(rows.length, 3);
      assert.match(rows[0]!, /^Export fails for large reports\s+Urgent\s+Open/, 'the open ticket comes first');
      assert.match(rows[1]!, /^SSO login loop\s+High\s+Solved[\s\S]*45 min\s+Bad$/);
      const answers = await page.getByTestId('support-surveys').locator('tbody tr').allInnerTexts();
      assert.deepEqual(
        answers.map((row) => row.split('\t').slice(0, 2)),
        [
          ['NPS', '10'],
          ['NPS', '4'],
          ['NPS', '9'],
        ],
      );
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    } finally {
      await page.close();
    }
  },
);
