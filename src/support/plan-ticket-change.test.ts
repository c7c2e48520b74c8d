import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planTicketChange, type TicketState } from './plan-ticket-change.js';
import type { TicketInput } from './support.types.js';

const created = new Date('2025-01-08T10:00:00Z');
const later = new Date('2025-01-08T12:00:00Z');
const latest = new Date('2025-01-09T09:00:00Z');

const incoming: TicketInput = {
  source: 'zendesk',
  externalId: '5158',
  subject: 'Data sync failing',
  status: 'open',
  priority: 'urgent',
  createdAt: created,
  updatedAt: created,
  description: 'Nightly sync stopped',
  match: { externalId: { system: 'zendesk', id: '111' } },
};
const acme = { accountId: 'acme', matchedBy: 'external_id' as const };

function stored(overrides: Partial<TicketState> = {}): TicketState {
  return { ...planTicketChange({ existing: null, incoming, match: acme }).next, ...overrides };
}

const titles = (plan: ReturnType<typeof planTicketChange>) => plan.tell.map((story) => story.title);

test('a new matched ticket is created and told as opened, with its severity', () => {
  const plan = planTicketChange({ existing: null, incoming, match: acme });
  assert.equal(plan.outcome, 'created');
  assert.deepEqual(plan.tell, [
    {
      title: 'Urgent ticket opened: Data sync failing',
      body: 'Zendesk ticket 5158 · priority urgent · status open',
      occurredAt: created,
      tone: 'negative',
    },
  ]);
  assert.deepEqual(plan.next, {
    source: 'zendesk',
    externalId: '5158',
    accountId: 'acme',
    matchedBy: 'external_id',
    matchHints: { externalId: { system: 'zendesk', id: '111' } },
    subject: 'Data sync failing',
    description: 'Nightly sync stopped',
    requesterEmail: null,
    priority: 'urgent',
    status: 'open',
    createdAtSource: created,
    updatedAtSource: created,
    solvedAt: null,
    firstResponseMinutes: null,
    csat: null,
    csatComment: null,
    tags: [],
    url: null,
  });
});

