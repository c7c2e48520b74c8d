import type { ArrMovementKind } from '../db/schema.js';

export type ArrChange = {
  arrBefore: number;
  arrAfter: number;
  /** True when the account had ARR at some earlier time (it has an earlier movement). */
  hasHadArr: boolean;
  /**
   * True when the account keeps ARR in other currencies through this change. The ledger books
   * each currency apart (arrBefore/arrAfter are the account's ARR in the contract's currency),
   * but new, reactivation and churn describe the customer: a first EUR contract of a customer
   * paying in USD is expansion, cancelling it contraction.
   */
  hasOtherArr?: boolean;
};

/**
 * Names an account's ARR change the way retention reports count it; null when ARR did not
 * move. Only a change that starts from zero can be `new` or `reactivation`, and only one
 * that ends at zero is `churn`, so gross and net retention can be summed from the ledger.
 *
 * @example
 *   classifyArrMovement({ arrBefore: 12_000, arrAfter: 18_000, hasHadArr: true }) // 'expansion'
 */
export function classifyArrMovement({ arrBefore, arrAfter, hasHadArr, hasOtherArr = false }: ArrChange): ArrMovementKind | null {
  if (arrAfter === arrBefore) return null;
  if (hasOtherArr) return arrAfter > arrBefore ? 'expansion' : 'contraction';
  if (arrBefore === 0) return hasHadArr ? 'reactivation' : 'new';
  if (arrAfter === 0) return 'churn';
  return arrAfter > arrBefore ? 'expansion' : 'contraction';
}
