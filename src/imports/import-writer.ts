import type { Kysely } from 'kysely';
import type { Actor } from '../auth/index.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import type { MappedValues } from './map-record.js';
import type { PersonValue } from './person-set-fields.js';
import type { ColumnMapping, ImportMode, RowError } from './imports.types.js';

/** How each kind writes its rows; run-import.ts drives it (chunks, savepoints, counts). */
export type RowStatus = 'created' | 'updated' | 'unchanged';
export type ValidRow = { row: number; values: MappedValues };
/** A written row may carry warnings (it was written, with a caveat); a row with errors was not written. */
export type Outcome = { row: number; status: RowStatus; warnings?: RowError[]; personValues?: PersonValue[] } | { row: number; errors: RowError[] };
/**
 * A row counted earlier whose outcome a later phase changed (its parent was linked, or
 * could not be). `to` as errors only where the row's writes are undone (all-or-nothing).
 */
export type Revision = { row: number; from: RowStatus; to: RowStatus | RowError[] } | { row: number; warnings: RowError[] };

export type WriterContext = {
  trx: Kysely<Database>;
  actor: Actor;
  now: Date;
  /** The CRM system whose ids the file carries: salesforce, hubspot, or a custom name. */
  system: string;
  mapping: ColumnMapping;
  mode: ImportMode;
  /** Runs `work` under a savepoint; an expected failure comes back as a reason instead of ending the import. */
  attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: string; field?: string }>;
};

export type ChunkResult = { outcomes: Outcome[]; commit?: () => void };

export type ImportWriter = {
  /** The record a row stands for, so two rows for one record are refused. */
  keyOf?(values: MappedValues): string | undefined;
  /** Writes valid rows (under a savepoint); `commit` runs only once the writes stand. */
  writeChunk(context: WriterContext, rows: ValidRow[]): Promise<ChunkResult>;
  /** A row that failed validation; a writer that groups rows (contracts) must fail its group. */
  rejected?(row: number, values: MappedValues): void;
  /** Work that needs every row first (parent links, contracts in date order). */
  finish?(context: WriterContext): Promise<{ outcomes: Outcome[]; revisions: Revision[] }>;
};

/** Product errors and PostgreSQL data errors (SQLSTATE classes 22 and 23) fail a row; anything else ends the import. */
export function expectedFailure(error: unknown): { reason: string; field?: string } | undefined {
  if (error instanceof AppError) return { reason: error.detail, field: error.issues?.[0]?.path };
  const state = (error as { code?: unknown } | null)?.code;
  if (typeof state === 'string' && /^2[23][0-9A-Z]{3}$/.test(state)) {
    const pgError = error as { detail?: string; message?: string };
    return { reason: pgError.detail ?? pgError.message ?? 'refused by the database' };
  }
  return undefined;
}

/** The source column of a target, for error reports; the target's own name when unmapped. */
export function columnOf(mapping: ColumnMapping, target: string | undefined): string | null {
  if (!target) return null;
  return mapping[target] ?? target;
}
