import { IMPORT_FIELDS } from './import-fields.js';
import { PRESET_COLUMNS } from './import-presets.js';
import { IMPORT_KINDS, type ImportKind, type ImportPreset } from './imports.types.js';

/**
 * Imports of CRM and billing exports (CSV, JSON lines) into a workspace: column presets for
 * Salesforce and HubSpot, custom mappings, row-level errors, upserts on external ids,
 * all-or-nothing or good-rows, dry runs. See README.md beside this file and docs/imports.md.
 *
 * @example
 *   const report = await runImport(db, actor, { kind: 'accounts', items: readCsv(stream), preset: 'hubspot',
 *     mode: 'good-rows', dryRun: true, now: new Date(), hasHeader: true });
 */
export { runImport, type RunImportOptions } from './run-import.js';
export { previewImport, type ImportPreview, type PreviewImportOptions } from './preview-import.js';
export type { OwnerMap, UnmatchedOwner } from './match-owners.js';
export { detectFormat, readCsv, readImportRows, readJsonArray, readJsonLines, type SourceItem } from './read-import-rows.js';
export * from './imports.types.js';
export * from './imports.schema.js';
export { assertCanImportOrThrow } from './run-import.js';

export type ImportFieldDescription = { field: string; description: string; required: boolean; waivedBy: string | null };

/** Every kind's fields and each preset's column names, for the mapping screen and `--help`. */
export function describeImports(): {
  kinds: Record<ImportKind, { fields: ImportFieldDescription[]; presets: Partial<Record<ImportPreset, Record<string, string[]>>> }>;
} {
  const entries = IMPORT_KINDS.map((kind) => {
    const fields = Object.entries(IMPORT_FIELDS[kind]).map(([field, spec]) => ({ field, description: spec.description, required: spec.required ?? false, waivedBy: spec.waivedBy ?? null }));
    const presets = Object.fromEntries(
      Object.entries(PRESET_COLUMNS).flatMap(([preset, byKind]) => (byKind[kind] ? [[preset, byKind[kind]]] : [])),
    );
    return [kind, { fields, presets }] as const;
  });
  return { kinds: Object.fromEntries(entries) as ReturnType<typeof describeImports>['kinds'] };
}
