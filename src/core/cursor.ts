import { invalid } from './errors.js';

/**
 * Opaque cursors for keyset pagination: the sort key of the last row seen and its id,
 * base64url-encoded JSON. Clients pass them back unchanged; a tampered cursor is a 400.
 */
export type KeysetCursor = { key: string | null; id: string };

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

export function decodeCursorOrThrow(text: string): KeysetCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      (typeof value[0] === 'string' || value[0] === null) &&
      typeof value[1] === 'string'
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid('The cursor is not one this API handed out.', [
    { path: 'query.cursor', message: 'is not a valid cursor' },
  ]);
}

export type Page<T> = { data: T[]; nextCursor: string | null };
