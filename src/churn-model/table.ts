import { parse } from 'csv-parse/sync';
import { invalid } from '../core/errors.js';

/** A numeric column: NaN marks a blank (missing) cell. */
export type NumericColumn = { name: string; kind: 'numeric'; values: Float64Array };
/** A categorical column: `codes[i]` indexes `levels`, −1 marks a blank cell. */
export type CategoricalColumn = { name: string; kind: 'categorical'; codes: Int32Array; levels: string[] };
export type FeatureColumn = NumericColumn | CategoricalColumn;

/** Feature columns, 0/1 labels (1 = the positive class, e.g. churned) and optional row ids. */
export type ChurnTable = {
  features: FeatureColumn[];
  labels: Uint8Array;
  ids: string[] | undefined;
  target: string;
  positive: string;
  /** Columns left out and why (identifier-like, a single value). */
  droppedColumns: { column: string; reason: string }[];
  /** Rows left out because the target is blank. */
  droppedRows: number;
};

export type BuildChurnTableOptions = {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  target: string;
  /** The target value that marks the positive class; inferred for 0/1, yes/no, true/false. */
  positive?: string;
  /** A row id column: kept as ids, never used as a feature. */
  id?: string;
};

// Cells that mean "no value" in exported spreadsheets; compared after trimming.
const BLANKS = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']);
export const isBlank = (cell: string | undefined): boolean => cell === undefined || BLANKS.has(cell.trim());

/** Parses CSV text (header row first; quotes, CRLF and a BOM allowed) into header and rows. */
export function parseCsvText(text: string): { header: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true });
  } catch (error) {
    throw invalid(`Not a readable CSV file: ${(error as Error).message}`);
  }
  if (records.length === 0) throw invalid('The CSV file is empty.');
  const [header, ...rows] = records;
  return { header: header!.map((name) => name.trim()), rows };
}

const INFERRED_POSITIVE: readonly (readonly [string, string])[] = [
  ['0', '1'],
  ['no', 'yes'],
  ['false', 'true'],
  ['n', 'y'],
];

function positiveValue(values: readonly string[], target: string, positive: string | undefined): string {
  if (values.length !== 2)
    throw invalid(
      `The target column "${target}" must have exactly two values; it has ${values.length}${values.length ? ` (${values.slice(0, 5).join(', ')}${values.length > 5 ? ', …' : ''})` : ''}.`,
    );
  if (positive !== undefined) {
    if (!values.includes(positive))
      throw invalid(`--positive "${positive}" is not a value of "${target}" (values: ${values.join(', ')}).`);
    return positive;
  }
  const lower = values.map((value) => value.toLowerCase());
  for (const [negative, yes] of INFERRED_POSITIVE) {
    if (lower.includes(negative) && lower.includes(yes)) return values[lower.indexOf(yes)]!;
  }
  throw invalid(`Say which value of "${target}" is the positive class with --positive (values: ${values.join(', ')}).`);
}

/**
 * Builds a churn table from parsed CSV rows. A column is numeric when every non-blank cell
 * parses as a finite number (so a number column with blanks stays numeric, the blanks
 * missing), categorical otherwise. Left out: the target and id columns as features,
 * columns with one value, and categorical columns that look like identifiers (more than 20
 * values and more than half the non-blank cells distinct): one-hot or tree splits on them
 * only memorise rows. Rows with a blank target are left out and counted.
 */
export function buildChurnTable(options: BuildChurnTableOptions): ChurnTable {
  const { header, target, id } = options;
  const targetIndex = header.indexOf(target);
  if (targetIndex < 0) throw invalid(`No column "${target}" in the header (columns: ${header.join(', ')}).`);
  const idIndex = id === undefined ? -1 : header.indexOf(id);
  if (id !== undefined && idIndex < 0) throw invalid(`No id column "${id}" in the header.`);
  if (idIndex === targetIndex) throw invalid('The id column cannot be the target.');
  options.rows.forEach((row, index) => {
    if (row.length !== header.length)
      throw invalid(`Row ${index + 2} has ${row.length} cells; the header has ${header.length}.`);
  });

  const rows = options.rows.filter((row) => !isBlank(row[targetIndex]));
  if (rows.length === 0) throw invalid(`The target column "${target}" has no values.`);
  const targetValues = [...new Set(rows.map((row) => row[targetIndex]!.trim()))].sort();
  const positive = positiveValue(targetValues, target, options.positive);
  const labels = Uint8Array.from(rows, (row) => (row[targetIndex]!.trim() === positive ? 1 : 0));

  const features: FeatureColumn[] = [];
  const droppedColumns: ChurnTable['droppedColumns'] = [];
  header.forEach((name, column) => {
    if (column === targetIndex || column === idIndex) return;
    const cells = rows.map((row) => row[column]!.trim());
    const present = cells.filter((cell) => !isBlank(cell));
    const distinct = new Set(present);
    if (distinct.size <= 1) {
      droppedColumns.push({ column: name, reason: present.length ? 'a single value' : 'all blank' });
      return;
    }
    if (present.every((cell) => Number.isFinite(Number(cell)))) {
      const values = Float64Array.from(cells, (cell) => (isBlank(cell) ? NaN : Number(cell)));
      features.push({ name, kind: 'numeric', values });
      return;
    }
    if (distinct.size > 20 && distinct.size > present.length / 2) {
      droppedColumns.push({
        column: name,
        reason: `identifier-like (${distinct.size} values in ${present.length} cells)`,
      });
      return;
    }
    const levels = [...distinct].sort();
    const index = new Map(levels.map((level, code) => [level, code]));
    const codes = Int32Array.from(cells, (cell) => (isBlank(cell) ? -1 : index.get(cell)!));
    features.push({ name, kind: 'categorical', codes, levels });
  });
  if (features.length === 0) throw invalid('No usable feature columns besides the target and id.');

  return {
    features,
    labels,
    ids: idIndex < 0 ? undefined : rows.map((row) => row[idIndex]!),
    target,
    positive,
    droppedColumns,
    droppedRows: options.rows.length - rows.length,
  };
}

/** The value of feature `column` in row `row` as the model APIs take it: a number, a level or null. */
export function cellValue(column: FeatureColumn, row: number): number | string | null {
  if (column.kind === 'numeric') {
    const value = column.values[row]!;
    return Number.isNaN(value) ? null : value;
  }
  const code = column.codes[row]!;
  return code < 0 ? null : column.levels[code]!;
}
