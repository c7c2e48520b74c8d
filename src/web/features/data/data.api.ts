import { api, withQuery, type List } from '../../lib/api.js';
import type {
  ColumnMapping,
  CreatedSource,
  ImportCatalog,
  ImportKind,
  ImportMode,
  ImportPreset,
  ImportPreview,
  ImportReport,
  CreatedWebhookSecret,
  NewWebhookSecret,
  RematchResult,
  Source,
  SourceKind,
  SourceRejections,
  SourceStats,
  UnmatchedTicketsPage,
  WebhookSecret,
  SourceWithHealth,
  UnmatchedEvents,
} from './data.types.js';

export function listSourcesHealth(signal?: AbortSignal) {
  return api<List<SourceWithHealth>>('/api/sources/health', { signal });
}

export function createSource(name: string, kind: SourceKind) {
  return api<CreatedSource>('/api/sources', { method: 'POST', body: { name, kind } });
}

export function updateSourceKind(id: string, kind: SourceKind) {
  return api<Source>(`/api/sources/${encodeURIComponent(id)}`, { method: 'PATCH', body: { kind } });
}

export function revokeSource(id: string) {
  return api<void>(`/api/sources/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function getSourceStats(id: string, signal?: AbortSignal) {
  return api<SourceStats>(withQuery(`/api/sources/${encodeURIComponent(id)}/stats`, { days: 30 }), { signal });
}

export function listSourceRejections(id: string, options: { before?: string | null; signal?: AbortSignal } = {}) {
  return api<SourceRejections>(withQuery(`/api/sources/${encodeURIComponent(id)}/rejections`, { limit: 20, before: options.before }), {
    signal: options.signal,
  });
}

export function listUnmatchedEvents(signal?: AbortSignal) {
  return api<UnmatchedEvents>(withQuery('/api/ingest/unmatched', { limit: 50 }), { signal });
}

export function getImportCatalog(signal?: AbortSignal) {
  return api<ImportCatalog>('/api/imports', { signal });
}

export type ImportRequest = {
  kind: ImportKind;
  file: Blob;
  contentType: string;
  preset: ImportPreset | undefined;
  mapping: ColumnMapping | undefined;
  /** Owner value in the file → member user id (imports only; the preview lists owners unmapped). */
  ownerMap?: Record<string, string>;
};

const importQuery = (request: ImportRequest) => ({
  preset: request.preset,
  mapping: request.mapping ? JSON.stringify(request.mapping) : undefined,
  ownerMap: request.ownerMap ? JSON.stringify(request.ownerMap) : undefined,
});

export function previewImport(request: ImportRequest) {
  return api<ImportPreview>(withQuery(`/api/imports/${request.kind}/preview`, importQuery(request)), {
    method: 'POST',
    upload: { blob: request.file, contentType: request.contentType },
  });
}

export function runImport(request: ImportRequest & { mode: ImportMode; dryRun: boolean; overwriteManual: boolean }) {
  return api<ImportReport>(
    withQuery(`/api/imports/${request.kind}`, { ...importQuery(request), mode: request.mode, dryRun: request.dryRun, overwriteManual: request.overwriteManual }),
    { method: 'POST', upload: { blob: request.file, contentType: request.contentType } },
  );
}

/** The secrets, and the address each kind of help desk calls (shown before a secret is asked for). */
export function listWebhookSecrets(signal?: AbortSignal) {
  return api<List<WebhookSecret> & { addresses: Record<WebhookSecret['kind'], string> }>('/api/webhooks/secrets', { signal });
}

export function createWebhookSecret(secret: NewWebhookSecret) {
  return api<CreatedWebhookSecret>('/api/webhooks/secrets', { method: 'POST', body: secret });
}

export function revokeWebhookSecret(id: string) {
  return api<void>(`/api/webhooks/secrets/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function listUnmatchedTickets(signal?: AbortSignal) {
  return api<UnmatchedTicketsPage>(withQuery('/api/support/tickets/unmatched', { limit: 50 }), { signal });
}

export function rematchTickets() {
  return api<RematchResult>('/api/support/tickets/rematch', { method: 'POST' });
}
