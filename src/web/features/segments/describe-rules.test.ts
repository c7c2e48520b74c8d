import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRules } from './describe-rules.js';
import type { SegmentField } from './segments.api.js';

const fields: SegmentField[] = [
  { field: 'arr', label: 'ARR', kind: 'number', operators: ['gte'], windowed: false },
  { field: 'lifecycleStage', label: 'Lifecycle stage', kind: 'text', operators: ['neq'], windowed: false },
  { field: 'health.band', label: 'Health band', kind: 'enum', operators: ['eq'], options: ['green', 'yellow', 'red'], windowed: false },
  { field: 'usage.eventsChangePct', label: 'Events: % change vs the N days before', kind: 'number', operators: ['lte'], windowed: true },
  { field: 'renewalDate', label: 'Renewal date', kind: 'date', operators: ['within_next_days'], windowed: false },
];

test('rules read as a sentence, nested groups in brackets', () => {
  assert.equal(
    describeRules(
      {
        match: 'all',
        conditions: [
          { field: 'arr', op: 'gte', value: 100000 },
          { match: 'any', conditions: [{ field: 'health.band', op: 'eq', value: 'red' }, { field: 'usage.eventsChangePct', op: 'lte', value: -50, days: 14 }] },
          { field: 'renewalDate', op: 'within_next_days', value: 90 },
        ],
      },
      fields,
    ),
    'ARR ≥ 100,000 and (Health band is red or Events: % change vs the 14 days before ≤ -50) and Renewal date is within the next 90 days',
  );
  assert.equal(describeRules({ match: 'all', conditions: [] }, fields), 'Every account');
  assert.equal(describeRules({ match: 'all', conditions: [{ field: 'lifecycleStage', op: 'is_not_set' }] }, fields), 'Lifecycle stage is not set');
});
