import { createHash } from 'node:crypto';
import type { LeafStep, PlaybookCondition, PlaybookStep } from './playbook-definition.js';

/**
 * Pure rules of the engine: conditions over an account's facts, and where a run goes next in
 * its steps. No clock, no database: the caller passes `today` and the facts.
 */

/** What conditions and templates read about an account. */
export type AccountFacts = {
  id: string;
  name: string;
  domain: string | null;
  arr: number;
  renewalDate: string | null;
  lifecycleStage: string | null;
  segment: string | null;
  region: string | null;
  industry: string | null;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  employeeCount: number | null;
  healthScore: number | null;
  healthBand: string | null;
  customFields: Record<string, unknown>;
};

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

function fieldValue(facts: AccountFacts, field: string, today: string): unknown {
  if (field.startsWith('custom.')) return facts.customFields[field.slice('custom.'.length)] ?? null;
  if (field === 'daysToRenewal') return facts.renewalDate === null ? null : daysBetween(today, facts.renewalDate);
  return facts[field as keyof AccountFacts] ?? null;
}

/** Whether one condition holds; a missing value satisfies only `is_not_set` and `neq`/`not_in`. */
export function conditionHolds(condition: PlaybookCondition, facts: AccountFacts, today: string): boolean {
  const actual = fieldValue(facts, condition.field, today);
  const isSet = actual !== null && actual !== undefined && actual !== '';
  const expected = condition.value;
  switch (condition.op) {
    case 'is_set':
      return isSet;
    case 'is_not_set':
      return !isSet;
    case 'eq':
      return isSet && String(actual) === String(expected);
    case 'neq':
      return !isSet || String(actual) !== String(expected);
    case 'in':
      return isSet && Array.isArray(expected) && expected.includes(String(actual));
    case 'not_in':
      return !isSet || !(Array.isArray(expected) && expected.includes(String(actual)));
    default: {
      const number = typeof actual === 'number' ? actual : Number(actual);
      if (!isSet || Number.isNaN(number) || typeof expected !== 'number') return false;
      if (condition.op === 'lt') return number < expected;
      if (condition.op === 'lte') return number <= expected;
      if (condition.op === 'gt') return number > expected;
      return number >= expected;
    }
  }
}

export function conditionsHold(conditions: readonly PlaybookCondition[], facts: AccountFacts, today: string): boolean {
  return conditions.every((condition) => conditionHolds(condition, facts, today));
}

/** Conditions in words, for reasons in run history and dry runs. */
export function describeConditions(conditions: readonly PlaybookCondition[]): string {
  return conditions.map((c) => `${c.field} ${c.op}${c.value === undefined ? '' : ` ${Array.isArray(c.value) ? c.value.join('|') : c.value}`}`).join(' and ');
}

/**
 * A step's position: the index in the top list, and for a step inside a branch or a
 * wait-until's timeout list, the list's label and the index in it: "3", "3/then/1".
 */
export type Position = { index: number; branch?: 'then' | 'else' | 'timeout'; inner?: number };

export function formatPosition(position: Position): string {
  return position.branch === undefined ? String(position.index) : `${position.index}/${position.branch}/${position.inner}`;
}

export function parsePosition(text: string): Position {
  const [index, branch, inner] = text.split('/');
  return branch === undefined ? { index: Number(index) } : { index: Number(index), branch: branch as Position['branch'], inner: Number(inner) };
}

function innerList(step: PlaybookStep | undefined, branch: Position['branch']): LeafStep[] {
  if (step?.type === 'branch' && (branch === 'then' || branch === 'else')) return step[branch];
  if (step?.type === 'wait_until' && branch === 'timeout') return step.onTimeout;
  return [];
}

/** The step at a position, or null past the end of its list. */
export function stepAt(steps: readonly PlaybookStep[], position: Position): PlaybookStep | null {
  if (position.branch === undefined) return steps[position.index] ?? null;
  return innerList(steps[position.index], position.branch)[position.inner!] ?? null;
}

/**
 * Where the run goes after the step at `position` finished normally; null when the run ends.
 * The last step of a branch continues after the branch; the last step of a timeout list ends
 * the run (the wait-until timed out: the rest of the play no longer applies).
 */
export function nextPosition(steps: readonly PlaybookStep[], position: Position): Position | null {
  if (position.branch === undefined) return position.index + 1 < steps.length ? { index: position.index + 1 } : null;
  const list = innerList(steps[position.index], position.branch);
  if (position.inner! + 1 < list.length) return { ...position, inner: position.inner! + 1 };
  if (position.branch === 'timeout') return null;
  return position.index + 1 < steps.length ? { index: position.index + 1 } : null;
}

/** The first position of a branch's list, or what follows the branch when the list is empty. */
export function enterList(steps: readonly PlaybookStep[], index: number, branch: 'then' | 'else' | 'timeout'): Position | null {
  if (innerList(steps[index], branch).length > 0) return { index, branch, inner: 0 };
  if (branch === 'timeout') return null;
  return index + 1 < steps.length ? { index: index + 1 } : null;
}

/**
 * The holdout draw of one entry: uniform in [0, 1), derived from the playbook (its random id is
 * the seed), the account and the entry key, so the assignment is random across accounts yet
 * anyone can recompute it from the run row and check it (issue 12 item 6: auditable). Re-entries
 * have other entry keys, so each entry is drawn afresh.
 *
 * @example holdoutDraw('pb-1', 'acct-1', 'event:42') // → 0.83… (always the same for these three)
 */
export function holdoutDraw(playbookId: string, accountId: string, entryKey: string): number {
  // 48 bits of SHA-256 (exact in a double): a uniform draw, independent of the ids' format.
  return createHash('sha256').update(`${playbookId}:${accountId}:${entryKey}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** Holdout at entry: `draw` is uniform in [0, 1). */
export function isHeldOut(holdoutPercent: number, draw: number): boolean {
  return holdoutPercent > 0 && draw * 100 < holdoutPercent;
}
