import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../accounts/index.js';
import type { Contact } from '../contacts/index.js';
import type { Subscription } from '../subscriptions/index.js';
import { mapRecord } from './map-record.js';
import { contactFieldsOf, contractChanges, contractOf, customFieldsOf, dayAfter, findMember, planAccount, planContact } from './plan-changes.js';

const account = (overrides: Partial<Account> = {}): Account => ({
  id: 'a1', name: 'Acme', domain: 'acme.example', industry: 'Software', segment: null, employeeCount: 100, region: null,
  parentId: null, parentName: null, ownerId: 'u1', ownerName: 'Dana', lifecycleStage: null, acquisitionChannel: null, externalIds: { salesforce: '001A' },
  customFields: { type: 'Customer' }, arr: 0, unratedContracts: 0, churnReason: null, healthScore: null, healthBand: null, renewalDate: null, createdAt: new Date(0), updatedAt: new Date(0), ...overrides,
});

describe('planning account changes', () => {
  const cases: [string, Account | undefined, Parameters<typeof planAccount>[1], ReturnType<typeof planAccount>][] = [
    ['a new id creates, with the id under its system', undefined, { externalId: '001B', name: 'Globex' }, { action: 'create', input: { externalId: '001B', name: 'Globex', externalIds: { salesforce: '001B' } } }],
    ['the same values change nothing', account(), { externalId: '001A', name: 'Acme', domain: 'acme.example', employeeCount: 100, ownerId: 'u1' }, { action: 'unchanged' }],
    ['unmapped fields are left alone', account(), { externalId: '001A', name: 'Acme' }, { action: 'unchanged' }],
    ['a changed cell updates only that field', account(), { externalId: '001A', name: 'Acme', employeeCount: 120 }, { action: 'update', input: { employeeCount: 120 } }],
    ['an acquisition channel is an account field', account(), { externalId: '001A', name: 'Acme', acquisitionChannel: 'Partner Referral' }, { action: 'update', input: { acquisitionChannel: 'Partner Referral' } }],
    ['an empty mapped cell clears', account(), { externalId: '001A', name: 'Acme', industry: null }, { action: 'update', input: { industry: null } }],
    ['custom fields compare one by one', account(), { externalId: '001A', name: 'Acme', customFields: { type: 'Customer', tier: 'gold' } }, { action: 'update', input: { customFields: { tier: 'gold' } } }],
  ];
  for (const [name, existing, fields, expected] of cases) test(name, () => assert.deepEqual(planAccount(existing, fields, 'salesforce'), expected));
});

describe('contacts from rows', () => {
  const contact: Contact = {
    id: 'c1', accountId: 'a1', name: 'Jane Doe', email: 'jane@acme.example', title: 'VP', phone: null, role: null, expertise: 'novice',
    status: 'active', personalWins: [], externalIds: {}, createdAt: new Date(0), updatedAt: new Date(0),
  };
  const cases: [string, Record<string, unknown>, unknown][] = [
    ['first and last name make the name', { firstName: 'Jane', lastName: 'Doe', email: 'jane@acme.example' }, { fields: { name: 'Jane Doe', email: 'jane@acme.example', externalId: null } }],
    ['the email stands in for a missing name', { email: 'ops@acme.example' }, { fields: { name: 'ops@acme.example', email: 'ops@acme.example', externalId: null } }],
    ['neither email nor id cannot be matched again', { name: 'Jane' }, { problem: { target: 'email', reason: 'is empty; a contact needs an email or an external id' } }],
  ];
  for (const [name, values, expected] of cases) test(name, () => assert.deepEqual(contactFieldsOf(values), expected));

  test('a contact found by email gains the CRM id; a second run is unchanged', () => {
    assert.deepEqual(planContact(contact, { name: 'Jane Doe', email: 'jane@acme.example', externalId: '003A' }, 'salesforce'), {
      action: 'update',
      input: { externalIds: { salesforce: '003A' } },
    });
    assert.deepEqual(planContact({ ...contact, externalIds: { salesforce: '003A' } }, { name: 'Jane Doe', externalId: '003A' }, 'salesforce'), { action: 'unchanged' });
  });

  test('owners are found by email or name, any case', () => {
    const members = [{ id: 'u1', email: 'dana@example.com', name: 'Dana Leader' }];
    assert.equal(findMember(members, 'DANA@example.com')?.id, 'u1');
    assert.equal(findMember(members, 'dana leader')?.id, 'u1');
    assert.equal(findMember(members, 'Sam'), undefined);
  });

  test('custom fields are typed by their definitions', () => {
    const definitions = [
      { key: 'seats', label: 'Seats', type: 'number' as const, options: [] },
      { key: 'tier', label: 'Tier', type: 'select' as const, options: ['Gold', 'Silver'] },
    ];
    assert.deepEqual(customFieldsOf({ 'custom.seats': '1,200', 'custom.tier': 'gold' }, definitions), { customFields: { seats: 1200, tier: 'Gold' }, problems: [] });
    assert.deepEqual(customFieldsOf({ 'custom.tier': 'bronze' }, definitions).problems, [{ target: 'custom.tier', reason: 'must be one of Gold, Silver' }]);
  });
});

