import { parse } from 'csv-parse/sync';
import { invalid } from '../core/errors.js';
import { putExchangeRatesInputSchema, type PutExchangeRatesInput } from './currencies.schema.js';

/**
 * Exchange rates from CSV text with a header `currency,effective_date,rate` (column names
 * case-insensitive; `date` and `effectiveDate` also read), as a treasury export or a hand-kept
 * sheet gives them. All or nothing: any bad row refuses the file, naming its line.
 *
 * @example
 *   parseExchangeRatesCsv('currency,effective_date,rate\nEUR,2026-01-01,1.08\n')
 *   // { rates: [{ currency: 'EUR', effectiveDate: '2026-01-01', rate: '1.08' }] }
 */
export function parseExchangeRatesCsv(text: string): PutExchangeRatesInput {
  const records = parse(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const rows = records.map((record) => ({
    currency: (record['currency'] ?? '').toUpperCase(),
    effectiveDate: record['effective_date'] ?? record['effectivedate'] ?? record['date'] ?? '',
    rate: record['rate'] ?? '',
  }));
  const parsed = putExchangeRatesInputSchema.safeParse({ rates: rows });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const [, index, field] = issue.path;
      // Line 1 is the header.
      const where = typeof index === 'number' ? `line ${index + 2}${field ? ` ${String(field)}` : ''}` : 'file';
      return { path: where, message: issue.message };
    });
    throw invalid(`Exchange-rate CSV refused: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}
