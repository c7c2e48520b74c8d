import type { ApiQuery, ApiRequestBody, ApiResponse, ApiSchema } from '../../lib/api-types.js';

export type Source = ApiSchema<'Source'>;

export type CreatedSource = ApiResponse<'/api/sources', 'post'>;
export type SourceKind = Source['kind'];

/** How each kind is named and what it may do (src/ingest/README.md, "Security"). */
export const SOURCE_KINDS: Record<SourceKind, { label: string; effect: string }> = {
  browser: {
    label: 'Browser',
    effect: 'Its key may be public (it ships in your web page), so its events count as usage only: it never creates or changes contacts, and groups match accounts by external id, not by website.',
  },
  server: {
    label: 'Server',
    effect: 'Its key stays secret on your servers. Its identify calls may create contacts and keep up to date what they wrote, never a value your CRM or a CSM entered.',
  },
};

export type SourceWithHealth = ApiResponse<'/api/sources/health', 'get'>['data'][number];
export type SourceHealthStatus = SourceWithHealth['health']['status'];

export type SourceStats = ApiSchema<'SourceStats'>;
export type DailyCounts = SourceStats['daily'][number];

export type UnmatchedEvents = ApiSchema<'UnmatchedEvents'>;
export type SourceRejection = ApiSchema<'SourceRejection'>;
export type SourceRejections = ApiResponse<'/api/sources/{id}/rejections', 'get'>;

export type ImportReport = ApiSchema<'ImportReport'>;
export type ImportPreview = ApiSchema<'ImportPreview'>;
export type ImportKind = ImportReport['kind'];
export type ImportMode = ImportReport['mode'];
export type RowError = ImportReport['errors'][number];
export type ColumnMapping = ImportReport['mapping'];

/** The order kinds are offered in; the type checker holds it to the API's kinds. */
export const IMPORT_KINDS = ['accounts', 'contacts', 'subscriptions', 'tickets', 'surveys'] as const satisfies readonly ImportKind[];
export type ImportPreset = NonNullable<ApiQuery<'/api/imports/{kind}', 'post'>['preset']>;

type KindDescription = ApiSchema<'ImportCatalog'>['kinds'][string];
export type ImportField = KindDescription['fields'][number];
/** The API names every kind (its schema says so; JSON Schema cannot carry the key type across). */
export type ImportCatalog = { kinds: Record<ImportKind, KindDescription> };

export type WebhookSecret = ApiSchema<'WebhookSecret'>;
export type CreatedWebhookSecret = ApiResponse<'/api/webhooks/secrets', 'post'>;
export type NewWebhookSecret = ApiRequestBody<'/api/webhooks/secrets', 'post'>;
export type UnmatchedTicketsPage = ApiResponse<'/api/support/tickets/unmatched', 'get'>;
export type RematchResult = ApiResponse<'/api/support/tickets/rematch', 'post'>;
