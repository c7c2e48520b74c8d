import type { User } from '../users/users.api.js';
import { OPERATOR_LABELS } from './describe-rules.js';
import type { SegmentCondition, SegmentField, SegmentRules } from './segments.api.js';

type Group = { match: 'all' | 'any'; conditions: Array<SegmentCondition | Group> };
type EditorContext = { fields: readonly SegmentField[]; users: readonly User[] };

const MAX_DEPTH = 3;
const isGroup = (node: SegmentCondition | Group): node is Group => 'match' in node;

/** A new condition on a field, with the field's first operator and an empty value of its type. */
export function newCondition(field: SegmentField): SegmentCondition {
  const op = field.operators[0]!;
  return { field: field.field, op, ...defaultValue(field, op), ...(field.windowed ? { days: 30 } : {}) };
}

function defaultValue(field: SegmentField, op: string): { value?: SegmentCondition['value'] } {
  if (op === 'is_set' || op === 'is_not_set') return {};
  if (op === 'within_next_days' || op === 'within_last_days') return { value: 30 };
  if (op === 'in' || op === 'not_in') return { value: field.options?.slice(0, 1) ?? [] };
  if (op === 'between') return { value: field.kind === 'number' ? [0, 100] : ['', ''] };
  if (field.kind === 'number') return { value: 0 };
  if (field.kind === 'boolean') return { value: true };
  if (field.kind === 'enum') return { value: field.options?.[0] ?? '' };
  return { value: '' };
}

/** The rules of a segment as nested groups of condition rows; every change goes to `onChange`. */
export function RuleEditor({ rules, onChange, fields, users }: { rules: SegmentRules; onChange(rules: SegmentRules): void } & EditorContext) {
  return <GroupEditor group={rules as Group} onChange={(group) => onChange(group as SegmentRules)} depth={1} context={{ fields, users }} />;
}

