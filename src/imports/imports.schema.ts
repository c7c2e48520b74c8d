import { z } from 'zod';
import { IMPORT_KINDS, IMPORT_MODES, IMPORT_PRESETS, MAX_REPORTED_ERRORS } from './imports.types.js';

/** Request and response shapes of the imports API; the OpenAPI document is generated from these. */
const columnMapping = z
  .record(z.string().min(1).max(100), z.string().max(200))
  .describe('Target field → source column, e.g. {"externalId": "Customer Number"}; "" unmaps a preset column');

const ownerMap = z
  .record(z.string().trim().min(1).max(254), z.string().min(1).max(100))
  .describe('Owner value in the file → user id of the workspace member who owns those rows, e.g. {"Jordan Smith": "<user id>"}');

export const importKindParamsSchema = z.object({ kind: z.enum(IMPORT_KINDS) });

export const importQuerySchema = z.object({
  preset: z.enum(IMPORT_PRESETS).optional().describe('Column names of a CRM export'),
  mode: z.enum(IMPORT_MODES).default('all-or-nothing'),
  dryRun: z.enum(['true', 'false']).default('false').describe('Validate and count without writing'),
  idSystem: z.string().max(64).optional().describe('CRM system of the ids in the file; default: the preset, else "external"'),
  mapping: z.string().max(10_000).optional().describe('A column mapping as JSON, for CSV and JSON-lines bodies'),
  overwriteManual: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Accounts: write the file’s value over fields a person set in the app; by default those are kept and reported in personValues'),
  ownerMap: z.string().max(100_000).optional().describe('An owner map as JSON ({"owner in file": "member user id"}), for CSV and JSON-lines bodies'),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** The `application/json` body: rows as objects (keys are the columns) and an optional mapping. */
export const importJsonBodySchema = z.strictObject({
  rows: z.array(z.record(z.string(), z.unknown())).max(100_000),
  mapping: columnMapping.optional(),
  ownerMap: ownerMap.optional(),
});

export const columnMappingSchema = columnMapping;
export const ownerMapSchema = ownerMap;

const unmatchedOwnersSchema = z
  .array(z.object({ owner: z.string(), rows: z.number().int() }))
  .describe('Accounts: owner values no workspace member (nor the ownerMap) matches, with their row counts, most rows first; those rows import unowned');

const rowErrorSchema = z.object({
  row: z.number().int().describe('1-based data row of a CSV (header not counted), or line of a JSON-lines file'),
  column: z.string().nullable().describe('Source column at fault; null when the whole row is'),
  reason: z.string(),
});

export const importReportSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    mode: z.enum(IMPORT_MODES),
    dryRun: z.boolean(),
    committed: z.boolean().describe('False for a dry run, or an all-or-nothing import refused because of bad rows'),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    errors: z.array(rowErrorSchema).describe(`At most ${MAX_REPORTED_ERRORS}, by row`),
    moreErrors: z.number().int(),
    warnings: z
      .array(rowErrorSchema)
      .describe(`Rows written with a caveat (an owner who is not a member, a parent not found), at most ${MAX_REPORTED_ERRORS}, by row`),
    moreWarnings: z.number().int(),
    personValues: z
      .array(
        z.object({
          row: z.number().int(),
          column: z.string().nullable().describe('Source column the value came from'),
          field: z.string().describe('Account field, e.g. region, ownerId, custom.tier'),
          outcome: z.enum(['kept', 'replaced']).describe('kept: the person’s value stays (default); replaced: overwriteManual wrote the file’s value'),
          personValue: z.string().nullable(),
          importValue: z.string().nullable(),
          setBy: z.string().nullable().describe('Name of the person who set it; null when their login is gone'),
          setOn: z.string().describe('YYYY-MM-DD'),
          reason: z.string().describe("e.g. kept Region 'EMEA' set by Ana Lopez on 2026-11-02; the import had 'DE'"),
        }),
      )
      .describe(`Accounts: changed fields a person had set in the app, at most ${MAX_REPORTED_ERRORS}, by row`),
    morePersonValues: z.number().int(),
    unmatchedOwners: unmatchedOwnersSchema,
    mapping: z.record(z.string(), z.string()),
  })
  .meta({ id: 'ImportReport' });

export const importPreviewSchema = z
  .object({
    columns: z.array(z.string()),
    mapping: z.record(z.string(), z.string()),
    missing: z.array(z.string()).describe('Required fields no column fills'),
    unmapped: z.array(z.string()).describe('Columns the import ignores, each listed once'),
    rows: z.array(z.object({ row: z.number().int(), values: z.record(z.string(), z.unknown()), errors: z.array(rowErrorSchema) })),
    unmatchedOwners: unmatchedOwnersSchema,
  })
  .meta({ id: 'ImportPreview' });

const importKindDescriptionSchema = z.object({
  fields: z.array(z.object({ field: z.string(), description: z.string(), required: z.boolean(), waivedBy: z.string().nullable().describe('A required field stops being required once this field is mapped (a pricing model lets usage-priced rows leave seats and price empty)') })),
  presets: z
    .partialRecord(z.enum(IMPORT_PRESETS), z.record(z.string(), z.array(z.string())))
    .describe("Per preset, each field's column names in that CRM's export"),
});

export const importCatalogSchema = z
  .object({ kinds: z.record(z.enum(IMPORT_KINDS), importKindDescriptionSchema) })
  .meta({ id: 'ImportCatalog' });
