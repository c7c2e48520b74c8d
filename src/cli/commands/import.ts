import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import cliProgress from 'cli-progress';
import { systemActor } from '../../auth/index.js';
import type { Config } from '../../core/config.js';
import { AppError, invalid, type ErrorCode } from '../../core/errors.js';
import {
  columnMappingSchema,
  detectFormat,
  readImportRows,
  runImport,
  type ColumnMapping,
  type ImportFormat,
  type ImportKind,
  type ImportMode,
  type ImportPreset,
  type ImportReport,
} from '../../imports/index.js';
import { getWorkspaceByNameOrThrow } from '../../workspaces/index.js';
import { CONTROL_HEADER } from '../../api/index.js';
import { findRunningServer, openDatabaseForCommand, type RunningServer } from '../database-access.js';

export type ImportCommandOptions = {
  workspace: string;
  preset?: ImportPreset;
  /** Path of a JSON file: {"mapping": {field: column}} or just {field: column}. */
  mapping?: string;
  format?: ImportFormat;
  mode: ImportMode;
  dryRun?: boolean;
  /** Accounts: write the file's values over fields a person set in the app. */
  overwriteManual?: boolean;
  idSystem?: string;
  json?: boolean;
};

/** Files from this size up get a progress bar (when stderr is a terminal). */
const PROGRESS_FROM_BYTES = 1024 * 1024;
/** Errors listed in the text summary; --json prints them all. */
const ERRORS_SHOWN = 50;

function readMappingOrThrow(path: string): ColumnMapping {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(`Cannot read the mapping file ${path}: ${(error as Error).message}`);
  }
  const mapping = typeof value === 'object' && value !== null && 'mapping' in value ? (value as { mapping: unknown }).mapping : value;
  const parsed = columnMappingSchema.safeParse(mapping);
  if (!parsed.success) throw invalid(`The mapping file ${path} must hold {"mapping": {"field": "Column name", …}}.`);
  return parsed.data;
}

/** The file's bytes, moving the progress bar as they are read. */
function fileBytes(file: string, size: number): { stream: AsyncIterable<Buffer>; done: () => void } {
  const bar =
    size >= PROGRESS_FROM_BYTES && process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'Importing [{bar}] {percentage}% | {value}/{total} MB | ETA {eta}s' }, cliProgress.Presets.shades_classic)
      : undefined;
  const megabytes = (bytes: number) => Math.round(bytes / 104857.6) / 10;
  bar?.start(megabytes(size), 0);
  let read = 0;
  async function* stream() {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      read += chunk.length;
      bar?.update(megabytes(read));
      yield chunk;
    }
  }
  return { stream: stream(), done: () => bar?.stop() };
}

async function importThroughServer(server: RunningServer, kind: ImportKind, format: ImportFormat, body: AsyncIterable<Buffer>, options: ImportCommandOptions & { mappingValue?: ColumnMapping }): Promise<ImportReport> {
  const query = new URLSearchParams({ workspace: options.workspace, mode: options.mode, dryRun: String(Boolean(options.dryRun)), overwriteManual: String(Boolean(options.overwriteManual)) });
  if (options.preset) query.set('preset', options.preset);
  if (options.idSystem) query.set('idSystem', options.idSystem);
  if (options.mappingValue) query.set('mapping', JSON.stringify(options.mappingValue));
  const response = await fetch(`http://127.0.0.1:${server.port}/api/internal/imports/${kind}?${query}`, {
    method: 'POST',
    headers: { 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson', [CONTROL_HEADER]: server.controlSecret },
    body: Readable.toWeb(Readable.from(body)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const answer = (await response.json()) as ImportReport & { code?: ErrorCode; detail?: string };
  if (!response.ok) throw new AppError(answer.code ?? 'validation_failed', answer.detail ?? `The server answered ${response.status}.`);
  return answer;
}

function summary(report: ImportReport, file: string, seconds: number): string {
  const how = [report.mode, report.dryRun ? 'dry run' : undefined].filter(Boolean).join(', ');
  const rate = seconds > 0 ? `, ${Math.round(report.rows / seconds).toLocaleString('en-US')} rows/s` : '';
  const lines = [
    `${report.kind} from ${basename(file)} (${how}): ${report.rows} rows in ${seconds.toFixed(1)} s${rate}`,
    `  created ${report.created} · updated ${report.updated} · unchanged ${report.unchanged} · failed ${report.failed}`,
    ...report.errors.slice(0, ERRORS_SHOWN).map((error) => `  row ${error.row}${error.column ? `, column "${error.column}"` : ''}: ${error.reason}`),
  ];
  const hidden = report.errors.length - ERRORS_SHOWN + report.moreErrors;
  if (hidden > 0) lines.push(`  … and ${hidden} more errors (--json lists them)`);
  lines.push(...report.personValues.slice(0, ERRORS_SHOWN).map((value) => `  row ${value.row}: ${value.reason}`));
  const hiddenValues = report.personValues.length - ERRORS_SHOWN + report.morePersonValues;
  if (hiddenValues > 0) lines.push(`  … and ${hiddenValues} more values people set (--json lists them)`);
  if (report.personValues.some((value) => value.outcome === 'kept')) lines.push('Values people set in the app were kept; --overwrite-manual writes the file’s values instead.');
  if (report.dryRun) lines.push('Dry run: nothing was written.');
  else if (!report.committed) lines.push(`Nothing was written: ${report.failed} row(s) failed and the mode is all-or-nothing. Fix them, or use --mode good-rows.`);
  else if (report.failed) lines.push(`The other rows were written; the ${report.failed} failed row(s) were not.`);
  return lines.join('\n');
}

/**
 * `boomerang import <kind> <file>`: runs on the database directly, or inside the running
 * server when it holds the embedded one. Prints a summary (or the report as JSON with
 * --json) and returns the exit code: 0 when every row imported, 2 when any row failed.
 */
export async function importCommand(config: Config, kind: ImportKind, file: string, options: ImportCommandOptions): Promise<number> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw invalid(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const format = options.format ?? detectFormat(file);
  if (!format) throw invalid(`Cannot tell whether ${basename(file)} is CSV or JSON lines from its name; pass --format csv or --format jsonl.`);
  const mappingValue = options.mapping ? readMappingOrThrow(options.mapping) : undefined;
  const bytes = fileBytes(file, size);
  let report: ImportReport;
  // Timed from the first row read, so the rate says how fast rows go in, not how long a database takes to open.
  let started = Date.now();
  try {
    const server = config.databaseUrl ? undefined : findRunningServer(config.dataDir);
    if (server) {
      started = Date.now();
      report = await importThroughServer(server, kind, format, bytes.stream, { ...options, mappingValue });
    } else {
      const handle = await openDatabaseForCommand(config);
      try {
        const workspace = await getWorkspaceByNameOrThrow(handle.db, options.workspace);
        started = Date.now();
        report = await runImport(handle.db, systemActor(workspace.id), {
          kind,
          items: readImportRows(format, bytes.stream),
          preset: options.preset,
          mapping: mappingValue,
          idSystem: options.idSystem,
          mode: options.mode,
          dryRun: Boolean(options.dryRun),
          overwriteManual: Boolean(options.overwriteManual),
          now: new Date(),
          hasHeader: format === 'csv',
        });
      } finally {
        await handle.close();
      }
    }
  } finally {
    bytes.done();
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${summary(report, file, (Date.now() - started) / 1000)}\n`);
  return report.failed > 0 ? 2 : 0;
}
