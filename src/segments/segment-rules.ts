import { z } from 'zod';
import type { FieldIssue } from '../core/errors.js';
import type { CustomFieldType } from '../db/schema.js';

/**
 * The segment rule language: a group matches `all` or `any` of its conditions, and a
 * condition compares one field of the account with a value through an operator. Groups nest
 * three deep. Pure: the zod schema checks the shape, `checkSegmentRules` checks every field
 * and operator against the field catalogue (and the workspace's custom fields) and names the
 * bad one; `segment-query.repository.ts` compiles a checked document to one SQL statement.
 *
 * @example
 *   { match: 'all', conditions: [
 *       { field: 'arr', op: 'gte', value: 100000 },
 *       { match: 'any', conditions: [
 *           { field: 'health.band', op: 'eq', value: 'red' },
 *           { field: 'usage.eventsChangePct', op: 'lte', value: -30, days: 30 } ] } ] }
 */

export const ENGAGEMENT_MODELS = ['high_touch', 'low_touch', 'tech_touch'] as const;
/** How a segment's accounts are served: a CSM's time (high), a pooled team (low), or digital plays only (tech). */
export type EngagementModel = (typeof ENGAGEMENT_MODELS)[number];

export const SEGMENT_OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'before',
  'after',
  'within_next_days',
  'within_last_days',
  'is_set',
  'is_not_set',
] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

/** The value types a field can have; `user` is a workspace member's id, `enum` one of fixed options. */
export const FieldKindValues = ['text', 'number', 'date', 'boolean', 'enum', 'user'] as const;
export type FieldKind = (typeof FieldKindValues)[number];

