import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../auth/index.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { listCustomFieldDefinitions, listMembers } from '../workspaces/index.js';
import { resolveMappingOrThrow, withDefinedCustomFields } from './import-presets.js';
import { expectedFailure, type ImportWriter, type Outcome, type Revision, type ValidRow, type WriterContext } from './import-writer.js';
import { withSavepoint } from './imports.repository.js';
import { MAX_REPORTED_ERRORS, type ColumnMapping, type ImportKind, type ImportMode, type ImportPreset, type ImportReport, type RowError } from './imports.types.js';
import { mapRecord, type MappedValues } from './map-record.js';
import { ownerMatcherOrThrow, UnmatchedOwnerTally, type OwnerMap, type OwnerMatch } from './match-owners.js';
import type { SourceItem } from './read-import-rows.js';
import { accountsWriter } from './write-accounts.js';
import { contactsWriter } from './write-contacts.js';
import { subscriptionsWriter } from './write-subscriptions.js';
import { surveysWriter, ticketsWriter } from './write-support.js';
import { expandZendeskApiTickets } from './zendesk-api-tickets.js';

export type RunImportOptions = {
  kind: ImportKind;
  /** From readCsv / readJsonLines / readJsonArray. */
  items: AsyncIterable<SourceItem>;
  preset?: ImportPreset;
  /** Target → column, over the preset. */
  mapping?: ColumnMapping;
  /** Owner value in the file → member user id, for owners the file names differently (or who are not members). */
  ownerMap?: OwnerMap;
  /** CRM system of the ids in the file; defaults to the preset's name, else "external". */
  idSystem?: string;
  mode: ImportMode;
  dryRun: boolean;
  now: Date;
  /** Strict column check for custom mappings: true for CSV, whose header lists every column. */
  hasHeader: boolean;
  /** Accounts: write the file's value over fields a person set in the app (kept by default). */
  overwriteManual?: boolean;
  /** Called as rows are read, for progress bars. */
  onRows?: (rowsRead: number) => void;
};

/** Rows written per statement; 500 keeps each multi-row insert well under PostgreSQL's parameter limit. */
const CHUNK_ROWS = 500;

const ID_SYSTEM = /^[a-z][a-z0-9_-]{0,63}$/;

/** Thrown inside the transaction to roll it back on purpose (dry run, refused all-or-nothing). */
class RollBack extends Error {}

function writerFor(
  kind: ImportKind,
  definitions: Awaited<ReturnType<typeof listCustomFieldDefinitions>>,
  matchOwner: (values: MappedValues) => OwnerMatch,
  overwriteManual: boolean,
): ImportWriter {
  switch (kind) {
    case 'accounts':
      return accountsWriter(definitions, matchOwner, { overwriteManual });
    case 'contacts':
      return contactsWriter();
    case 'subscriptions':
      return subscriptionsWriter();
    case 'tickets':
      return ticketsWriter();
    case 'surveys':
      return surveysWriter();
  }
}

/** Imports write across every account of the workspace, so they are a leader's or admin's job. */
export function assertCanImportOrThrow(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader('import data');
}

/**
 * Imports one file into the actor's workspace: maps and validates each row, upserts the
 * valid ones on their external ids in chunks, and reports per row. Everything runs in one
 * transaction — committed unless this is a dry run, or an all-or-nothing import had a bad
 * row — so a dry run reports exactly what a real run would do, and a crash mid-file leaves
 * nothing half-imported. Leaders and admins only.
 *
 * @example
 *   const report = await runImport(db, actor, {
 *     kind: 'accounts', items: readCsv(createReadStream('accounts.csv')), preset: 'salesforce',
 *     mode: 'all-or-nothing', dryRun: false, now: new Date(), hasHeader: true,
 *   });
 */
