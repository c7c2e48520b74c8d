import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeCustomFields, validateCustomFields, type CustomFieldDefinition } from './custom-fields.js';

const definitions: CustomFieldDefinition[] = [
  { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] },
  { key: 'sso', label: 'Uses SSO', type: 'boolean', options: [] },
  { key: 'kickoff', label: 'Kickoff', type: 'date', options: [] },
  { key: 'seats_target', label: 'Seat target', type: 'number', options: [] },
  { key: 'why_bought', label: 'Why they bought', type: 'text', options: [] },
];

test('values of the right type pass, null clears', () => {
  assert.deepEqual(
    validateCustomFields(definitions, { tier: 'gold', sso: true, kickoff: '2026-01-15', seats_target: 40, why_bought: 'Replace spreadsheets', tier2: undefined }).map((i) => i.path),
    ['customFields.tier2'],
  );
  assert.deepEqual(validateCustomFields(definitions, { tier: null }), []);
});

test('each wrong value is named with its reason', () => {
  assert.deepEqual(validateCustomFields(definitions, { tier: 'bronze', sso: 'yes', kickoff: '15/01/2026', seats_target: '40', colour: 'red' }), [
    { path: 'customFields.tier', message: 'must be one of: gold, silver' },
    { path: 'customFields.sso', message: 'must be true or false' },
    { path: 'customFields.kickoff', message: 'must be a date (YYYY-MM-DD)' },
    { path: 'customFields.seats_target', message: 'must be a number' },
    { path: 'customFields.colour', message: 'is not a custom field of this workspace' },
  ]);
});

test('a patch sets and removes keys', () => {
  assert.deepEqual(mergeCustomFields({ tier: 'gold', sso: true }, { tier: 'silver', sso: null, kickoff: '2026-02-01' }), {
    tier: 'silver',
    kickoff: '2026-02-01',
  });
});
