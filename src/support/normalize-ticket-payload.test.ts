import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../core/errors.js';
import { normalizeTicketPayload } from './normalize-ticket-payload.js';
import { zendeskEvent } from './testing/zendesk-event.js';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'validation_failed');
    return (error.issues ?? []).map((issue) => issue.path);
  }
  assert.fail('expected a validation error');
}

test('a Zendesk ticket.created event becomes a ticket matched by organization', () => {
  const result = normalizeTicketPayload('zendesk', zendeskEvent());
  assert.deepEqual(result, {
    kind: 'ticket',
    ticket: {
      source: 'zendesk',
      externalId: '5158',
      subject: 'Cannot login to mobile app',
      description: 'Customer is experiencing login issues with the mobile app',
      status: 'open',
      priority: 'urgent',
      createdAt: new Date('2025-01-08T10:12:07Z'),
      updatedAt: new Date('2025-01-08T10:12:07Z'),
      tags: ['mobile', 'login'],
      match: { externalId: { system: 'zendesk', id: '8447346622462' } },
    },
  });
});

test('Zendesk events, table-driven', () => {
  const ticketOf = (payload: unknown) => {
    const result = normalizeTicketPayload('zendesk', payload);
    assert.equal(result.kind, 'ticket');
    return (result as { ticket: Record<string, unknown> }).ticket;
  };
  const cases: Array<[string, ReturnType<typeof zendeskEvent>, Record<string, unknown>]> = [
    [
      'status change to solved',
      zendeskEvent({
        type: 'zen:event-type:ticket.status_changed',
        detail: { status: 'SOLVED', updated_at: '2025-01-08T16:45:20Z' },
      }),
      { status: 'solved', updatedAt: new Date('2025-01-08T16:45:20Z') },
    ],
    ['archived is closed', zendeskEvent({ detail: { status: 'ARCHIVED' } }), { status: 'closed' }],
    ['no priority', zendeskEvent({ detail: { priority: null } }), { priority: null }],
    [
      'numeric ids (older payloads)',
      zendeskEvent({ detail: { id: 35436, organization_id: 10002 } }),
      { externalId: '35436', match: { externalId: { system: 'zendesk', id: '10002' } } },
    ],
    ['no organization ("0")', zendeskEvent({ detail: { organization_id: '0' } }), { match: {} }],
    ['no organization (null)', zendeskEvent({ detail: { organization_id: null } }), { match: {} }],
    [
      'no subject: first line of the description',
      zendeskEvent({ detail: { subject: '', description: '\n  Exports time out\nsince Monday' } }),
      { subject: 'Exports time out' },
    ],
    [
      'no subject, no description',
      zendeskEvent({ detail: { subject: null, description: null } }),
      { subject: 'Zendesk ticket #5158', description: null },
    ],
    [
      'no updated_at: the creation time',
      zendeskEvent({ detail: { updated_at: undefined } }),
      { updatedAt: new Date('2025-01-08T10:12:07Z') },
    ],
  ];
  for (const [name, payload, expected] of cases) {
    const ticket = ticketOf(payload);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(ticket[key], value, `${name}: ${key}`);
  }
});

test('Zendesk events that are not tickets, or deleted tickets, are acknowledged and ignored', () => {
  assert.equal(
    normalizeTicketPayload('zendesk', { ...zendeskEvent(), type: 'zen:event-type:user.created' }).kind,
    'ignored',
  );
  assert.equal(
    normalizeTicketPayload(
      'zendesk',
      zendeskEvent({ type: 'zen:event-type:ticket.soft_deleted', detail: { status: 'DELETED' } }),
    ).kind,
    'ignored',
  );
  assert.equal(normalizeTicketPayload('zendesk', zendeskEvent({ detail: { status: 'SCRUBBED' } })).kind, 'ignored');
});

test('bad Zendesk events name the fields', () => {
  assert.deepEqual(
    issuesOf(() => normalizeTicketPayload('zendesk', zendeskEvent({ detail: { status: 'ON_FIRE' } }))),
    ['body.detail.status'],
  );
  assert.deepEqual(
    issuesOf(() =>
      normalizeTicketPayload('zendesk', zendeskEvent({ detail: { id: undefined, created_at: 'Jan 8' } })),
    ).sort(),
    ['body.detail.created_at', 'body.detail.id'],
  );
  assert.deepEqual(
    issuesOf(() => normalizeTicketPayload('zendesk', zendeskEvent({ detail: { priority: 'MEGA' } }))),
    ['body.detail.priority'],
  );
  assert.deepEqual(
    issuesOf(() => normalizeTicketPayload('zendesk', { type: 'zen:event-type:ticket.created' })),
    ['body.detail'],
  );
});

const generic = {
  id: 'T-1001',
  subject: 'Data sync failing',
  description: 'Nightly sync stopped',
  status: 'open',
  priority: 'urgent',
  requester: { email: 'Jane@Acme.com', name: 'Jane Doe' },
  account: { externalId: 'salesforce:0015g00000XyZ', domain: 'https://www.acme.com' },
  createdAt: '2025-03-01T09:00:00Z',
  updatedAt: '2025-03-01T09:05:00.123+01:00',
  firstResponseMinutes: 12,
  satisfaction: { rating: 'bad', comment: 'Slow' },
  tags: ['sync'],
  url: 'https://help.acme.example/tickets/1001',
};