test('ticket changes, table-driven', () => {
  const cases: Array<
    [string, TicketState | null, Partial<TicketInput>, typeof acme | null, string, string[], Partial<TicketState>?]
  > = [
    ['unmatched new ticket: kept, nothing told', null, {}, null, 'created', [], { accountId: null, matchedBy: null }],
    ['the same delivery again', stored(), {}, acme, 'unchanged', []],
    ['the same delivery again, now without a match (account kept)', stored(), {}, null, 'unchanged', []],
    [
      'an older snapshot arriving late',
      stored({ updatedAtSource: latest, status: 'solved' }),
      { updatedAt: later, status: 'open' },
      acme,
      'unchanged',
      [],
    ],
    [
      'solved',
      stored(),
      { status: 'solved', updatedAt: later },
      acme,
      'updated',
      ['Urgent ticket solved: Data sync failing'],
      { solvedAt: later },
    ],
    [
      'closed without passing solved',
      stored(),
      { status: 'closed', updatedAt: later },
      acme,
      'updated',
      ['Urgent ticket closed: Data sync failing'],
    ],
    [
      'solved → closed is not told again',
      stored({ status: 'solved', solvedAt: later, updatedAtSource: later }),
      { status: 'closed', updatedAt: latest },
      acme,
      'updated',
      [],
      { solvedAt: later },
    ],
    [
      'reopened: solved time cleared, nothing told',
      stored({ status: 'solved', solvedAt: later, updatedAtSource: later }),
      { status: 'open', updatedAt: latest },
      acme,
      'updated',
      [],
      { solvedAt: null },
    ],
    ['pending: an update, nothing told', stored(), { status: 'pending', updatedAt: later }, acme, 'updated', []],
    ['priority lowered: an update, nothing told', stored(), { priority: 'low', updatedAt: later }, acme, 'updated', []],
    [
      'first CSAT rating',
      stored({ status: 'solved', solvedAt: later }),
      { status: 'solved', csat: 'bad', csatComment: 'Took a week', updatedAt: latest },
      acme,
      'updated',
      ['Bad CSAT rating on ticket: Data sync failing'],
    ],
    [
      'same CSAT again with another comment: not told',
      stored({ csat: 'bad', csatComment: 'Slow' }),
      { csat: 'bad', csatComment: 'Very slow', updatedAt: later },
      acme,
      'updated',
      [],
      { csatComment: 'Very slow' },
    ],
    [
      'CSAT changes bad → good',
      stored({ csat: 'bad' }),
      { csat: 'good', updatedAt: later },
      acme,
      'updated',
      ['Good CSAT rating on ticket: Data sync failing'],
    ],
    [
      'fields the sender does not send are kept',
      stored({ requesterEmail: 'jane@acme.com', csat: 'good', tags: ['a'] }),
      { updatedAt: later, status: 'pending' },
      acme,
      'updated',
      [],
      { requesterEmail: 'jane@acme.com', csat: 'good', tags: ['a'] },
    ],
    [
      'null clears a field',
      stored({ requesterEmail: 'jane@acme.com' }),
      { requesterEmail: null, updatedAt: later },
      acme,
      'updated',
      [],
      { requesterEmail: null },
    ],
    [
      'an unmatched ticket that now matches tells its whole story',
      stored({ accountId: null, matchedBy: null, status: 'solved', solvedAt: later, csat: 'good' }),
      { status: 'solved', csat: 'good', updatedAt: later },
      acme,
      'updated',
      [
        'Urgent ticket opened: Data sync failing',
        'Urgent ticket solved: Data sync failing',
        'Good CSAT rating on ticket: Data sync failing',
      ],
      { accountId: 'acme' },
    ],
    [
      'moved to another account (organization changed)',
      stored(),
      { updatedAt: later },
      { accountId: 'globex', matchedBy: 'external_id' },
      'updated',
      ['Urgent ticket opened: Data sync failing'],
      { accountId: 'globex' },
    ],
    [
      'an import without updatedAt still updates',
      stored(),
      { updatedAt: undefined, subject: 'Data sync failing (EU)' },
      acme,
      'updated',
      [],
      { subject: 'Data sync failing (EU)', updatedAtSource: created },
    ],
    [
      'new and already solved, rated: three entries',
      null,
      { status: 'solved', solvedAt: later, csat: 'good' },
      acme,
      'created',
      [
        'Urgent ticket opened: Data sync failing',
        'Urgent ticket solved: Data sync failing',
        'Good CSAT rating on ticket: Data sync failing',
      ],
      { solvedAt: later },
    ],
    [
      'new and solved without a solved time: solved at its last update',
      null,
      { status: 'solved', updatedAt: later },
      acme,
      'created',
      ['Urgent ticket opened: Data sync failing', 'Urgent ticket solved: Data sync failing'],
      { solvedAt: later },
    ],
    [
      'normal priority reads plainly',
      null,
      { priority: 'normal' },
      acme,
      'created',
      ['Ticket opened: Data sync failing'],
    ],
    ['high priority', null, { priority: 'high' }, acme, 'created', ['High-priority ticket opened: Data sync failing']],
    [
      'long subjects are shortened in titles',
      null,
      { priority: null, subject: 'x'.repeat(300) },
      acme,
      'created',
      [`Ticket opened: ${'x'.repeat(119)}…`],
    ],
  ];
  for (const [name, existing, change, match, outcome, told, expectedNext] of cases) {
    const plan = planTicketChange({ existing, incoming: { ...incoming, ...change }, match });
    assert.equal(plan.outcome, outcome, name);
    assert.deepEqual(titles(plan), told, name);
    for (const [key, value] of Object.entries(expectedNext ?? {}))
      assert.deepEqual(plan.next[key as keyof TicketState], value, `${name}: ${key}`);
  }
});

test('stories carry the time they happened and the CSAT comment', () => {
  const plan = planTicketChange({
    existing: stored(),
    incoming: {
      ...incoming,
      status: 'solved',
      solvedAt: later,
      updatedAt: latest,
      csat: 'bad',
      csatComment: 'Took a week',
      requesterEmail: 'jane@acme.com',
    },
    match: acme,
  });
  assert.deepEqual(plan.tell, [
    {
      title: 'Urgent ticket solved: Data sync failing',
      body: 'Zendesk ticket 5158 · priority urgent · status solved · requester jane@acme.com',
      occurredAt: later,
      tone: 'neutral',
    },
    { title: 'Bad CSAT rating on ticket: Data sync failing', body: '“Took a week”', occurredAt: latest, tone: 'negative' },
  ]);
});

test('match hints read back from jsonb in another key order are the same hints', () => {
  const existing = stored({
    matchHints: { externalId: { id: '111', system: 'zendesk' } } as TicketState['matchHints'],
  });
  assert.equal(planTicketChange({ existing, incoming, match: acme }).outcome, 'unchanged');
});
