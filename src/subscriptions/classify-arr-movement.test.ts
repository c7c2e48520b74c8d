import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArrMovementKind } from '../db/schema.js';
import { classifyArrMovement } from './classify-arr-movement.js';

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
