import { fieldSpecOf } from './import-fields.js';
import { cellText } from './parse-cell.js';
import type { ColumnMapping, ImportKind, RowError, SourceRow } from './imports.types.js';

/**
 * A row's mapped values: a key for every mapped field, null where the cell is empty (the
 * file says "no value"); fields the mapping does not name, or a JSON line leaves out, are
 * absent (left as they are).
 */
export type MappedValues = Record<string, unknown>;

export type MappedRow = { row: number; values: MappedValues; errors: RowError[] };

/**
 * Reads each mapped field of one source row and parses it. Every problem is collected, so
 * one pass over a file lists all of them. Pure.
 *
 * @example
 *   mapRecord('accounts', { name: 'Account Name', employeeCount: 'Employees' }, { row: 3, record: { 'Account Name': 'Acme', Employees: 'lots' } })
 *   // errors: [{ row: 3, column: 'Employees', reason: 'must be a whole number, got "lots"' }]
 */
export function mapRecord(kind: ImportKind, mapping: ColumnMapping, { row, record }: SourceRow): MappedRow {
  const values: MappedValues = {};
  const errors: RowError[] = [];
  for (const [target, column] of Object.entries(mapping)) {
    const spec = fieldSpecOf(kind, target);
    if (!spec) continue;
    // A JSON line without the key says nothing about the field; a CSV row always has every column.
    const required = spec.required && !(spec.waivedBy && spec.waivedBy in mapping);
    if (!Object.hasOwn(record, column)) {
      if (required) errors.push({ row, column, reason: 'is missing; a value is required' });
      continue;
    }
    const cell = cellText(record[column]);
    if (!cell.ok) {
      errors.push({ row, column, reason: cell.reason });
      continue;
    }
    if (cell.value === null) {
      if (required) errors.push({ row, column, reason: 'is empty; a value is required' });
      values[target] = null;
      continue;
    }
    const parsed = spec.parse(cell.value);
    if (parsed.ok) values[target] = parsed.value;
    else errors.push({ row, column, reason: parsed.reason });
  }
  return { row, values, errors };
}
