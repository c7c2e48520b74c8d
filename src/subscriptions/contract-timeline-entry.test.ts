import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contractTimelineEntry, type ContractChange } from './contract-timeline-entry.js';

const change = (values: Partial<ContractChange>): ContractChange => ({
  statusBefore: 'active',
  statusAfter: 'active',
  movementKind: null,
  arrBefore: 12_000,
  arrAfter: 12_000,
  currency: 'USD',
  ...values,
});

const cases: Array<[name: string, change: ContractChange, kind: string, title: string, tone: string]> = [
  [
    'signed',
    change({ statusBefore: null, movementKind: 'new', arrBefore: 0 }),
    'contract_signed',
    'Contract signed — New: ARR $0 → $12,000',
    'positive',
  ],
  [
    'seats added',
    change({ movementKind: 'expansion', arrAfter: 18_000 }),
    'contract_changed',
    'Contract changed — Expansion: ARR $12,000 → $18,000',
    'positive',
  ],
  [
    'cancelled',
    change({ statusAfter: 'cancelled', movementKind: 'churn', arrAfter: 0 }),
    'contract_cancelled',
    'Contract cancelled — Churn: ARR $12,000 → $0',
    'negative',
  ],
  [
    'expired',
    change({ statusAfter: 'expired', movementKind: 'churn', arrAfter: 0 }),
    'contract_expired',
    'Contract expired — Churn: ARR $12,000 → $0',
    'negative',
  ],
  ['auto-renew toggled', change({}), 'contract_changed', 'Contract changed — ARR unchanged at $12,000', 'neutral'],
  [
    'cancelled contract edited again',
    change({ statusBefore: 'cancelled', statusAfter: 'cancelled', arrAfter: 0 }),
    'contract_changed',
    'Contract changed — ARR unchanged at $0',
    'neutral',
  ],
  [
    'revived',
    change({ statusBefore: 'cancelled', movementKind: 'reactivation', arrBefore: 0, currency: 'EUR' }),
    'contract_changed',
    'Contract changed — Reactivation: ARR €0 → €12,000',
    'positive',
  ],
];

for (const [name, input, kind, title, tone] of cases) {
  test(`contractTimelineEntry: ${name}`, () => assert.deepEqual(contractTimelineEntry(input), { kind, title, tone }));
}
