import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Contact } from '../contacts/index.js';
import { contactChangeFromTraits } from './contact-from-traits.js';

const jane: Contact = {
  id: '00000000-0000-4000-8000-000000000001',
  accountId: '00000000-0000-4000-8000-000000000002',
  name: 'Jane Doe',
  email: 'jane@acme.com',
  title: 'VP Ops',
  role: 'champion',
  expertise: 'novice',
  status: 'active',
  personalWins: [],
  externalIds: { segment: 'u1' },
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe('contactChangeFromTraits: a new contact', () => {
  const cases: Array<[name: string, traits: Record<string, unknown>, expected: Record<string, unknown>]> = [
    [
      'name, email and title',
      { name: 'Jane Doe', email: 'jane@acme.com', title: 'VP Ops', plan: 'pro' },
      { name: 'Jane Doe', email: 'jane@acme.com', title: 'VP Ops', externalIds: { segment: 'u1' } },
    ],
    ['first and last name', { firstName: 'Jane', lastName: 'Doe' }, { name: 'Jane Doe', externalIds: { segment: 'u1' } }],
    ['only an email names the contact', { email: 'jane@acme.com' }, { name: 'jane@acme.com', email: 'jane@acme.com', externalIds: { segment: 'u1' } }],
    ['no traits: the userId names it', {}, { name: 'u1', externalIds: { segment: 'u1' } }],
    ['an invalid email is left out', { name: 'Jane', email: 'jane at acme' }, { name: 'Jane', externalIds: { segment: 'u1' } }],
    ['blank strings count as absent', { name: '  ', title: '' }, { name: 'u1', externalIds: { segment: 'u1' } }],
  ];
  for (const [name, traits, expected] of cases) {
    test(name, () => assert.deepEqual(contactChangeFromTraits({ userKey: 'u1', traits, existing: null }), { kind: 'create', input: expected }));
  }
});

describe('contactChangeFromTraits: an existing contact', () => {
  const cases: Array<[name: string, traits: Record<string, unknown>, existing: Contact, expected: unknown]> = [
    ['same traits: nothing to do', { name: 'Jane Doe', email: 'JANE@acme.com' }, jane, null],
    ['a new title', { title: 'COO' }, jane, { kind: 'update', input: { title: 'COO' } }],
    ['a new name and email', { name: 'Jane Roe', email: 'jane@roe.io' }, jane, { kind: 'update', input: { name: 'Jane Roe', email: 'jane@roe.io' } }],
    [
      'a contact found by email gets the userId',
      {},
      { ...jane, externalIds: { salesforce: '003X' } },
      { kind: 'update', input: { externalIds: { salesforce: '003X', segment: 'u1' } } },
    ],
    ['another user’s contact keeps its userId', {}, { ...jane, externalIds: { segment: 'someone-else' } }, null],
  ];
  for (const [name, traits, existing, expected] of cases) {
    test(name, () => assert.deepEqual(contactChangeFromTraits({ userKey: 'u1', traits, existing }), expected));
  }
});
