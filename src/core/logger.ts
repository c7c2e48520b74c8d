import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Fields of a database error that carry the values of the failed statement: PGlite attaches
 * the bound parameters (`params`), and PostgreSQL's `detail` repeats the offending row
 * ("Failing row contains (…)") or key. On the credential tables (users, sessions, api_tokens,
 * webhook secrets, write keys, login throttles) those are password and token hashes, so they
 * never reach a log line; the message, SQLSTATE, table, column and constraint say enough.
 */
const VALUE_FIELDS = ['params', 'parameters', 'queryOptions'];
const DATABASE_VALUE_FIELDS = ['detail', 'where', 'internalQuery'];

function isDatabaseError(value: Record<string, unknown>): boolean {
  return typeof value.severity === 'string' || 'params' in value;
}

/** A copy of `value` without those fields, at any depth (the original error is left as it was). */
function withoutValues(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((item) => withoutValues(item, depth + 1));
  const record = value as Record<string, unknown>;
  const drop = new Set(isDatabaseError(record) ? [...VALUE_FIELDS, ...DATABASE_VALUE_FIELDS] : VALUE_FIELDS);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (!drop.has(key)) copy[key] = withoutValues(record[key], depth + 1);
  }
  return copy;
}

/** pino's error serializer, minus the statement's values (see VALUE_FIELDS). */
export function serializeError(error: unknown): unknown {
  const serialized = stdSerializers.err(error as Error);
  return withoutValues(serialized);
}

/** JSON logs on stdout (or `destination`, for tests); secrets never reach them (config masks the database URL, errors lose their SQL values). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: undefined, serializers: { err: serializeError } }, destination);
}
