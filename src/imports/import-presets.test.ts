import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveMappingOrThrow, withDefinedCustomFields } from './import-presets.js';

describe('resolving the column mapping', () => {
  const cases = [
    {
      name: 'Salesforce accounts report, any case, extra columns ignored',
      options: { kind: 'accounts', preset: 'salesforce', columns: ['ACCOUNT ID', 'Account Name', 'Website', 'Rating'] },
      expected: { mapping: { externalId: 'ACCOUNT ID', name: 'Account Name', domain: 'Website' }, missing: [], unmapped: ['Rating'] },
    },
    {
      name: 'the acquisition channel: Salesforce Account Source, HubSpot Original Source Type',
      options: { kind: 'accounts', preset: 'salesforce', columns: ['Account ID', 'Account Name', 'Account Source'] },
      expected: { mapping: { externalId: 'Account ID', name: 'Account Name', acquisitionChannel: 'Account Source' }, missing: [], unmapped: [] },
    },
    {
      name: 'HubSpot companies with their original source',
      options: { kind: 'accounts', preset: 'hubspot', columns: ['Record ID', 'Company name', 'Original Source Type'] },
      expected: { mapping: { externalId: 'Record ID', name: 'Company name', acquisitionChannel: 'Original Source Type' }, missing: [], unmapped: [] },
    },
    {
      name: 'HubSpot contacts export',
      options: { kind: 'contacts', preset: 'hubspot', columns: ['Record ID', 'First Name', 'Last Name', 'Email', 'Job Title', 'Associated Company IDs'] },
      expected: {
        mapping: { externalId: 'Record ID', firstName: 'First Name', lastName: 'Last Name', email: 'Email', title: 'Job Title', accountExternalId: 'Associated Company IDs' },
        missing: [],
        unmapped: [],
      },
    },
    {
      name: 'the first candidate the file has wins (contract dates before the close date)',
      options: { kind: 'subscriptions', preset: 'salesforce', columns: ['Opportunity ID', 'Account ID', 'Close Date', 'Contract Start Date', 'Contract End Date', 'Product Name', 'Quantity', 'Sales Price'] },
      expected: {
        mapping: { externalId: 'Opportunity ID', accountExternalId: 'Account ID', startDate: 'Contract Start Date', endDate: 'Contract End Date', product: 'Product Name', seats: 'Quantity', unitPrice: 'Sales Price' },
        missing: [],
        unmapped: ['Close Date'],
      },
    },
    {
      name: 'a custom mapping overrides and unmaps preset columns',
      options: { kind: 'accounts', preset: 'hubspot', columns: ['Record ID', 'Company name', 'Company owner', 'Legal name'], custom: { name: 'Legal name', owner: '' } },
      expected: { mapping: { externalId: 'Record ID', name: 'Legal name' }, missing: [], unmapped: ['Company name', 'Company owner'] },
    },
    {
      name: 'without a preset, columns named like fields fill them',
      options: { kind: 'accounts', columns: ['externalId', 'Name', 'custom.tier', 'notes'], strictColumns: true },
      expected: { mapping: { externalId: 'externalId', name: 'Name', 'custom.tier': 'custom.tier' }, missing: [], unmapped: ['notes'] },
    },
    {
      name: 'required fields without a column are missing',
      options: { kind: 'contacts', preset: 'salesforce', columns: ['Email'] },
      expected: { mapping: { email: 'Email' }, missing: ['accountExternalId'], unmapped: [] },
    },
  ] as const;
  for (const { name, options, expected } of cases) {
    test(name, () => assert.deepEqual(resolveMappingOrThrow(options as unknown as Parameters<typeof resolveMappingOrThrow>[0]), expected));
  }

  test('a custom mapping naming an unknown field or a missing CSV column is refused', () => {
    assert.throws(() => resolveMappingOrThrow({ kind: 'accounts', columns: ['a'], custom: { revenue: 'a' } }), /"revenue", which is not a field of accounts imports/);
    assert.throws(() => resolveMappingOrThrow({ kind: 'accounts', columns: ['a'], custom: { name: 'b' }, strictColumns: true }), /column "b", which the file does not have/);
  });

  test('preset columns for undefined custom fields are dropped; asked-for ones are refused', () => {
    const resolved = resolveMappingOrThrow({ kind: 'accounts', preset: 'salesforce', columns: ['Account ID', 'Account Name', 'Type'] });
    assert.equal(resolved.mapping['custom.type'], 'Type');
    assert.deepEqual(withDefinedCustomFields(resolved, undefined, []).mapping, { externalId: 'Account ID', name: 'Account Name' });
    assert.deepEqual(withDefinedCustomFields(resolved, undefined, [{ key: 'type' }]).mapping['custom.type'], 'Type');
    assert.throws(() => withDefinedCustomFields(resolved, { 'custom.type': 'Type' }, []), /no custom field "type"/);
  });
});
