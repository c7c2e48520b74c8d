export type Source = {
  id: string;
  name: string;
  writeKeyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastReceivedAt: string | null;
};

export type CreatedSource = Source & { writeKey: string };

export type SourceHealthStatus = 'healthy' | 'quiet' | 'dropped' | 'no_data' | 'revoked';

export type SourceWithHealth = Source & {
  health: {
    status: SourceHealthStatus;
    detail: string;
    usualGapDays: number | null;
    lastDay: { day: string; received: number };
    trailingMedian: number;
  };
};

export type DailyCounts = { day: string; received: number; accepted: number; duplicates: number; rejected: number };

export type SourceStats = Omit<DailyCounts, 'day'> & { unmatched: number; lastReceivedAt: string | null; daily: DailyCounts[] };

export type UnmatchedEvents = {
  totalEvents: number;
  users: { userId: string; email: string | null; groupId: string | null; events: number; firstSeenAt: string; lastSeenAt: string }[];
  groups: { groupId: string; name: string | null; domain: string | null; events: number; users: number; lastSeenAt: string }[];
};

export const IMPORT_KINDS = ['accounts', 'contacts', 'subscriptions', 'tickets', 'surveys'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportPreset = 'salesforce' | 'hubspot';
export type ImportMode = 'all-or-nothing' | 'good-rows';

export type ImportField = { field: string; description: string; required: boolean };
export type ImportCatalog = {
  kinds: Record<ImportKind, { fields: ImportField[]; presets: Partial<Record<ImportPreset, Record<string, string[]>>> }>;
};

export type RowError = { row: number; column: string | null; reason: string };
export type ColumnMapping = Record<string, string>;

export type ImportPreview = {
  columns: string[];
  mapping: ColumnMapping;
  missing: string[];
  unmapped: string[];
  rows: { row: number; values: Record<string, unknown>; errors: RowError[] }[];
};

export type ImportReport = {
  kind: ImportKind;
  mode: ImportMode;
  dryRun: boolean;
  committed: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: RowError[];
  moreErrors: number;
  mapping: ColumnMapping;
};
