import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeSupport } from './summarize-support.js';
import type { SurveyResponse, Ticket } from './support.types.js';

const NOW = new Date('2026-11-27T12:00:00Z');

let ticketCount = 0;
function ticket(fields: Partial<Ticket> & Pick<Ticket, 'createdAtSource'>): Ticket {
  ticketCount += 1;
  return {
    id: `t${ticketCount}`,
    accountId: 'a1',
    matchedBy: 'email_domain',
    source: 'zendesk',
    externalId: String(ticketCount),
    subject: `Ticket ${ticketCount}`,
    description: null,
    requesterEmail: null,
    priority: 'normal',
    status: 'solved',
    updatedAtSource: fields.createdAtSource,
    solvedAt: null,
    firstResponseMinutes: null,
    csat: null,
    csatComment: null,
    tags: [],
    url: null,
    receivedAt: fields.createdAtSource,
    ...fields,
  };
}

const nps = (score: number, respondedAt: string): SurveyResponse => ({
  id: `s-${score}-${respondedAt}`,
  accountId: 'a1',
  contactId: null,
  contactName: null,
  source: 'import',
  externalId: `${score}-${respondedAt}`,
  kind: 'nps',
  score,
  comment: null,
  respondedAt,
});

test('open and severe tickets, median first response and CSAT over the last 90 days', () => {
  const tickets = [
    ticket({ createdAtSource: '2026-11-20T09:00:00Z', status: 'open', priority: 'urgent', firstResponseMinutes: 30 }),
    ticket({
      createdAtSource: '2026-11-10T09:00:00Z',
      status: 'pending',
      priority: 'low',
      firstResponseMinutes: 90,
      csat: 'bad',
    }),
    ticket({
      createdAtSource: '2026-10-01T09:00:00Z',
      status: 'solved',
      priority: 'high',
      firstResponseMinutes: 240,
      csat: 'good',
    }),
    ticket({
      createdAtSource: '2026-09-15T09:00:00Z',
      status: 'closed',
      priority: null,
      firstResponseMinutes: 60,
      csat: 'good',
    }),
    // More than 90 days ago: open still counts, response time and rating do not.
    ticket({
      createdAtSource: '2026-06-01T09:00:00Z',
      status: 'hold',
      priority: 'high',
      firstResponseMinutes: 5000,
      csat: 'bad',
    }),
  ];
  const summary = summarizeSupport(tickets, [], NOW);
  assert.equal(summary.openTickets, 3, 'open, pending and hold are open');
  assert.equal(summary.openSevere, 2, 'the urgent one and the old high one on hold');
  assert.equal(summary.medianFirstResponseMinutes, 75, 'median of 30, 60, 90, 240');
  assert.equal(summary.csatRatings, 3);
  assert.equal(summary.csatGoodShare, 2 / 3);
});

test('NPS over the last 12 months: % promoters − % detractors, latest answer first', () => {
  const surveys = [
    nps(10, '2026-11-01T00:00:00Z'),
    nps(9, '2026-08-01T00:00:00Z'),
    nps(7, '2026-05-01T00:00:00Z'),
    nps(3, '2026-02-01T00:00:00Z'),
    nps(0, '2025-10-01T00:00:00Z'), // over a year ago: left out
  ];
  const summary = summarizeSupport([], surveys, NOW);
  assert.equal(summary.npsResponses, 4);
  assert.equal(summary.nps, 25, '2 promoters, 1 passive, 1 detractor of 4: 50% − 25%');
  assert.deepEqual(summary.latestNps, { score: 10, respondedAt: '2026-11-01T00:00:00Z' });
});

test('tickets per month and priority for the last 12 months, empty months included', () => {
  const tickets = [
    ticket({ createdAtSource: '2026-11-02T00:00:00Z', priority: 'urgent' }),
    ticket({ createdAtSource: '2026-11-30T23:00:00Z', priority: 'urgent' }),
    ticket({ createdAtSource: '2025-12-01T00:00:00Z', priority: null }),
    ticket({ createdAtSource: '2025-11-30T23:59:59Z', priority: 'low' }), // before the window
  ];
  const { monthly } = summarizeSupport(tickets, [], NOW);
  assert.deepEqual(
    monthly.map((m) => m.month),
    [
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ],
  );
  assert.deepEqual(monthly[0]!.byPriority, { urgent: 0, high: 0, normal: 0, low: 0, none: 1 });
  assert.deepEqual(monthly[11]!.byPriority, { urgent: 2, high: 0, normal: 0, low: 0, none: 0 });
  assert.equal(
    monthly.slice(1, 11).every((m) => Object.values(m.byPriority).every((n) => n === 0)),
    true,
  );
});

test('nothing at all', () => {
  const summary = summarizeSupport([], [], NOW);
  assert.deepEqual(
    { ...summary, monthly: summary.monthly.length },
    {
      openTickets: 0,
      openSevere: 0,
      medianFirstResponseMinutes: null,
      csatGoodShare: null,
      csatRatings: 0,
      nps: null,
      npsResponses: 0,
      latestNps: null,
      monthly: 12,
    },
  );
});
