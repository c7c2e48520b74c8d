import { invalid } from '../../core/errors.js';

/** One purchase as read from a file: the customer, the UTC day (days since 1970-01-01) and the amount. */
export type Transaction = { customer: string; day: number; amount: number };

/** Where the customer, date and amount sit in a row (0-based field positions). */
type Layout = { fields: number; customer: number; date: number; amount: number; header: boolean };

/**
 * Headerless layouts, told apart by the number of fields. The 4- and 5-field ones are
 * Fader & Hardie's CDNOW files: CDNOW_master.txt is `customer date cds dollars` and
 * CDNOW_sample.txt is `master-id sample-id date cds dollars` (both ids name the same
 * customer one-to-one; we key on the first).
 */
const LAYOUTS_BY_FIELD_COUNT: Record<number, Omit<Layout, 'fields' | 'header'>> = {
  3: { customer: 0, date: 1, amount: 2 },
  4: { customer: 0, date: 1, amount: 3 },
  5: { customer: 0, date: 2, amount: 4 },
};

const HEADER_NAMES = {
  customer: /customer|client|user|account|^id$/i,
  date: /date|day/i,
  amount: /amount|value|spend|revenue|dollar|total|price/i,
};

export const LAYOUT_HELP =
  'Rows must be "customer date amount" (3 fields), "customer date quantity amount" (4, CDNOW_master), ' +
  '"customer sample-id date quantity amount" (5, CDNOW_sample), or have a header naming customer, date and amount columns; ' +
  'fields separated by spaces, tabs or commas; dates as YYYYMMDD or YYYY-MM-DD.';

const DAY_MS = 86_400_000;

/** A calendar date (YYYYMMDD or YYYY-MM-DD) as days since 1970-01-01, or undefined when it is not one. */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  // Date.UTC rolls 1997-02-30 over to March; a real date survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return time / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function splitFields(line: string): string[] {
  return line
    .trim()
    .split(/\s*,\s*|\s+/)
    .map((field) => field.replace(/^"(.*)"$/, '$1'));
}

function headerLayout(fields: string[]): Layout | undefined {
  const find = (pattern: RegExp) => fields.findIndex((name) => pattern.test(name));
  const date = find(HEADER_NAMES.date);
  const amount = find(HEADER_NAMES.amount);
  const customer = find(HEADER_NAMES.customer);
  if (date < 0 || amount < 0 || customer < 0 || new Set([date, amount, customer]).size < 3) return undefined;
  return { fields: fields.length, customer, date, amount, header: true };
}

function detectLayout(fields: string[], lineNumber: number): Layout {
  const byCount = LAYOUTS_BY_FIELD_COUNT[fields.length];
  if (byCount && parseDay(fields[byCount.date] ?? '') !== undefined)
    return { fields: fields.length, ...byCount, header: false };
  // A first line with no date where one belongs is a header, if its names say where the columns are.
  if (fields.every((field) => parseDay(field) === undefined)) {
    const layout = headerLayout(fields);
    if (layout) return layout;
    throw invalid(`Line ${lineNumber}: cannot tell the columns from the header "${fields.join(' ')}". ${LAYOUT_HELP}`);
  }
  throw invalid(`Line ${lineNumber}: ${fields.length} fields, "${fields.join(' ')}". ${LAYOUT_HELP}`);
}

/**
 * Reads `customer date amount` rows (see LAYOUT_HELP). The layout is taken from the first
 * non-blank line and every other line must follow it; a line that does not is an error
 * naming the line, so a file is read whole or not at all.
 */
export function parseTransactions(text: string): Transaction[] {
  const transactions: Transaction[] = [];
  let layout: Layout | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    const fields = splitFields(line);
    if (!layout) {
      layout = detectLayout(fields, lineNumber);
      if (layout.header) continue;
    }
    if (fields.length !== layout.fields) {
      throw invalid(
        `Line ${lineNumber}: expected ${layout.fields} fields like the first row, got ${fields.length}: "${line.trim()}".`,
      );
    }
    const customer = fields[layout.customer]!;
    const dateText = fields[layout.date]!;
    const amountText = fields[layout.amount]!;
    const day = parseDay(dateText);
    if (day === undefined) throw invalid(`Line ${lineNumber}: "${dateText}" is not a date (YYYYMMDD or YYYY-MM-DD).`);
    const amount = Number(amountText);
    if (amountText === '' || !Number.isFinite(amount) || amount < 0) {
      throw invalid(`Line ${lineNumber}: the amount "${amountText}" is not a number of zero or more.`);
    }
    if (customer === '') throw invalid(`Line ${lineNumber}: the customer is empty.`);
    transactions.push({ customer, day, amount });
  }
  if (transactions.length === 0) throw invalid(`The file holds no transactions. ${LAYOUT_HELP}`);
  return transactions;
}
