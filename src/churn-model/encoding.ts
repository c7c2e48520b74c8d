import { isBlank, type ChurnTable, type FeatureColumn } from './table.js';

/** What a model needs to know about one input column to read it again later. */
export type FeatureSpec = { name: string; kind: 'numeric' | 'categorical' };

export const specOf = (column: FeatureColumn): FeatureSpec => ({ name: column.name, kind: column.kind });

/**
 * The levels of a categorical column worth a parameter of their own: those seen at least
 * `minCount` times in the training rows, most frequent first, at most `maxLevels`. The rest,
 * and levels first seen at prediction time, share one "other" slot; blanks have their own.
 */
export function frequentLevels(
  column: Extract<FeatureColumn, { kind: 'categorical' }>,
  rows: readonly number[],
  minCount: number,
  maxLevels: number,
): string[] {
  const counts = new Array<number>(column.levels.length).fill(0);
  for (const row of rows) {
    const code = column.codes[row]!;
    if (code >= 0) counts[code]! += 1;
  }
  return counts
    .map((count, code) => ({ count, code }))
    .filter(({ count }) => count >= minCount)
    .sort((a, b) => b.count - a.count || a.code - b.code)
    .slice(0, maxLevels)
    .map(({ code }) => column.levels[code]!);
}

/** Median of the non-missing values in `rows`; 0 when all are missing. */
export function medianOf(values: Float64Array, rows: readonly number[]): number {
  const present = rows.map((row) => values[row]!).filter((value) => !Number.isNaN(value));
  if (present.length === 0) return 0;
  present.sort((a, b) => a - b);
  const middle = present.length >> 1;
  return present.length % 2 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2;
}

/**
 * For a categorical column: the slot of each table level given the kept levels
 * (1…K for kept levels in order, K + 1 for "other"); slot 0 is the blank.
 */
export function levelSlots(
  column: Extract<FeatureColumn, { kind: 'categorical' }>,
  kept: readonly string[],
): Int32Array {
  const index = new Map(kept.map((level, i) => [level, i + 1]));
  return Int32Array.from(column.levels, (level) => index.get(level) ?? kept.length + 1);
}

/** Slot of each row: 0 blank, 1…K kept levels, K + 1 other. */
export function rowSlots(
  column: Extract<FeatureColumn, { kind: 'categorical' }>,
  kept: readonly string[],
): Uint16Array {
  const slots = levelSlots(column, kept);
  return Uint16Array.from(column.codes, (code) => (code < 0 ? 0 : slots[code]!));
}

/** The feature columns a model reads, in its order, from a table that may hold more. */
export function columnsFor(specs: readonly FeatureSpec[], features: readonly FeatureColumn[]): FeatureColumn[] {
  return specs.map((spec) => {
    const column = features.find((candidate) => candidate.name === spec.name);
    if (!column) throw new RangeError(`The data has no column "${spec.name}"`);
    if (column.kind !== spec.kind)
      throw new RangeError(`Column "${spec.name}" is ${column.kind}; the model expects ${spec.kind}`);
    return column;
  });
}

/** A value as the model APIs take it: a number, a categorical level, or null/undefined for blank. */
export type FeatureValue = number | string | null | undefined;
export type FeatureRecord = Readonly<Record<string, FeatureValue>>;

/**
 * Turns records (one per account) into feature columns for `specs`: numbers (or numeric
 * strings) for numeric features, strings for categorical ones. Missing keys, null and the
 * blanks a CSV file may hold ('', ' ', 'NA', …) are missing values, as in `buildChurnTable`.
 */
export function columnsFromRecords(specs: readonly FeatureSpec[], records: readonly FeatureRecord[]): FeatureColumn[] {
  const text = (cell: FeatureValue): string | undefined => {
    if (cell === null || cell === undefined) return undefined;
    const value = String(cell).trim();
    return isBlank(value) ? undefined : value;
  };
  return specs.map((spec) => {
    const cells = records.map((record) => text(record[spec.name]));
    if (spec.kind === 'numeric') {
      const values = Float64Array.from(cells, (cell) => {
        if (cell === undefined) return NaN;
        const value = Number(cell);
        if (!Number.isFinite(value))
          throw new RangeError(`"${spec.name}" must be a number; got ${JSON.stringify(cell)}`);
        return value;
      });
      return { name: spec.name, kind: 'numeric', values };
    }
    const levels = [...new Set(cells.filter((cell) => cell !== undefined))];
    const index = new Map(levels.map((level, code) => [level, code]));
    const codes = Int32Array.from(cells, (cell) => (cell === undefined ? -1 : index.get(cell)!));
    return { name: spec.name, kind: 'categorical', codes, levels };
  });
}

/**
 * A churn table from records already in memory (e.g. a workspace's point-in-time training
 * set) rather than CSV text: columns for `specs`, labels as given. Columns with fewer than two
 * distinct values in these rows are left out (nothing to learn from; listed in `droppedColumns`).
 */
export function tableFromRecords(options: {
  specs: readonly FeatureSpec[];
  records: readonly FeatureRecord[];
  labels: readonly (0 | 1)[];
  ids?: string[];
  target: string;
  positive: string;
}): ChurnTable {
  if (options.records.length !== options.labels.length) throw new RangeError(`${options.records.length} records but ${options.labels.length} labels`);
  const columns = columnsFromRecords(options.specs, options.records);
  const droppedColumns: ChurnTable['droppedColumns'] = [];
  const features = columns.filter((column) => {
    const distinct = column.kind === 'numeric' ? new Set(Array.from(column.values).filter((v) => !Number.isNaN(v))) : new Set(Array.from(column.codes).filter((c) => c >= 0));
    if (distinct.size >= 2) return true;
    droppedColumns.push({ column: column.name, reason: distinct.size ? 'a single value' : 'all blank' });
    return false;
  });
  return { features, labels: Uint8Array.from(options.labels), ids: options.ids, target: options.target, positive: options.positive, droppedColumns, droppedRows: 0 };
}