/** What each kind of field can be compared with. */
export const OPERATORS_BY_KIND: Record<FieldKind, readonly SegmentOperator[]> = {
  text: ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'is_set', 'is_not_set'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set'],
  date: ['eq', 'before', 'after', 'between', 'within_next_days', 'within_last_days', 'is_set', 'is_not_set'],
  boolean: ['eq', 'is_set', 'is_not_set'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'],
  user: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'],
};

/**
 * Where a field's value comes from, so a change of that input re-evaluates only the
 * segments that read it: the account row (its fields, custom fields, cached ARR and renewal
 * date), the current health score, or the usage rollups.
 */
export type FieldSource = 'account' | 'health' | 'usage';

export type FieldSpec = {
  label: string;
  kind: FieldKind;
  source: FieldSource;
  /** For `enum` fields. */
  options?: readonly string[];
  /** Usage measures are read over the last `days` days (a condition's `days`, default 30). */
  windowed?: boolean;
};

/**
 * The built-in fields. Risk is not among them: accounts carry no churn-risk value yet (the
 * churn model scores files, not stored accounts), so a rule cannot read one.
 */
export const SEGMENT_FIELDS = {
  name: { label: 'Name', kind: 'text', source: 'account' },
  domain: { label: 'Domain', kind: 'text', source: 'account' },
  industry: { label: 'Industry', kind: 'text', source: 'account' },
  segment: { label: 'Segment (account field)', kind: 'text', source: 'account' },
  region: { label: 'Region', kind: 'text', source: 'account' },
  lifecycleStage: { label: 'Lifecycle stage', kind: 'text', source: 'account' },
  ownerId: { label: 'Owner', kind: 'user', source: 'account' },
  employeeCount: { label: 'Employees', kind: 'number', source: 'account' },
  arr: { label: 'ARR (reporting currency)', kind: 'number', source: 'account' },
  renewalDate: { label: 'Renewal date', kind: 'date', source: 'account' },
  'health.score': { label: 'Health score', kind: 'number', source: 'health' },
  'health.band': { label: 'Health band', kind: 'enum', source: 'health', options: ['green', 'yellow', 'red'] },
  'usage.events': { label: 'Events in the last N days', kind: 'number', source: 'usage', windowed: true },
  'usage.eventsChangePct': { label: 'Events: % change vs the N days before', kind: 'number', source: 'usage', windowed: true },
  'usage.activeUsers': { label: 'Active users in the last N days', kind: 'number', source: 'usage', windowed: true },
  'usage.activeUsersChangePct': { label: 'Active users: % change vs the N days before', kind: 'number', source: 'usage', windowed: true },
} as const satisfies Record<string, FieldSpec>;
export type BuiltInField = keyof typeof SEGMENT_FIELDS;

/** Custom fields are named `customFields.<key>`. */
export const CUSTOM_FIELD_PREFIX = 'customFields.';
export const DEFAULT_USAGE_DAYS = 30;
export const MAX_USAGE_DAYS = 365;
const MAX_GROUP_DEPTH = 3;
const MAX_CONDITIONS = 50;
const MAX_LIST = 200;

/** A workspace custom field as the rule checker needs it. */
export type CustomFieldSpec = { key: string; label: string; type: CustomFieldType; options: string[] };

const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

export const segmentConditionSchema = z
  .strictObject({
    field: z.string().min(1).max(120).describe('A built-in field (arr, lifecycleStage, health.band, usage.events, …) or customFields.<key>'),
    op: z.string().min(1).max(40).describe(`One of: ${SEGMENT_OPERATORS.join(', ')} (which apply depends on the field's type)`),
    value: z.union([scalar, z.array(scalar).max(MAX_LIST)]).optional().describe('Absent for is_set / is_not_set; a list for in, not_in and between; whole days for within_*_days'),
    days: z.number().int().optional().describe(`Usage window in days (usage.* fields only), 1–${MAX_USAGE_DAYS}, default ${DEFAULT_USAGE_DAYS}`),
  })
  .meta({ id: 'SegmentCondition' });
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export type SegmentGroup = { match: 'all' | 'any'; conditions: Array<SegmentCondition | SegmentGroup> };

// Three levels spelled out rather than one recursive schema: the OpenAPI document (and the
// web app's generated types) stay plain, and the depth limit is part of the shape.
const innermostGroupSchema = z.strictObject({
  match: z.enum(['all', 'any']),
  conditions: z.array(segmentConditionSchema).max(MAX_CONDITIONS),
});
const middleGroupSchema = z.strictObject({
  match: z.enum(['all', 'any']),
  conditions: z.array(z.union([segmentConditionSchema, innermostGroupSchema])).max(MAX_CONDITIONS),
});
export const segmentRulesSchema = z
  .strictObject({
    match: z.enum(['all', 'any']).describe('all: every condition must hold; any: at least one'),
    conditions: z.array(z.union([segmentConditionSchema, middleGroupSchema])).max(MAX_CONDITIONS),
  })
  .meta({ id: 'SegmentRules', description: `A group of conditions (groups nest ${MAX_GROUP_DEPTH} deep); an empty "all" group matches every account, an empty "any" group none` });
export type SegmentRules = SegmentGroup;

export const isGroup = (node: SegmentCondition | SegmentGroup): node is SegmentGroup => 'match' in node;

/** The field's spec, built-in or custom; undefined when the workspace has no such field. */
export function fieldSpec(field: string, customFields: readonly CustomFieldSpec[]): FieldSpec | undefined {
  if (Object.hasOwn(SEGMENT_FIELDS, field)) return SEGMENT_FIELDS[field as BuiltInField];
  if (!field.startsWith(CUSTOM_FIELD_PREFIX)) return undefined;
  const custom = customFields.find((definition) => definition.key === field.slice(CUSTOM_FIELD_PREFIX.length));
  if (!custom) return undefined;
  const kind: FieldKind = custom.type === 'select' ? 'enum' : custom.type;
  return { label: custom.label, kind, source: 'account', ...(custom.type === 'select' ? { options: custom.options } : {}) };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why `value` is not a value of the field, or undefined when it is. */
function checkScalar(spec: FieldSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'text':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'date':
      // Round trip, so 2026-02-30 (which Date.parse rolls over to March) is refused too.
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value
        ? undefined
        : 'must be a date (YYYY-MM-DD)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && spec.options?.includes(value) ? undefined : `must be one of: ${(spec.options ?? []).join(', ')}`;
    case 'user':
      return typeof value === 'string' && UUID.test(value) ? undefined : 'must be a member’s user id';
  }
}

function checkValue(spec: FieldSpec, op: SegmentOperator, value: unknown): string | undefined {
  if (op === 'is_set' || op === 'is_not_set') return value === undefined ? undefined : `takes no value with ${op}`;
  if (value === undefined) return `is required with ${op}`;
  if (op === 'within_next_days' || op === 'within_last_days')
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 3650 ? undefined : `must be a whole number of days (0–3650) with ${op}`;
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(value) || value.length === 0) return `must be a non-empty list with ${op}`;
    const bad = value.map((item) => checkScalar(spec, item)).find(Boolean);
    return bad ? `has an item that ${bad}` : undefined;
  }
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2) return 'must be a list of two values [low, high] with between';
    const bad = value.map((item) => checkScalar(spec, item)).find(Boolean);
    if (bad) return `has a bound that ${bad}`;
    return (value[0] as number | string) <= (value[1] as number | string) ? undefined : 'must have its low bound first';
  }
  if (Array.isArray(value)) return `must be a single value with ${op}`;
  return checkScalar(spec, value);
}

