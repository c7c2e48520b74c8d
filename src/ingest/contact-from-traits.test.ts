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
  phone: null,
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
    test(name, () => {
      const written = { name: expected.name, email: expected.email ?? null, title: expected.title ?? null };
      assert.deepEqual(contactChangeFromTraits({ userKey: 'u1', traits, existing: null, written: null }), { kind: 'create', input: expected, written });
    });
  }
});

describe('contactChangeFromTraits: a contact that exists already', () => {
  /** What ingestion wrote when it created Jane: the CRM has changed nothing since. */
  const asWritten = { name: 'Jane Doe', email: 'jane@acme.com', title: 'VP Ops' };
  const cases: Array<[name: string, traits: Record<string, unknown>, existing: Contact, written: typeof asWritten | null, expected: unknown]> = [
    ['same traits: nothing to do', { name: 'Jane Doe', email: 'JANE@acme.com' }, jane, asWritten, null],
    ['its own title, unchanged since: updated', { title: 'COO' }, jane, asWritten, { kind: 'update', input: { title: 'COO' }, written: { ...asWritten, title: 'COO' } }],
    [
      'a name and email it wrote: updated',
      { name: 'Jane Roe', email: 'jane@roe.io' },
      jane,
      asWritten,
      { kind: 'update', input: { name: 'Jane Roe', email: 'jane@roe.io' }, written: { name: 'Jane Roe', email: 'jane@roe.io', title: 'VP Ops' } },
    ],
    ['a title a CSM changed since: kept', { title: 'Intern' }, { ...jane, title: 'Chief of Staff' }, asWritten, null],
    [
      'a field a CSM emptied: filled again; the CSM’s name kept',
      { name: 'J. Doe', title: 'COO' },
      { ...jane, name: 'Jane D. (champion)', title: null },
      asWritten,
      { kind: 'update', input: { title: 'COO' }, written: { ...asWritten, title: 'COO' } },
    ],
    ['a contact ingestion did not create (found by email): never changed', { name: 'Spy', title: 'COO' }, { ...jane, externalIds: { salesforce: '003X' } }, null, null],
    ['a contact ingestion did not create, with empty fields: still not filled', { title: 'COO' }, { ...jane, title: null }, null, null],
  ];
  for (const [name, traits, existing, written, expected] of cases) {
    test(name, () => assert.deepEqual(contactChangeFromTraits({ userKey: 'u1', traits, existing, written }), expected));
  }
});
