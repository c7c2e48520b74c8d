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

export type ContractEventType = 'contract.signed' | 'contract.renewed' | 'contract.expanded' | 'contract.contracted' | 'contract.churned';

/**
 * The domain events a contract change makes: `signed` for a new contract (or one that brings
 * an account back from zero), `renewed` when an active contract's end date moves later, and
 * the ARR movement as `expanded` / `contracted` / `churned`. One change may make two (a
 * renewal with more seats: renewed and expanded); an edit that moves none of these, none.
 *
 * @example
 *   contractEventTypes({ before: { status: 'active', endDate: '2025-12-31' }, after: { status: 'active', endDate: '2026-12-31' }, movementKind: 'expansion' });
 *   // ['contract.renewed', 'contract.expanded']
 */
export function contractEventTypes(change: {
  before: { status: string; endDate: string } | null;
  after: { status: string; endDate: string };
  movementKind: ArrMovementKind | null;
}): ContractEventType[] {
  const { before, after, movementKind } = change;
  const types: ContractEventType[] = [];
  if (!before || movementKind === 'new' || movementKind === 'reactivation') types.push('contract.signed');
  if (before?.status === 'active' && after.status === 'active' && after.endDate > before.endDate) types.push('contract.renewed');
  if (movementKind === 'expansion') types.push('contract.expanded');
  if (movementKind === 'contraction') types.push('contract.contracted');
  if (movementKind === 'churn') types.push('contract.churned');
  return types;
}
