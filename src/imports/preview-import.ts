import { resolveMappingOrThrow, withDefinedCustomFields } from './import-presets.js';
import type { ColumnMapping, ImportKind, ImportPreset, RowError } from './imports.types.js';
import { mapRecord, type MappedValues } from './map-record.js';
import { columnOf } from './import-writer.js';
import { contractRowProblems } from './plan-changes.js';
import { ownerMatcherOrThrow, UnmatchedOwnerTally, type OwnerMap, type UnmatchedOwner } from './match-owners.js';
import type { SourceItem } from './read-import-rows.js';
import { expandZendeskApiTickets } from './zendesk-api-tickets.js';

export type ImportPreview = {
  columns: string[];
  mapping: ColumnMapping;
  /** Required fields without a column: the import would be refused until they are mapped. */
  missing: string[];
  /** Columns nothing reads. */
  unmapped: string[];
  /** The first rows as the import would read them, with their problems. */
  rows: { row: number; values: MappedValues; errors: RowError[] }[];
  /**
   * Accounts with a mapped owner column: every owner value of the file that no member (nor
   * the ownerMap) matches, with its row count. The import would bring those rows in unowned.
   */
  unmatchedOwners: UnmatchedOwner[];
};

export type PreviewImportOptions = {
  kind: ImportKind;
  items: AsyncIterable<SourceItem>;
  preset?: ImportPreset;
  mapping?: ColumnMapping;
  hasHeader: boolean;
  /** The workspace's custom fields, so preset columns for undefined ones show as unmapped. */
  definitions: { key: string }[];
  /** The workspace's members and the request's ownerMap, matched as the import matches them. */
  members: { id: string; email: string; name: string }[];
  ownerMap?: OwnerMap;
  limit?: number;
};

/**
 * What an import of this file would read: its columns, the mapping the preset (and custom
 * mapping) gives, and the first rows mapped and checked, and writes nothing. Owners are
 * checked as the import checks them: for accounts with an owner column the whole file is
 * read to list the owners who are not members; otherwise it reads no more than it shows.
 * A contract row's pricing terms and line item are checked as the import checks them;
 * checks of other records (accounts of contacts, parents) are the import's. The web app's
 * upload screen shows this before the user confirms.
 */
export async function previewImport(options: PreviewImportOptions): Promise<ImportPreview> {
  const limit = options.limit ?? 10;
  const preview: ImportPreview = { columns: [], mapping: {}, missing: [], unmapped: [], rows: [], unmatchedOwners: [] };
  const matchOwner = ownerMatcherOrThrow(options.members, options.ownerMap);
  const owners = new UnmatchedOwnerTally();
  const countsOwners = () => options.kind === 'accounts' && Boolean(preview.mapping.owner);
  const items = options.preset === 'zendesk' ? expandZendeskApiTickets(options.items) : options.items;
  for await (const item of items) {
    if (item.type === 'columns') {
      const resolved = resolveMappingOrThrow({ kind: options.kind, columns: item.columns, preset: options.preset, custom: options.mapping, strictColumns: options.hasHeader });
      Object.assign(preview, { columns: item.columns }, withDefinedCustomFields(resolved, options.mapping, options.definitions));
      continue;
    }
    const shown = preview.rows.length < limit;
    if (item.type === 'error') {
      if (shown) preview.rows.push({ row: item.error.row, values: {}, errors: [item.error] });
    } else {
      const mapped = mapRecord(options.kind, preview.mapping, item.row);
      if (options.kind === 'subscriptions' && mapped.errors.length === 0) {
        for (const problem of contractRowProblems(mapped.row, mapped.values)) mapped.errors.push({ row: problem.row, column: columnOf(preview.mapping, problem.target), reason: problem.reason });
      }
      if (shown) preview.rows.push(mapped);
      if (countsOwners() && mapped.errors.length === 0) owners.add(matchOwner(mapped.values));
    }
    if (preview.rows.length >= limit && !countsOwners()) break;
  }
  preview.unmatchedOwners = owners.list();
  return preview;
}
