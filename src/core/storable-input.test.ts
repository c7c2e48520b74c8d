import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cleanJsonValue,
  cleanText,
  findUnstorableValue,
  isoDateSchema,
  isoDateTimeSchema,
  isStorableTime,
  unstorableTextReason,
} from './storable-input.js';

const nest = (depth: number): unknown => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), 'leaf');

describe('what PostgreSQL cannot store', () => {
  test('NUL and unpaired surrogates are named; paired surrogates (emoji) and control characters are fine', () => {
    const cases: Array<[string, RegExp | undefined]> = [
      ['plain', undefined],
      ['emoji 😀', undefined],
      ['tab\tbell\u0007', undefined],
      ['a\u0000b', /NUL/],
      ['high \ud800 alone', /surrogate/],
      ['low \udc00 alone', /surrogate/],
      ['reversed \udc00\ud800', /surrogate/],
    ];
    for (const [text, expected] of cases) {
      const reason = unstorableTextReason(text);
      if (expected) assert.match(reason ?? '', expected, JSON.stringify(text));
      else assert.equal(reason, undefined, JSON.stringify(text));
    }
  });

  test('cleanText drops NUL and turns unpaired surrogates into U+FFFD, as a UTF-8 decoder would', () => {
    assert.equal(cleanText('a\u0000b\ud800c😀'), 'ab\uFFFDc😀');
  });

  test('findUnstorableValue names the field, keys included, and refuses over-deep JSON', () => {
    assert.equal(findUnstorableValue({ name: 'ok', tags: ['x', 'y'] }, 'body'), undefined);
    assert.deepEqual(findUnstorableValue({ name: 'a\u0000' }, 'body'), { path: 'body.name', message: 'must not contain NUL (\\u0000) characters' });
    assert.equal(findUnstorableValue({ tags: ['ok', '\udfff'] }, 'body')?.path, 'body.tags.1');
    assert.deepEqual(findUnstorableValue({ externalIds: { 'crm\u0000': 'x' } }, 'body'), {
      path: 'body.externalIds.crm',
      message: 'has a name that must not contain NUL (\\u0000) characters',
    });
    assert.equal(findUnstorableValue(nest(32), 'body'), undefined);
    assert.match(findUnstorableValue(nest(33), 'body')?.message ?? '', /nested deeper than 32/);
    // 100,000 levels: refused without overflowing the stack.
    assert.ok(findUnstorableValue(nest(100_000), 'body'));
  });

  test('cleanJsonValue keeps everything storable: cleaned text and keys, deep values as JSON text', () => {
    assert.deepEqual(cleanJsonValue({ 'pl\u0000an': 'pro\u0000', list: ['\ud800'] }), { plan: 'pro', list: ['\uFFFD'] });
    const cleaned = cleanJsonValue({ deep: nest(40) }, 32) as Record<string, unknown>;
    let level: unknown = cleaned.deep;
    for (let depth = 1; depth < 32; depth += 1) level = (level as { a: unknown }).a;
    assert.equal(typeof level, 'string', 'the 32nd level holds the rest as JSON text');
    assert.ok((level as string).startsWith('{"a":'));
    assert.equal(findUnstorableValue(cleaned, 'properties'), undefined);
  });

  test('dates: years 1000 to 9999 only, after the offset is applied', () => {
    assert.equal(isoDateSchema.safeParse('2026-02-28').success, true);
    assert.equal(isoDateSchema.safeParse('1000-01-01').success, true);
    assert.equal(isoDateSchema.safeParse('0000-01-01').success, false);
    assert.equal(isoDateSchema.safeParse('0002-01-01').success, false, 'read back as 2001 by the drivers');
    assert.equal(isoDateTimeSchema.safeParse('2026-01-01T10:00:00+02:00').success, true);
    assert.equal(isoDateTimeSchema.safeParse('0000-06-01T00:00:00Z').success, false);
    assert.equal(isoDateTimeSchema.safeParse('1000-01-01T00:00:00+01:00').success, false, 'year 999 in UTC');
    assert.equal(isoDateTimeSchema.safeParse('9999-12-31T23:59:59-01:00').success, false, 'year 10000 in UTC');
    assert.equal(isStorableTime(Date.parse('+275760-09-13T00:00:00Z')), false);
    assert.equal(isStorableTime(Number.NaN), false);
  });
});
