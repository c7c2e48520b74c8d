import { z } from 'zod';
import type { FieldIssue } from './errors.js';

/**
 * What PostgreSQL cannot store, checked once at the edges (the /api hook, the /v1 parser,
 * the help-desk webhook normaliser) instead of field by field:
 *
 * - NUL (U+0000): text and jsonb refuse it ("invalid byte sequence", "unsupported Unicode
 *   escape sequence").
 * - A lone UTF-16 surrogate (JSON `"\ud800"` parses to one): it has no UTF-8 form, so the
 *   driver silently writes U+FFFD into text columns and jsonb refuses its escape.
 * - JSON nested deeper than a sane limit: jsonb parsing recurses and fails on stack depth.
 * - Dates outside years 1000–9999: PostgreSQL has no year 0, JavaScript's Date ends at
 *   ±275,760, the drivers read years below 100 back as 19xx/20xx, and no customer-success
 *   fact needs a year outside four digits.
 */

/** Deeper than any body a route describes; an event property rarely passes 5. */
export const MAX_JSON_DEPTH = 32;

// Not String.prototype.isWellFormed: the project's lib is ES2023.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why PostgreSQL cannot store this text, or undefined when it can. */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates (not valid Unicode)';
  return undefined;
}

/** The text without NUL, unpaired surrogates replaced by U+FFFD (as a UTF-8 decoder would). */
export function cleanText(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATES, '\uFFFD');
}

/** Parsed JSON only: a stream or Buffer body (uploads, signed webhooks) is its parser's business. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  // The last: fastify's query objects come from a constructor whose prototype has none.
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
};

/**
 * The first place in a parsed JSON value (keys included) that PostgreSQL cannot store, as
 * a field issue whose path starts with `path` (`body.customFields.tier`).
 */
export function findUnstorableValue(value: unknown, path: string, maxDepth = MAX_JSON_DEPTH): FieldIssue | undefined {
  // Iterative, so a body nested 100,000 deep is refused rather than overflowing our own stack.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const reason = unstorableTextReason(item.value);
      if (reason) return { path: item.path, message: reason };
      continue;
    }
    const isArray = Array.isArray(item.value);
    if (!isArray && !isPlainObject(item.value)) continue;
    if (item.depth >= maxDepth) return { path: item.path, message: `is nested deeper than ${maxDepth} levels` };
    const entries: Array<[string, unknown]> = isArray
      ? (item.value as unknown[]).map((element, index) => [String(index), element])
      : Object.entries(item.value as Record<string, unknown>);
    for (const [key, child] of entries) {
      const reason = isArray ? undefined : unstorableTextReason(key);
      // The key cannot be shown as it is; name it cleaned so the caller can find it.
      if (reason) return { path: `${item.path}.${cleanText(key)}`, message: `has a name that ${reason}` };
      stack.push({ value: child, path: `${item.path}.${key}`, depth: item.depth + 1 });
    }
  }
  return undefined;
}

/**
 * A parsed JSON value made storable without refusing it, for callers that must be lenient
 * (Segment properties, help-desk tickets): text cleaned as `cleanText` does (keys too, a
 * later key winning when two become equal), and values below `maxDepth` levels replaced by
 * their JSON text, so nothing is lost but nothing is nested past the limit.
 */
export function cleanJsonValue(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  const clean = (current: unknown, depth: number): unknown => {
    if (typeof current === 'string') return cleanText(current);
    if (!Array.isArray(current) && !isPlainObject(current)) return current;
    if (depth >= maxDepth) return cleanText(stringifyDeep(current));
    if (Array.isArray(current)) return current.map((element) => clean(element, depth + 1));
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(current)) result[cleanText(key)] = clean(child, depth + 1);
    return result;
  };
  return clean(value, 0);
}

/** JSON.stringify, or a marker when the value is too deep even for that (it recurses). */
function stringifyDeep(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[value nested too deeply to keep]';
  }
}

/** The earliest and latest instants a Boomerang date may hold: years 1000 to 9999, UTC. */
export const EARLIEST_STORABLE_TIME = Date.parse('1000-01-01T00:00:00.000Z');
export const LATEST_STORABLE_TIME = Date.parse('9999-12-31T23:59:59.999Z');

export function isStorableTime(time: number): boolean {
  return Number.isFinite(time) && time >= EARLIEST_STORABLE_TIME && time <= LATEST_STORABLE_TIME;
}

const FOUR_DIGIT_YEAR = 'must be in the years 1000 to 9999';

/** `YYYY-MM-DD`, a real calendar date in years 1000–9999. Use for every date field of the API. */
export const isoDateSchema = z.iso
  .date()
  .refine((text) => !text.startsWith('0'), FOUR_DIGIT_YEAR)
  .describe('YYYY-MM-DD');

/** ISO 8601 date-time with a zone offset, years 1000–9999 (also after applying the offset). */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine((text) => isStorableTime(Date.parse(text)), FOUR_DIGIT_YEAR);
