/** CSV text of the accounts list export (RFC 4180), pure. */

export const ACCOUNT_CSV_COLUMNS = [
  'id', 'name', 'domain', 'owner', 'segment', 'lifecycle_stage', 'arr', 'currency', 'contracts_without_rate', 'renewal_date', 'churn_reason',
] as const;

export type AccountCsvRow = Record<(typeof ACCOUNT_CSV_COLUMNS)[number], string | number | null>;

/**
 * One CSV field: quoted when it holds a comma, quote or line break. Text a spreadsheet would
 * run as a formula (=, +, -, @ first) gets a leading apostrophe, so an account named
 * "=HYPERLINK(…)" stays text when a CSM opens the file (OWASP "CSV injection").
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export const accountCsvHeader = (): string => csvLine(ACCOUNT_CSV_COLUMNS);

export const accountCsvLine = (row: AccountCsvRow): string => csvLine(ACCOUNT_CSV_COLUMNS.map((column) => row[column]));
