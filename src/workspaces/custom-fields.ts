import type { FieldIssue } from '../core/errors.js';
import type { CustomFieldType } from '../db/schema.js';

export type CustomFieldDefinition = { key: string; label: string; type: CustomFieldType; options: string[] };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkValue(definition: CustomFieldDefinition, value: unknown): string | undefined {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date (YYYY-MM-DD)';
    case 'select':
      return typeof value === 'string' && definition.options.includes(value)
        ? undefined
        : `must be one of: ${definition.options.join(', ')}`;
  }
}

/**
 * Checks account custom fields against the workspace's definitions. `null` clears a field;
 * keys the workspace has not defined are refused so typos do not become silent new fields.
 */
export function validateCustomFields(
  definitions: CustomFieldDefinition[],
  values: Record<string, unknown>,
): FieldIssue[] {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const definition = byKey.get(key);
    if (!definition) {
      issues.push({ path: `customFields.${key}`, message: 'is not a custom field of this workspace' });
      continue;
    }
    if (value === null) continue;
    const problem = checkValue(definition, value);
    if (problem) issues.push({ path: `customFields.${key}`, message: problem });
  }
  return issues;
}

/** Applies a patch: keys set to null are removed. */
export function mergeCustomFields(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
