import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  domainCandidates,
  emailDomain,
  matchTicketAccount,
  normalizeDomain,
  ticketDomainCandidates,
  type AccountCandidate,
  type ContactCandidate,
  type MatchTicketAccountOptions,
} from './match-ticket-account.js';

const acme: AccountCandidate = { id: 'acme', domain: 'acme.com', externalIds: { zendesk: '111', salesforce: '001A' } };
const acmeEu: AccountCandidate = { id: 'acme-eu', domain: 'https://www.eu.acme.com/', externalIds: {} };
const globex: AccountCandidate = { id: 'globex', domain: 'Globex.io', externalIds: { zendesk: '222' } };
const twinA: AccountCandidate = { id: 'twin-a', domain: 'twins.com', externalIds: { zendesk: '333' } };
const twinB: AccountCandidate = { id: 'twin-b', domain: 'twins.com', externalIds: { zendesk: '333' } };
const accounts = [acme, acmeEu, globex, twinA, twinB];
const contacts: ContactCandidate[] = [
  { accountId: 'globex', email: 'Consultant@Gmail.com' },
  { accountId: 'acme', email: 'shared@partner.com' },
  { accountId: 'globex', email: 'shared@partner.com' },
];

test('matchTicketAccount, table-driven', () => {
  const cases: Array<[string, Partial<MatchTicketAccountOptions>, ReturnType<typeof matchTicketAccount>]> = [
    [
      'the named account wins over everything',
      { hints: { accountId: 'globex', externalId: { system: 'zendesk', id: '111' } }, requesterEmail: 'jane@acme.com' },
      { accountId: 'globex', matchedBy: 'account_id' },
    ],
    [
      'a named account that is not a candidate (other workspace, deleted) is ignored',
      { hints: { accountId: 'nope' }, requesterEmail: 'jane@acme.com' },
      { accountId: 'acme', matchedBy: 'email_domain' },
    ],
    [
      'zendesk organization id',
      { hints: { externalId: { system: 'zendesk', id: '222' } }, requesterEmail: 'jane@acme.com' },
      { accountId: 'globex', matchedBy: 'external_id' },
    ],
    [
      'external id of another system',
      { hints: { externalId: { system: 'salesforce', id: '001A' } } },
      { accountId: 'acme', matchedBy: 'external_id' },
    ],
    [
      'an id known in another system only does not match',
      { hints: { externalId: { system: 'zendesk', id: '001A' } } },
      null,
    ],
    [
      'two accounts with one external id: ambiguous, falls through to email',
      { hints: { externalId: { system: 'zendesk', id: '333' } }, requesterEmail: 'bob@globex.io' },
      { accountId: 'globex', matchedBy: 'email_domain' },
    ],
    [
      'contact email (any case) beats a public domain',
      { requesterEmail: 'consultant@gmail.com' },
      { accountId: 'globex', matchedBy: 'contact_email' },
    ],
    [
      'a contact email on two accounts is ambiguous; the domain decides',
      { requesterEmail: 'shared@partner.com' },
      null,
    ],
    [
      'email domain, case and www folded',
      { requesterEmail: 'Bob@GLOBEX.io' },
      { accountId: 'globex', matchedBy: 'email_domain' },
    ],
    [
      'the most specific domain wins',
      { requesterEmail: 'jan@eu.acme.com' },
      { accountId: 'acme-eu', matchedBy: 'email_domain' },
    ],
    [
      'a subdomain without its own account falls back to the parent domain',
      { requesterEmail: 'kim@us.acme.com' },
      { accountId: 'acme', matchedBy: 'email_domain' },
    ],
    ['two accounts with one domain: unmatched', { requesterEmail: 'x@twins.com' }, null],
    ['public mail domains never match by domain', { requesterEmail: 'someone@gmail.com' }, null],
    [
      'the sender-given domain is tried before the requester’s',
      { hints: { domain: 'globex.io' }, requesterEmail: 'jane@acme.com' },
      { accountId: 'globex', matchedBy: 'email_domain' },
    ],
    ['nothing to go on', {}, null],
    ['no accounts at all', { accounts: [], requesterEmail: 'jane@acme.com' }, null],
  ];
  for (const [name, options, expected] of cases) {
    const result = matchTicketAccount({ hints: {}, requesterEmail: null, accounts, contacts, ...options });
    assert.deepEqual(result, expected, name);
  }
});

test('normalizeDomain, emailDomain, domainCandidates', () => {
  const domains: Array<[string | null, string | null]> = [
    ['acme.com', 'acme.com'],
    ['  WWW.Acme.COM. ', 'acme.com'],
    ['https://www.acme.com/path?q=1', 'acme.com'],
    ['acme.com:8443', 'acme.com'],
    ['localhost', null],
    ['', null],
    [null, null],
    ['not a domain', null],
  ];
  for (const [input, expected] of domains) assert.equal(normalizeDomain(input), expected, String(input));

  assert.equal(emailDomain('Jane.Doe@Eu.Acme.com'), 'eu.acme.com');
  assert.equal(emailDomain('a@b@acme.com'), 'acme.com');
  assert.equal(emailDomain('no-at-sign'), null);
  assert.equal(emailDomain('@acme.com'), null);
  assert.equal(emailDomain(null), null);

  assert.deepEqual(domainCandidates('eu.acme.co.uk'), ['eu.acme.co.uk', 'acme.co.uk', 'co.uk']);
  assert.deepEqual(domainCandidates('acme.com'), ['acme.com']);
  assert.deepEqual(domainCandidates('gmail.com'), []);
  assert.deepEqual(domainCandidates(undefined), []);
  assert.deepEqual(ticketDomainCandidates({ domain: 'globex.io' }, 'jane@eu.acme.com'), [
    'globex.io',
    'eu.acme.com',
    'acme.com',
  ]);
});