/**
 * Every problem with a rule document, each naming the path of the bad part (`rules.conditions[1].op`)
 * and what would be right. Empty when the document can be evaluated.
 *
 * @example
 *   checkSegmentRules({ match: 'all', conditions: [{ field: 'arr', op: 'contains', value: 'x' }] }, []);
 *   // [{ path: 'rules.conditions[0].op', message: 'operator "contains" does not apply to arr (number); use one of eq, neq, gt, …' }]
 */
export function checkSegmentRules(rules: SegmentRules, customFields: readonly CustomFieldSpec[], path = 'rules'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let conditionCount = 0;
  const walk = (group: SegmentGroup, at: string, depth: number) => {
    if (depth > MAX_GROUP_DEPTH) issues.push({ path: at, message: `groups nest at most ${MAX_GROUP_DEPTH} deep` });
    group.conditions.forEach((node, index) => {
      const here = `${at}.conditions[${index}]`;
      if (isGroup(node)) return walk(node, here, depth + 1);
      conditionCount += 1;
      const spec = fieldSpec(node.field, customFields);
      if (!spec) {
        const custom = node.field.startsWith(CUSTOM_FIELD_PREFIX);
        issues.push({
          path: `${here}.field`,
          message: custom
            ? `unknown custom field "${node.field.slice(CUSTOM_FIELD_PREFIX.length)}"; this workspace defines: ${customFields.map((field) => field.key).join(', ') || 'none'}`
            : `unknown field "${node.field}"; use one of ${Object.keys(SEGMENT_FIELDS).join(', ')} or customFields.<key>`,
        });
        return;
      }
      const allowed = OPERATORS_BY_KIND[spec.kind];
      if (!(allowed as readonly string[]).includes(node.op)) {
        issues.push({ path: `${here}.op`, message: `operator "${node.op}" does not apply to ${node.field} (${spec.kind}); use one of ${allowed.join(', ')}` });
        return;
      }
      const problem = checkValue(spec, node.op as SegmentOperator, node.value);
      if (problem) issues.push({ path: `${here}.value`, message: `${node.field} ${node.op}: the value ${problem}` });
      if (node.days !== undefined) {
        if (!spec.windowed) issues.push({ path: `${here}.days`, message: `days applies to usage fields only, not ${node.field}` });
        else if (node.days < 1 || node.days > MAX_USAGE_DAYS) issues.push({ path: `${here}.days`, message: `days must be 1–${MAX_USAGE_DAYS}` });
      }
    });
  };
  walk(rules, path, 1);
  if (conditionCount > MAX_CONDITIONS) issues.push({ path, message: `at most ${MAX_CONDITIONS} conditions in all` });
  return issues;
}

/** The inputs a rule document reads, so a change of another input leaves the segment alone. */
export function segmentSources(rules: SegmentRules, customFields: readonly CustomFieldSpec[]): Set<FieldSource> {
  const sources = new Set<FieldSource>();
  const walk = (group: SegmentGroup) => {
    for (const node of group.conditions) {
      if (isGroup(node)) walk(node);
      else {
        const spec = fieldSpec(node.field, customFields);
        if (spec) sources.add(spec.source);
      }
    }
  };
  walk(rules);
  return sources;
}

/** Day arithmetic on 'YYYY-MM-DD' in UTC. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