test('the generic shape, complete', () => {
  assert.deepEqual(normalizeTicketPayload('generic', generic), {
    kind: 'ticket',
    ticket: {
      source: 'generic',
      externalId: 'T-1001',
      subject: 'Data sync failing',
      description: 'Nightly sync stopped',
      status: 'open',
      priority: 'urgent',
      createdAt: new Date('2025-03-01T09:00:00Z'),
      updatedAt: new Date('2025-03-01T08:05:00.123Z'),
      solvedAt: undefined,
      firstResponseMinutes: 12,
      requesterEmail: 'jane@acme.com',
      csat: 'bad',
      csatComment: 'Slow',
      tags: ['sync'],
      url: 'https://help.acme.example/tickets/1001',
      match: { externalId: { system: 'salesforce', id: '0015g00000XyZ' }, domain: 'acme.com' },
    },
  });
});

test('the generic shape, minimal: unsaid fields stay undefined so stored values are kept', () => {
  const result = normalizeTicketPayload('generic', {
    id: 7,
    subject: 'Hi',
    status: 'NEW',
    createdAt: '2025-03-01T09:00Z',
  });
  assert.equal(result.kind, 'ticket');
  const ticket = (result as { ticket: Record<string, unknown> }).ticket;
  assert.equal(ticket.externalId, '7');
  assert.equal(ticket.status, 'new');
  assert.deepEqual(ticket.createdAt, new Date('2025-03-01T09:00:00Z'));
  for (const key of [
    'description',
    'priority',
    'requesterEmail',
    'csat',
    'csatComment',
    'tags',
    'url',
    'updatedAt',
    'solvedAt',
  ]) {
    assert.equal(ticket[key], undefined, key);
  }
  assert.deepEqual(ticket.match, {});
});

test('Zendesk trigger bodies use the generic shape with placeholder wording', () => {
  const result = normalizeTicketPayload('zendesk', {
    id: '5158',
    subject: 'Cannot login',
    status: 'Solved',
    priority: '-',
    requester: { email: 'jane@acme.com' },
    createdAt: '2025-01-08T10:12Z',
    updatedAt: '2025-01-09T08:00Z',
    satisfaction: { rating: "Good, I'm satisfied", comment: '' },
  });
  assert.equal(result.kind, 'ticket');
  const { ticket } = result as { ticket: Record<string, unknown> };
  assert.equal(ticket.source, 'zendesk', 'same source as the events, so both update one ticket');
  assert.equal(ticket.status, 'solved');
  assert.equal(ticket.priority, null);
  assert.equal(ticket.csat, 'good');
  assert.equal(ticket.csatComment, null);
  for (const [rating, expected] of [
    ['Offered', null],
    ['unoffered', null],
    ['BAD', 'bad'],
    [null, null],
  ] as const) {
    const rated = normalizeTicketPayload('zendesk', {
      id: '1',
      subject: 's',
      status: 'open',
      createdAt: '2025-01-08T10:12Z',
      satisfaction: { rating },
    });
    assert.equal((rated as { ticket: { csat: unknown } }).ticket.csat, expected, String(rating));
  }
});

test('bad generic payloads are refused naming each field', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['missing required fields', {}, ['body.createdAt', 'body.id', 'body.status', 'body.subject']],
    [
      'unknown status and priority',
      { ...generic, status: 'escalated', priority: 'p1' },
      ['body.priority', 'body.status'],
    ],
    ['blank subject', { ...generic, subject: '   ' }, ['body.subject']],
    ['date without time zone', { ...generic, createdAt: '2025-03-01T09:00:00' }, ['body.createdAt']],
    ['impossible date', { ...generic, createdAt: '2025-02-30T09:00:00Z' }, ['body.createdAt']],
    ['not an email', { ...generic, requester: { email: 'jane' } }, ['body.requester.email']],
    ['unknown field', { ...generic, severity: 'sev1' }, ['body.severity']],
    ['unknown nested field', { ...generic, account: { name: 'Acme' } }, ['body.account.name']],
    [
      'external id without system',
      { ...generic, account: { externalId: '0015g00000XyZ' } },
      ['body.account.externalId'],
    ],
    ['account id not a uuid', { ...generic, account: { id: '42' } }, ['body.account.id']],
    ['negative first response', { ...generic, firstResponseMinutes: -1 }, ['body.firstResponseMinutes']],
    ['rating not good or bad', { ...generic, satisfaction: { rating: 'meh' } }, ['body.satisfaction.rating']],
    ['url not http', { ...generic, url: 'javascript:alert(1)' }, ['body.url']],
    ['tags not text', { ...generic, tags: [1] }, ['body.tags.0']],
    ['domain that is not one', { ...generic, account: { domain: 'acme' } }, ['body.account.domain']],
  ];
  for (const [name, payload, expected] of cases)
    assert.deepEqual(issuesOf(() => normalizeTicketPayload('generic', payload)).sort(), expected, name);
  assert.deepEqual(
    issuesOf(() => normalizeTicketPayload('generic', [generic])),
    ['body'],
  );
  assert.deepEqual(
    issuesOf(() => normalizeTicketPayload('generic', null)),
    ['body'],
  );
});
