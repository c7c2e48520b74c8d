import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArrMovementKind } from '../db/schema.js';
import { classifyArrMovement, contractEventTypes } from './classify-arr-movement.js';

const cases: Array<
  [arrBefore: number, arrAfter: number, hasHadArr: boolean, kind: ArrMovementKind | null, why: string]
> = [
  [0, 12_000, false, 'new', 'first contract signed'],
  [0, 0.01, false, 'new', 'even a cent of first revenue is new'],
  [0, 10_000, true, 'reactivation', 'a churned customer signs again'],
  [12_000, 21_000, true, 'expansion', 'more seats and an add-on'],
  [21_000, 17_400, true, 'contraction', 'seats cut from 15 to 12 at 1,200'],
  [17_400, 0, true, 'churn', 'the last active contract cancelled'],
  [0.01, 0, true, 'churn', 'the last cent gone'],
  [12_000, 12_000, true, null, 'auto-renew toggled: ARR did not move'],
  [0, 0, false, null, 'a zero-priced pilot signed'],
  [0, 0, true, null, 'an already cancelled contract edited'],
];

for (const [arrBefore, arrAfter, hasHadArr, kind, why] of cases) {
  test(`classifyArrMovement ${arrBefore} → ${arrAfter} (had ARR: ${hasHadArr}) is ${kind}: ${why}`, () => {
    assert.equal(classifyArrMovement({ arrBefore, arrAfter, hasHadArr }), kind);
  });
}

describe('contractEventTypes', () => {
  const active = (endDate: string) => ({ status: 'active', endDate });
  const cases: [string, Parameters<typeof contractEventTypes>[0], string[]][] = [
    ['a first contract', { before: null, after: active('2025-12-31'), movementKind: 'new' }, ['contract.signed']],
    ['a second contract adding ARR', { before: null, after: active('2025-12-31'), movementKind: 'expansion' }, ['contract.signed', 'contract.expanded']],
    ['a renewal at the same price', { before: active('2025-12-31'), after: active('2026-12-31'), movementKind: null }, ['contract.renewed']],
    ['a renewal with more seats', { before: active('2025-12-31'), after: active('2026-12-31'), movementKind: 'expansion' }, ['contract.renewed', 'contract.expanded']],
    ['fewer seats mid-term', { before: active('2025-12-31'), after: active('2025-12-31'), movementKind: 'contraction' }, ['contract.contracted']],
    ['the last contract cancelled', { before: active('2025-12-31'), after: { status: 'cancelled', endDate: '2025-12-31' }, movementKind: 'churn' }, ['contract.churned']],
    ['a churned account back', { before: { status: 'cancelled', endDate: '2025-12-31' }, after: active('2026-12-31'), movementKind: 'reactivation' }, ['contract.signed']],
    ['a note-only edit', { before: active('2025-12-31'), after: active('2025-12-31'), movementKind: null }, []],
  ];
  for (const [name, change, expected] of cases) {
    test(name, () => assert.deepEqual(contractEventTypes(change), expected));
  }
});

const otherCurrencyCases: Array<[arrBefore: number, arrAfter: number, kind: ArrMovementKind, why: string]> = [
  [0, 9_000, 'expansion', 'a customer paying in USD signs its first EUR contract'],
  [9_000, 0, 'contraction', 'its EUR contract cancelled while the USD one runs'],
  [9_000, 12_000, 'expansion', 'more EUR seats'],
];

for (const [arrBefore, arrAfter, kind, why] of otherCurrencyCases) {
  test(`classifyArrMovement ${arrBefore} → ${arrAfter} with ARR in another currency is ${kind}: ${why}`, () => {
    assert.equal(classifyArrMovement({ arrBefore, arrAfter, hasHadArr: true, hasOtherArr: true }), kind);
  });
}
