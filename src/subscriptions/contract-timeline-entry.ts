import type { ArrMovementKind, SubscriptionStatus } from '../db/schema.js';
import { timelineTone, type TimelineTone } from '../timeline/index.js';
import { formatMoney } from './money.js';

export type ContractChange = {
  /** Null when the contract is new. */
  statusBefore: SubscriptionStatus | null;
  statusAfter: SubscriptionStatus;
  movementKind: ArrMovementKind | null;
  arrBefore: number;
  arrAfter: number;
  currency: string;
};

export type ContractTimelineEntry = {
  kind: 'contract_signed' | 'contract_changed' | 'contract_cancelled' | 'contract_expired';
  title: string;
  tone: TimelineTone;
};

const EVENT_LABEL: Record<ContractTimelineEntry['kind'], string> = {
  contract_signed: 'Contract signed',
  contract_changed: 'Contract changed',
  contract_cancelled: 'Contract cancelled',
  contract_expired: 'Contract expired',
};

const MOVEMENT_LABEL: Record<ArrMovementKind, string> = {
  new: 'New',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  reactivation: 'Reactivation',
};

function kindOf(change: ContractChange): ContractTimelineEntry['kind'] {
  if (change.statusBefore === null) return 'contract_signed';
  if (change.statusBefore !== change.statusAfter && change.statusAfter === 'cancelled') return 'contract_cancelled';
  if (change.statusBefore !== change.statusAfter && change.statusAfter === 'expired') return 'contract_expired';
  return 'contract_changed';
}

/**
 * The timeline entry for a contract change, with the account's ARR move in the title so the
 * thread reads as revenue history: "Contract changed — Expansion: ARR $12,000 → $18,000".
 */
export function contractTimelineEntry(change: ContractChange): ContractTimelineEntry {
  const kind = kindOf(change);
  const money = (amount: number) => formatMoney(amount, change.currency);
  const arr = change.movementKind
    ? `${MOVEMENT_LABEL[change.movementKind]}: ARR ${money(change.arrBefore)} → ${money(change.arrAfter)}`
    : `ARR unchanged at ${money(change.arrAfter)}`;
  const ended = kind === 'contract_cancelled' || kind === 'contract_expired';
  return { kind, title: `${EVENT_LABEL[kind]} — ${arr}`, tone: timelineTone({ of: 'contract', movement: change.movementKind, ended }) };
}
