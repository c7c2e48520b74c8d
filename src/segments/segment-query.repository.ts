import { sql, type Expression, type Kysely, type QueryCreator, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import { withHashJoins } from '../db/transaction.js';
import {
  addDays,
  CUSTOM_FIELD_PREFIX,
  DEFAULT_USAGE_DAYS,
  fieldSpec,
  isGroup,
  SEGMENT_FIELDS,
  type CustomFieldSpec,
  type FieldKind,
  type SegmentCondition,
  type SegmentGroup,
  type SegmentRules,
} from './segment-rules.js';

/**
 * The rule compiler: a checked rule document → one boolean SQL expression over `accounts a`
 * left-joined with `health_scores h`, so a segment is evaluated for a whole workspace (or a
 * set of its accounts) in one statement, never account by account in JavaScript. Usage
 * measures are correlated aggregates over the rollups' primary keys (account, day), read only
 * for rows the other conditions did not already decide. Reads accounts, health_scores,
 * usage_account_days and usage_user_days (owned by accounts/, health/ and usage/) and never
 * writes them, as health's measure reads do.
 */

type Conn = Kysely<Database>;

/** What the compiler needs besides the rules: today's UTC day (time-based rules) and the custom fields' types. */
export type CompileContext = { today: string; customFields: readonly CustomFieldSpec[] };

const ACCOUNT_COLUMNS: Record<string, string> = {
  name: 'a.name',
  domain: 'a.domain',
  industry: 'a.industry',
  segment: 'a.segment',
  region: 'a.region',
  lifecycleStage: 'a.lifecycle_stage',
  ownerId: 'a.owner_id',
  employeeCount: 'a.employee_count',
  arr: 'a.arr',
  renewalDate: 'a.renewal_date',
  'health.score': 'h.score',
  'health.band': 'h.band',
};

/** How a parameter is typed for a field's kind (custom dates are ISO text, compared as text). */
type Operand = { value: RawBuilder<unknown>; param: (value: unknown) => RawBuilder<unknown>; kind: FieldKind };

const typed = (cast: string) => (value: unknown) => sql`cast(${value} as ${sql.raw(cast)})`;
const CAST_BY_KIND: Record<FieldKind, string> = { text: 'text', number: 'numeric', date: 'date', boolean: 'boolean', enum: 'text', user: 'uuid' };

/** Σ events or distinct active users over (from, to]; with `previousFrom`, the % change against (previousFrom, from] instead. */
function usageMeasure(field: string, days: number, today: string): RawBuilder<unknown> {
  const from = addDays(today, -days);
  const before = addDays(today, -2 * days);
  const isUsers = field.startsWith('usage.activeUsers');
  const current = isUsers
    ? sql`count(distinct u.user_key) filter (where u.day > cast(${from} as date))`
    : sql`coalesce(sum(u.events) filter (where u.day > cast(${from} as date)), 0)`;
  const table = sql.raw(isUsers ? 'usage_user_days' : 'usage_account_days');
  if (!field.endsWith('ChangePct'))
    return sql`(select ${current} from ${table} u where u.account_id = a.id and u.day > cast(${from} as date) and u.day <= cast(${today} as date))`;
  const previous = isUsers
    ? sql`count(distinct u.user_key) filter (where u.day <= cast(${from} as date))`
    : sql`coalesce(sum(u.events) filter (where u.day <= cast(${from} as date)), 0)`;
  // No activity in the earlier window: the change is undefined (null), and no comparison matches it.
  return sql`(select (${current} - ${previous}) * 100.0 / nullif(${previous}, 0) from ${table} u
    where u.account_id = a.id and u.day > cast(${before} as date) and u.day <= cast(${today} as date))`;
}

function operand(node: SegmentCondition, context: CompileContext): Operand | undefined {
  const spec = fieldSpec(node.field, context.customFields);
  if (!spec) return undefined;
  if (node.field.startsWith(CUSTOM_FIELD_PREFIX)) {
    const key = node.field.slice(CUSTOM_FIELD_PREFIX.length);
    const json = sql`a.custom_fields -> ${key}`;
    const text = sql`(a.custom_fields ->> ${key})`;
    // Guarded casts: a stored value of another type reads as blank instead of failing the statement.
    if (spec.kind === 'number') return { kind: 'number', value: sql`(case when jsonb_typeof(${json}) = 'number' then cast(${text} as numeric) end)`, param: typed('numeric') };
    if (spec.kind === 'boolean') return { kind: 'boolean', value: sql`(case when jsonb_typeof(${json}) = 'boolean' then cast(${text} as boolean) end)`, param: typed('boolean') };
    return { kind: spec.kind, value: text, param: typed('text') };
  }
  if (spec.windowed) return { kind: 'number', value: usageMeasure(node.field, node.days ?? DEFAULT_USAGE_DAYS, context.today), param: typed('numeric') };
  return { kind: spec.kind, value: sql.ref(ACCOUNT_COLUMNS[node.field]!), param: typed(CAST_BY_KIND[spec.kind]) };
}

function compileCondition(node: SegmentCondition, context: CompileContext): RawBuilder<SqlBool> {
  const target = operand(node, context);
  // A field the workspace no longer has (a custom field removed after the rules were saved) matches nothing.
  if (!target) return sql<SqlBool>`false`;
  const { value: x, param: p, kind } = target;
  const list = () => sql.join((node.value as unknown[]).map((item) => p(item)));
  const isText = kind === 'text' || kind === 'enum';
  const blank = isText ? sql`(${x} is null or ${x} = '')` : sql`${x} is null`;
  const days = typeof node.value === 'number' ? node.value : 0;
  const condition = (() => {
    switch (node.op) {
      case 'eq':
        return sql`${x} = ${p(node.value)}`;
      case 'neq':
        return sql`${x} is distinct from ${p(node.value)}`;
      case 'in':
        return sql`${x} in (${list()})`;
      case 'not_in':
        return sql`(${x} is null or ${x} not in (${list()}))`;
      case 'contains':
        return sql`strpos(lower(${x}), lower(${p(node.value)})) > 0`;
      case 'not_contains':
        return sql`(${x} is null or strpos(lower(${x}), lower(${p(node.value)})) = 0)`;
      case 'starts_with':
        return sql`left(lower(${x}), char_length(${p(node.value)})) = lower(${p(node.value)})`;
      case 'gt':
      case 'after':
        return sql`${x} > ${p(node.value)}`;
      case 'gte':
        return sql`${x} >= ${p(node.value)}`;
      case 'lt':
      case 'before':
        return sql`${x} < ${p(node.value)}`;
      case 'lte':
        return sql`${x} <= ${p(node.value)}`;
      case 'between': {
        const [low, high] = node.value as unknown[];
        return sql`${x} between ${p(low)} and ${p(high)}`;
      }
      case 'within_next_days':
        return sql`${x} between ${p(context.today)} and ${p(addDays(context.today, days))}`;
      case 'within_last_days':
        return sql`${x} between ${p(addDays(context.today, -days))} and ${p(context.today)}`;
      case 'is_set':
        return sql`not ${blank}`;
      case 'is_not_set':
        return blank;
      default:
        return sql`false`;
    }
  })();
  // Blank compared with anything is false, never unknown, so groups combine plain booleans.
  return sql<SqlBool>`coalesce(${condition}, false)`;
}

function compileGroup(group: SegmentGroup, context: CompileContext): RawBuilder<SqlBool> {
  const parts = group.conditions.map((node) => (isGroup(node) ? compileGroup(node, context) : compileCondition(node, context)));
  if (parts.length === 0) return group.match === 'all' ? sql<SqlBool>`true` : sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql.raw(group.match === 'all' ? ' and ' : ' or '))})`;
}

/** The rule document as one boolean expression over `a` (accounts) and `h` (health_scores). */
export function compileSegmentRules(rules: SegmentRules, context: CompileContext): Expression<SqlBool> {
  return compileGroup(rules, context);
}

export type MatchScope = { workspaceId: string; rules: SegmentRules; context: CompileContext; accountIds?: readonly string[] };

/** The workspace's accounts (or those of `accountIds`) the rules match, as a subquery of `account_id`. */
export function matchingAccountsQuery(db: QueryCreator<Database>, { workspaceId, rules, context, accountIds }: MatchScope) {
  let query = db
    .selectFrom('accounts as a')
    .leftJoin('health_scores as h', (join) => join.onRef('h.account_id', '=', 'a.id').on('h.workspace_id', '=', workspaceId))
    .where('a.workspace_id', '=', workspaceId)
    .where(compileSegmentRules(rules, context));
  if (accountIds) query = query.where('a.id', '=', sql<string>`any(cast(${[...accountIds]} as uuid[]))`);
  return query;
}

/**
 * How many accounts match, and the first `limit` of them by ARR (largest first): the rule
 * editor's preview. One statement (the count is a window over the same matches, so usage
 * measures are aggregated once), planned like `applyMembership`'s: without statistics the
 * planner would nest-loop the health join.
 */
export async function previewMatches(db: Conn, scope: MatchScope & { limit: number }) {
  const rows = await withHashJoins(db, async (trx) => {
    const found = await matchingAccountsQuery(trx, scope)
      .leftJoin('users as o', 'o.id', 'a.owner_id')
      .select(['a.id', 'a.name', 'a.arr', 'a.lifecycle_stage', 'a.renewal_date', 'o.name as owner_name', 'h.band', 'h.score'])
      .select(sql<string>`count(*) over ()`.as('total'))
      .orderBy('a.arr', 'desc')
      .orderBy('a.name')
      .orderBy('a.id')
      .limit(scope.limit)
      .execute();
    return found;
  });
  return { count: Number(rows[0]?.total ?? 0), rows };
}

/** Every matching account id (tests, and callers that need the set without storing it). */
export async function findMatchingAccountIds(db: Conn, scope: MatchScope): Promise<string[]> {
  const rows = await matchingAccountsQuery(db, scope).select('a.id').orderBy('a.id').execute();
  return rows.map((row) => row.id);
}

/** The built-in fields the compiler maps to a column (checked by the tests against SEGMENT_FIELDS). */
export const COMPILED_FIELDS = Object.keys(SEGMENT_FIELDS).filter((field) => field in ACCOUNT_COLUMNS || field.startsWith('usage.'));
