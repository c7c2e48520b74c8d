import type { SegmentCondition, SegmentField, SegmentRules } from './segments.api.js';

type Node = SegmentRules['conditions'][number];

/** Words for each operator, as a rule reads aloud ("ARR ≥ 100,000"). */
export const OPERATOR_LABELS: Record<string, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'is between',
  before: 'is before',
  after: 'is after',
  within_next_days: 'is within the next',
  within_last_days: 'was within the last',
  is_set: 'is set',
  is_not_set: 'is not set',
};

export const ENGAGEMENT_LABELS = { high_touch: 'High touch', low_touch: 'Low touch', tech_touch: 'Tech touch' } as const;

export const isGroup = (node: Node): node is Extract<Node, { match: 'all' | 'any' }> => 'match' in node;

function formatValue(value: SegmentCondition['value']): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'number' ? item.toLocaleString('en-US') : String(item))).join(', ');
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
}

/** One condition as a phrase: "Renewal date is within the next 90 days", "Events in the last N days (30 d) ≥ 10". */
export function describeCondition(condition: SegmentCondition, fields: readonly SegmentField[]): string {
  const field = fields.find((candidate) => candidate.field === condition.field);
  const label = field?.windowed ? `${field.label.replace('N days', `${condition.days ?? 30} days`)}` : (field?.label ?? condition.field);
  const op = OPERATOR_LABELS[condition.op] ?? condition.op;
  if (condition.op === 'is_set' || condition.op === 'is_not_set') return `${label} ${op}`;
  if (condition.op === 'within_next_days' || condition.op === 'within_last_days') return `${label} ${op} ${formatValue(condition.value)} days`;
  if (condition.op === 'between' && Array.isArray(condition.value)) return `${label} ${op} ${formatValue(condition.value[0])} and ${formatValue(condition.value[1])}`;
  return `${label} ${op} ${formatValue(condition.value)}`;
}

/**
 * The whole rule document in words, groups in brackets.
 *
 * @example describeRules({ match: 'all', conditions: [arrAtLeast100k, notChurned] }, fields) // "ARR (reporting currency) ≥ 100,000 and Lifecycle stage is not Churned"
 */
export function describeRules(rules: SegmentRules | Extract<Node, { match: 'all' | 'any' }>, fields: readonly SegmentField[], nested = false): string {
  if (rules.conditions.length === 0) return rules.match === 'all' ? 'Every account' : 'No account';
  const parts = rules.conditions.map((node) => (isGroup(node) ? describeRules(node, fields, true) : describeCondition(node, fields)));
  const text = parts.join(rules.match === 'all' ? ' and ' : ' or ');
  return nested && parts.length > 1 ? `(${text})` : text;
}