function GroupEditor({ group, onChange, onRemove, depth, context }: { group: Group; onChange(group: Group): void; onRemove?(): void; depth: number; context: EditorContext }) {
  const replace = (index: number, node: SegmentCondition | Group) => onChange({ ...group, conditions: group.conditions.map((item, i) => (i === index ? node : item)) });
  const remove = (index: number) => onChange({ ...group, conditions: group.conditions.filter((_, i) => i !== index) });
  const firstField = context.fields[0]!;
  return (
    <fieldset className={`rule-group rule-group--depth-${depth}`}>
      <legend className="rule-group__legend">
        <label>
          <span className="visually-hidden">Match</span>
          <select value={group.match} onChange={(event) => onChange({ ...group, match: event.target.value as Group['match'] })} aria-label="Match all or any">
            <option value="all">All of</option>
            <option value="any">Any of</option>
          </select>
        </label>
        {onRemove ? (
          <button type="button" className="button button--small button--ghost" onClick={onRemove} aria-label="Remove this group">
            Remove group
          </button>
        ) : null}
      </legend>
      {group.conditions.length === 0 ? <p className="hint">{group.match === 'all' ? 'No conditions: every account matches.' : 'No conditions: no account matches.'}</p> : null}
      <ul className="rule-group__list">
        {group.conditions.map((node, index) => (
          <li key={index}>
            {isGroup(node) ? (
              <GroupEditor group={node} onChange={(next) => replace(index, next)} onRemove={() => remove(index)} depth={depth + 1} context={context} />
            ) : (
              <ConditionRow condition={node} onChange={(next) => replace(index, next)} onRemove={() => remove(index)} context={context} />
            )}
          </li>
        ))}
      </ul>
      <div className="rule-group__actions">
        <button type="button" className="button button--small" onClick={() => onChange({ ...group, conditions: [...group.conditions, newCondition(firstField)] })}>
          Add condition
        </button>
        {depth < MAX_DEPTH ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => onChange({ ...group, conditions: [...group.conditions, { match: group.match === 'all' ? 'any' : 'all', conditions: [newCondition(firstField)] }] })}
          >
            Add group
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

function ConditionRow({ condition, onChange, onRemove, context }: { condition: SegmentCondition; onChange(condition: SegmentCondition): void; onRemove(): void; context: EditorContext }) {
  const field = context.fields.find((candidate) => candidate.field === condition.field);
  return (
    <div className="rule-row" data-testid="rule-row">
      <select
        aria-label="Field"
        value={condition.field}
        onChange={(event) => {
          const next = context.fields.find((candidate) => candidate.field === event.target.value);
          if (next) onChange(newCondition(next));
        }}
      >
        {field ? null : <option value={condition.field}>{condition.field} (unknown)</option>}
        {context.fields.map((option) => (
          <option key={option.field} value={option.field}>
            {option.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Operator"
        value={condition.op}
        onChange={(event) => {
          const op = event.target.value;
          const { value: _old, ...rest } = condition;
          onChange({ ...rest, op, ...(field ? defaultValue(field, op) : {}) });
        }}
      >
        {(field?.operators ?? [condition.op]).map((op) => (
          <option key={op} value={op}>
            {OPERATOR_LABELS[op] ?? op}
          </option>
        ))}
      </select>
      {field ? <ValueInput key={`${condition.field}:${condition.op}`} field={field} condition={condition} onChange={onChange} users={context.users} /> : null}
      {field?.windowed ? (
        <label className="rule-row__days">
          over
          <input
            type="number"
            min={1}
            max={365}
            aria-label="Days"
            value={condition.days ?? 30}
            onChange={(event) => onChange({ ...condition, days: Number(event.target.value) })}
          />
          days
        </label>
      ) : null}
      <button type="button" className="button button--small button--ghost" onClick={onRemove} aria-label="Remove condition">
        ✕
      </button>
    </div>
  );
}

function ValueInput({ field, condition, onChange, users }: { field: SegmentField; condition: SegmentCondition; onChange(condition: SegmentCondition): void; users: readonly User[] }) {
  const { op } = condition;
  const set = (value: SegmentCondition['value']) => onChange({ ...condition, value });
  const parse = (text: string) => (field.kind === 'number' ? (text === '' ? 0 : Number(text)) : text);
  if (op === 'is_set' || op === 'is_not_set') return null;
  if (op === 'within_next_days' || op === 'within_last_days')
    return (
      <label className="rule-row__days">
        <input type="number" min={0} max={3650} aria-label="Days" value={Number(condition.value ?? 0)} onChange={(event) => set(Number(event.target.value))} />
        days
      </label>
    );
  const inputType = field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text';
  if (op === 'between') {
    const [low, high] = Array.isArray(condition.value) ? condition.value : ['', ''];
    return (
      <span className="rule-row__between">
        <input type={inputType} aria-label="From" value={String(low ?? '')} onChange={(event) => set([parse(event.target.value), high ?? ''] as SegmentCondition['value'])} />
        and
        <input type={inputType} aria-label="To" value={String(high ?? '')} onChange={(event) => set([low ?? '', parse(event.target.value)] as SegmentCondition['value'])} />
      </span>
    );
  }
  if (op === 'in' || op === 'not_in') {
    const list = Array.isArray(condition.value) ? condition.value : [];
    return (
      <input
        type="text"
        aria-label="Values, separated by commas"
        placeholder={field.options ? field.options.join(', ') : 'a, b, c'}
        defaultValue={list.join(', ')}
        onBlur={(event) =>
          set(
            event.target.value
              .split(',')
              .map((item) => item.trim())
              .filter(Boolean)
              .map(parse),
          )
        }
      />
    );
  }
  if (field.kind === 'enum')
    return (
      <select aria-label="Value" value={String(condition.value ?? '')} onChange={(event) => set(event.target.value)}>
        {(field.options ?? []).map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  if (field.kind === 'boolean')
    return (
      <select aria-label="Value" value={String(condition.value ?? true)} onChange={(event) => set(event.target.value === 'true')}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  if (field.kind === 'user')
    return (
      <select aria-label="Value" value={String(condition.value ?? '')} onChange={(event) => set(event.target.value)}>
        <option value="">Choose a person…</option>
        {users.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
          </option>
        ))}
      </select>
    );
  return <input type={inputType} aria-label="Value" value={String(condition.value ?? '')} onChange={(event) => set(parse(event.target.value))} />;
}
