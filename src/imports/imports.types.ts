import type { PersonValue } from './person-set-fields.js';

/** What can be imported; each kind has its own fields (import-fields.ts) and writer. */
export const IMPORT_KINDS = ['accounts', 'contacts', 'subscriptions', 'tickets', 'surveys'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * all-or-nothing: one transaction, and any bad row means nothing is written.
 * good-rows: the valid rows are written and the bad ones reported.
 */
export const IMPORT_MODES = ['all-or-nothing', 'good-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * Column-name presets for CRM exports (import-presets.ts). zendesk: tickets as Zendesk's API
 * returns them (`{"ticket": …}`, list and incremental-export pages), one response per line.
 */
export const IMPORT_PRESETS = ['salesforce', 'hubspot', 'zendesk'] as const;
export type ImportPreset = (typeof IMPORT_PRESETS)[number];

/** Target field → the source column (CSV header or JSON key) it is read from. */
export type ColumnMapping = Record<string, string>;

/** One source record as read: column → cell (text from CSV, any JSON value from JSON lines). */
export type SourceRecord = Record<string, unknown>;

/**
 * `row` is the 1-based data row of a CSV (the header is not counted) or the 1-based line of
 * a JSON-lines file, so people find it in a spreadsheet or an editor.
 */
export type SourceRow = { row: number; record: SourceRecord };

/** A row that could not be imported. `column` is the source column at fault, null when the whole row is. */
export type RowError = { row: number; column: string | null; reason: string };

/** Counts are rows; a subscriptions row is one line item and shares its contract's outcome. */
export type ImportReport = {
  kind: ImportKind;
  mode: ImportMode;
  dryRun: boolean;
  /** True when the writes were committed; false for a dry run or a refused all-or-nothing import. */
  committed: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** The first MAX_REPORTED_ERRORS errors, in row order within each phase. */
  errors: RowError[];
  /** How many errors were left out of `errors`. */
  moreErrors: number;
  /**
   * Rows that were written, with a caveat: an owner who is not a member (imported unowned),
   * a parent not found (imported without it, good-rows mode). A failed row is never written.
   */
  warnings: RowError[];
  moreWarnings: number;
  /**
   * Accounts: each changed field a person had set in the app, kept (the default: the file's
   * value is not written) or replaced (`overwriteManual`), with who set it and when.
   */
  personValues: PersonValue[];
  morePersonValues: number;
  /** Accounts: each owner value no member (nor the ownerMap) matches, with its row count, most rows first. */
  unmatchedOwners: { owner: string; rows: number }[];
  /** The mapping that was applied, so a report can be read without the command line. */
  mapping: ColumnMapping;
};

export const MAX_REPORTED_ERRORS = 1000;
