import { resolveMappingOrThrow, withDefinedCustomFields } from './import-presets.js';
import type { ColumnMapping, ImportKind, ImportPreset, RowError } from './imports.types.js';
import { mapRecord, type MappedValues } from './map-record.js';
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
};

export type PreviewImportOptions = {
  kind: ImportKind;
  items: AsyncIterable<SourceItem>;
  preset?: ImportPreset;
  mapping?: ColumnMapping;
  hasHeader: boolean;
  /** The workspace's custom fields, so preset columns for undefined ones show as unmapped. */
  definitions: { key: string }[];
  limit?: number;
};

/**
 * What an import of this file would read: its columns, the mapping the preset (and custom
 * mapping) gives, and the first rows mapped and checked. Reads no more of the file than it
 * shows and writes nothing; checks that need the database (owners, accounts) are the
 * import's. The web app's upload screen shows this before the user confirms.
 */
export async function previewImport(options: PreviewImportOptions): Promise<ImportPreview> {
  const limit = options.limit ?? 10;
  const preview: ImportPreview = { columns: [], mapping: {}, missing: [], unmapped: [], rows: [] };
  const items = options.preset === 'zendesk' ? expandZendeskApiTickets(options.items) : options.items;
  for await (const item of items) {
    if (item.type === 'columns') {
      const resolved = resolveMappingOrThrow({ kind: options.kind, columns: item.columns, preset: options.preset, custom: options.mapping, strictColumns: options.hasHeader });
      Object.assign(preview, { columns: item.columns }, withDefinedCustomFields(resolved, options.mapping, options.definitions));
      continue;
    }
    if (item.type === 'error') preview.rows.push({ row: item.error.row, values: {}, errors: [item.error] });
    else preview.rows.push(mapRecord(options.kind, preview.mapping, item.row));
    if (preview.rows.length >= limit) break;
  }
  return preview;
}