export async function runImport(db: Kysely<Database>, actor: Actor, options: RunImportOptions): Promise<ImportReport> {
  assertCanImportOrThrow(actor);
  const system = options.idSystem ?? options.preset ?? 'external';
  if (!ID_SYSTEM.test(system)) {
    throw invalid('The id system must be a short lower-case name such as salesforce, hubspot or billing.', [{ path: 'idSystem', message: 'invalid name' }]);
  }
  const definitions = await listCustomFieldDefinitions(db, actor.workspaceId);
  const matchOwner = ownerMatcherOrThrow(await listMembers(db, actor), options.ownerMap);
  const owners = new UnmatchedOwnerTally();
  const writer = writerFor(options.kind, definitions, matchOwner, options.overwriteManual ?? false);
  const report: ImportReport = {
    kind: options.kind,
    mode: options.mode,
    dryRun: options.dryRun,
    committed: false,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    moreErrors: 0,
    warnings: [],
    moreWarnings: 0,
    personValues: [],
    morePersonValues: 0,
    unmatchedOwners: [],
    mapping: {},
  };
  const fail = (errors: RowError[]) => {
    report.failed += 1;
    for (const error of errors) {
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(error);
      else report.moreErrors += 1;
    }
  };
  const warn = (warnings: RowError[]) => {
    for (const warning of warnings) {
      if (report.warnings.length < MAX_REPORTED_ERRORS) report.warnings.push(warning);
      else report.moreWarnings += 1;
    }
  };
  const tally = (outcome: Outcome) => {
    if (!('status' in outcome)) return fail(outcome.errors);
    report[outcome.status] += 1;
    if (outcome.warnings) warn(outcome.warnings);
    for (const value of outcome.personValues ?? []) {
      if (report.personValues.length < MAX_REPORTED_ERRORS) report.personValues.push(value);
      else report.morePersonValues += 1;
    }
  };
  const revise = (revision: Revision) => {
    if ('warnings' in revision) return warn(revision.warnings);
    report[revision.from] -= 1;
    if (typeof revision.to === 'string') report[revision.to] += 1;
    else fail(revision.to);
  };

  try {
    await db.transaction().execute(async (trx) => {
      const context: WriterContext = {
        trx,
        actor,
        now: options.now,
        system,
        mapping: {},
        mode: options.mode,
        async attempt(work) {
          try {
            return { ok: true, value: await withSavepoint(trx, work) };
          } catch (error) {
            const failure = expectedFailure(error);
            if (!failure) throw error;
            return { ok: false, ...failure };
          }
        },
      };
      const writeChunk = async (rows: ValidRow[]) => {
        const result = await context.attempt(() => writer.writeChunk(context, rows));
        if (result.ok) {
          result.value.commit?.();
          result.value.outcomes.forEach(tally);
        } else if (rows.length === 1) {
          tally({ row: rows[0]!.row, errors: [{ row: rows[0]!.row, column: context.mapping[result.field ?? ''] ?? null, reason: result.reason }] });
        } else {
          // Something in the chunk was refused: write its rows one by one to find which.
          for (const row of rows) await writeChunk([row]);
        }
      };

      const seen = new Map<string, number>();
      let chunk: ValidRow[] = [];
      const items = options.preset === 'zendesk' ? expandZendeskApiTickets(options.items) : options.items;
      for await (const item of items) {
        if (item.type === 'columns') {
          context.mapping = mappingFor(options, item.columns, definitions);
          report.mapping = context.mapping;
          continue;
        }
        report.rows += 1;
        if (report.rows % 1000 === 0) options.onRows?.(report.rows);
        if (item.type === 'error') {
          fail([item.error]);
          continue;
        }
        const mapped = mapRecord(options.kind, context.mapping, item.row);
        const key = mapped.errors.length ? undefined : writer.keyOf?.(mapped.values);
        const firstRow = key === undefined ? undefined : seen.get(key);
        if (firstRow !== undefined) mapped.errors.push({ row: mapped.row, column: null, reason: `describes the same record as row ${firstRow}` });
        else if (key !== undefined) seen.set(key, mapped.row);
        if (mapped.errors.length) {
          writer.rejected?.(mapped.row, mapped.values);
          fail(mapped.errors);
          continue;
        }
        if (options.kind === 'accounts') owners.add(matchOwner(mapped.values));
        chunk.push({ row: mapped.row, values: mapped.values });
        if (chunk.length === CHUNK_ROWS) {
          await writeChunk(chunk);
          chunk = [];
        }
      }
      if (chunk.length) await writeChunk(chunk);
      const finished = await writer.finish?.(context);
      finished?.outcomes.forEach(tally);
      finished?.revisions.forEach(revise);
      options.onRows?.(report.rows);
      report.errors.sort((a, b) => a.row - b.row);
      report.warnings.sort((a, b) => a.row - b.row);
      report.personValues.sort((a, b) => a.row - b.row);
      report.unmatchedOwners = owners.list();
      if (options.dryRun || (options.mode === 'all-or-nothing' && report.failed > 0)) throw new RollBack();
    });
    report.committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return report;
}

/** The mapping for the file's columns; refuses one that leaves a required field without a column. */
function mappingFor(options: RunImportOptions, columns: string[], definitions: { key: string }[]): ColumnMapping {
  const resolved = resolveMappingOrThrow({
    kind: options.kind,
    columns,
    preset: options.preset,
    custom: options.mapping,
    strictColumns: options.hasHeader,
  });
  const { missing } = resolved;
  if (missing.length) {
    throw invalid(`The file has no column for ${missing.join(', ')}. Map ${missing.length > 1 ? 'them' : 'it'} with a mapping (target field → column name), or use a preset that matches the export.`, missing.map((field) => ({ path: `mapping.${field}`, message: 'required field has no column' })));
  }
  return withDefinedCustomFields(resolved, options.mapping, definitions).mapping;
}