describe('contracts from line-item rows', () => {
  const line = (row: number, record: Record<string, string>) =>
    mapRecord('subscriptions', { externalId: 'id', accountExternalId: 'account', status: 'status', startDate: 'start', endDate: 'end', product: 'product', seats: 'seats', unitPrice: 'price' }, {
      row,
      record: { id: 'S1', account: '001A;001B', status: 'Activated', start: '2025-01-01', end: '2025-12-31', product: 'Platform', seats: '10', price: '1200', ...record },
    });

  test('rows of one contract fold into its line items; the primary account id is the first', () => {
    const { contract, problems } = contractOf([line(1, {}), line(2, { product: 'Analytics', seats: '5', price: '600' })]);
    assert.deepEqual(problems, []);
    assert.deepEqual(contract, {
      externalId: 'S1', accountExternalId: '001A', status: 'active', startDate: '2025-01-01', endDate: '2025-12-31', autoRenew: false,
      currency: 'USD', effectiveDate: null,
      items: [{ product: 'Platform', seats: 10, unitPrice: 1200 }, { product: 'Analytics', seats: 5, unitPrice: 600 }],
    });
  });

  test('rows that disagree on the contract terms are refused', () => {
    assert.deepEqual(contractOf([line(1, {}), line(2, { end: '2026-12-31' })]).problems, [
      { row: 2, target: 'endDate', reason: 'is 2026-12-31 but row 1 of contract S1 says 2025-12-31' },
    ]);
    assert.deepEqual(contractOf([line(1, { end: '2024-12-31' })]).problems, [{ row: 1, target: 'endDate', reason: 'is before the start date 2025-01-01' }]);
  });

  test('changes compare line items as a set, prices by the cent', () => {
    const { contract } = contractOf([line(1, {}), line(2, { product: 'Analytics', seats: '5', price: '600.004' })]);
    const stored: Subscription = {
      id: 's', accountId: 'a', externalId: 'S1', status: 'active', startDate: '2025-01-01', endDate: '2025-12-31', autoRenew: false, currency: 'USD', arr: 15_000,
      pricing: { model: 'committed', metric: null, unitPrice: null, windowDays: null }, usage: null,
      items: [{ id: 'i2', product: 'Analytics', seats: 5, unitPrice: 600, arr: 3000 }, { id: 'i1', product: 'Platform', seats: 10, unitPrice: 1200, arr: 12_000 }],
    };
    assert.deepEqual(contractChanges(stored, contract!), {});
    assert.deepEqual(contractChanges({ ...stored, status: 'cancelled' }, contract!), { status: 'active' });
    assert.deepEqual(Object.keys(contractChanges({ ...stored, items: stored.items.slice(1) }, contract!)), ['items']);
  });

  test('the day after, across months and leap days', () => {
    assert.equal(dayAfter('2024-12-31'), '2025-01-01');
    assert.equal(dayAfter('2024-02-28'), '2024-02-29');
  });
});
