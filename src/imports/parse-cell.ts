import { unstorableTextReason } from '../core/storable-input.js';

/**
 * Turns one cell of a CRM export into a value Boomerang stores. Pure; every parser takes
 * the cell as text (CSV) or a JSON value (JSON lines) and says why it refuses one, because
 * that reason is what the person fixing the file reads.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
export type CellParser<T> = (text: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });
const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

/**
 * The cell as trimmed text; null when it is empty (an empty cell means "no value"). JSON
 * objects and arrays are refused: a column holds one value.
 */
export function cellText(value: unknown): Parsed<string | null> {
  if (value === null || value === undefined) return ok(null);
  if (typeof value === 'string') {
    // NUL or broken UTF-16 would fail the row's insert with a database message; name it here.
    const unstorable = unstorableTextReason(value);
    if (unstorable) return fail(unstorable);
    return ok(value.trim() === '' ? null : value.trim());
  }
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  return fail('must be a single value, not a list or an object');
}

export const text =
  (max: number): CellParser<string> =>
  (cell) =>
    cell.length <= max ? ok(cell) : fail(`is longer than ${max} characters`);

// Deliberately loose (one @, a dot after it): CRMs hold addresses no stricter check should refuse.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const email: CellParser<string> = (cell) =>
  EMAIL.test(cell) && cell.length <= 254 ? ok(cell.toLowerCase()) : fail(`is not an email address: ${quote(cell)}`);

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** "https://www.Acme.com/about" and "acme.com" both give "acme.com" (Salesforce exports a Website URL). */
export const domain: CellParser<string> = (cell) => {
  const host = cell
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\./, '');
  return HOST.test(host) ? ok(host) : fail(`is not a web domain or address: ${quote(cell)}`);
};

/** Numbers as exports write them: "1,200", "$1,200.50", "1 200". */
function number(cell: string): number | undefined {
  const cleaned = cell.replace(/^[A-Z]{3}\s+/, '').replace(/[$€£¥\s,]/g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

export const integer =
  (min: number, max: number): CellParser<number> =>
  (cell) => {
    const value = number(cell);
    if (value === undefined || !Number.isInteger(value)) return fail(`must be a whole number, got ${quote(cell)}`);
    if (value < min || value > max) return fail(`must be between ${min} and ${max}, got ${value}`);
    return ok(value);
  };

export const money =
  (max: number): CellParser<number> =>
  (cell) => {
    const value = number(cell);
    if (value === undefined) return fail(`must be an amount, got ${quote(cell)}`);
    if (value < 0 || value > max) return fail(`must be between 0 and ${max}, got ${value}`);
    return ok(value);
  };

function isoDate(year: number, month: number, day: number): string | undefined {
  // Four-digit years only, as everywhere (core/storable-input.ts).
  if (year < 1000 || year > 9999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * "2025-01-31", "2025-01-31T09:00:00Z" / "2025-01-31 09:00" (the day as written, no time
 * zone shift), or "1/31/2025" as US-locale Salesforce reports write dates.
 */
export const date: CellParser<string> = (cell) => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(cell);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  const value = iso
    ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
    : us
      ? isoDate(Number(us[3]), Number(us[1]), Number(us[2]))
      : undefined;
  return value ? ok(value) : fail(`must be a date as YYYY-MM-DD or M/D/YYYY, got ${quote(cell)}`);
};

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
export const boolean: CellParser<boolean> = (cell) => {
  const lower = cell.toLowerCase();
  if (TRUE.has(lower)) return ok(true);
  if (FALSE.has(lower)) return ok(false);
  return fail(`must be true or false (yes/no), got ${quote(cell)}`);
};

export const currency: CellParser<string> = (cell) =>
  /^[a-z]{3}$/i.test(cell) ? ok(cell.toUpperCase()) : fail(`must be a 3-letter currency code such as USD, got ${quote(cell)}`);

/**
 * One of `values`, matched without regard to case, spaces or dashes ("Economic Buyer" →
 * economic_buyer); `synonyms` translate a CRM's own words ("Closed Won" → active).
 */
export const choice =
  <T extends string>(values: readonly T[], synonyms: Record<string, T> = {}): CellParser<T> =>
  (cell) => {
    const key = cell.toLowerCase().replace(/[\s-]+/g, '_');
    const found = values.find((value) => value === key) ?? synonyms[key];
    return found ? ok(found) : fail(`must be one of ${values.join(', ')}, got ${quote(cell)}`);
  };

/**
 * A moment: "2025-01-31T09:00:00Z" or with an offset; "2025-01-31 09:00[:00]", a bare
 * "2025-01-31" and "1/31/2025 9:12 AM" are read as UTC, since exports rarely say their zone.
 */
export const dateTime: CellParser<Date> = (cell) => {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AP]M)?)?$/i.exec(cell);
  if (us) {
    // Salesforce report style, "6/15/2025 9:12 AM", read as UTC.
    const day = isoDate(Number(us[3]), Number(us[1]), Number(us[2]));
    const hour = (Number(us[4] ?? 0) % (us[7] ? 12 : 24)) + (us[7]?.toUpperCase() === 'PM' ? 12 : 0);
    if (day && hour < 24 && Number(us[5] ?? 0) < 60) return ok(new Date(Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hour, Number(us[5] ?? 0), Number(us[6] ?? 0))));
    return fail(`must be a date and time such as 2025-01-31T09:00:00Z, got ${quote(cell)}`);
  }
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(cell);
  if (!match || !isoDate(...(match[1]!.split('-').map(Number) as [number, number, number]))) {
    return fail(`must be a date and time such as 2025-01-31T09:00:00Z, got ${quote(cell)}`);
  }
  const value = new Date(`${match[1]}T${match[2] ?? '00:00'}${match[3] ?? 'Z'}`);
  return Number.isNaN(value.getTime()) ? fail(`must be a date and time such as 2025-01-31T09:00:00Z, got ${quote(cell)}`) : ok(value);
};

/** Tags as help desks export them: separated by spaces, commas or semicolons. */
export const tagList: CellParser<string[]> = (cell) => {
  const tags = cell.split(/[\s,;]+/).filter(Boolean);
  return tags.length <= 100 && tags.every((tag) => tag.length <= 100) ? ok(tags) : fail('has more than 100 tags or a tag longer than 100 characters');
};
