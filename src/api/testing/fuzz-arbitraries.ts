import fc from 'fast-check';

/**
 * fast-check arbitraries for the API fuzz test (api/fuzz.test.ts): valid values from the
 * JSON Schemas in /api/openapi.json, and the hostile values and mutations a client may
 * send instead. Written here rather than taken from a library because the subset zod
 * emits is small (object, array, string formats, anyOf, enum) and the test wants real ids
 * in uuid fields, which no generic generator knows.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

/** Ids of objects that exist, so valid requests reach the code behind the "not found" check. */
export type FuzzContext = { realIds: readonly string[] };

const DATE_TIME_PATTERN = /\\d\{4\}-\\d\{2\}-\\d\{2\}T/;

/** Instants in years 2000–2035: what valid data looks like. */
const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2035-12-31T23:59:59Z'),
  noInvalidDate: true,
});

function stringArbitrary(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<string> {
  if (schema.format === 'uuid')
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...context.realIds) }, { weight: 1, arbitrary: fc.uuid() });
  if (schema.format === 'date') return instant.map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'date-time' || (schema.pattern && DATE_TIME_PATTERN.test(schema.pattern))) {
    return instant.map((date) => date.toISOString());
  }
  if (schema.format === 'email') return fc.stringMatching(/^[a-z]{1,12}$/).map((name) => `${name}@fuzz.example`);
  if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['https'] });
  if (schema.pattern)
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((text) => text.length <= (schema.maxLength ?? Infinity));
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 40, 40)) });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6);
  if (integer)
    return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A valid value for the schema (as far as the schema says; business rules may still refuse it). */
export function valueFor(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => valueFor(alternative, context)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => valueFor({ ...schema, type }, context)));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema, context);
    case 'integer':
    case 'number':
      return numberArbitrary(schema, schema.type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? valueFor(schema.items, context) : fc.jsonValue({ maxDepth: 2 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'object':
    case undefined:
      return objectFor(schema, context);
    default:
      throw new Error(`fuzz: no generator for JSON Schema type ${String(schema.type)}`);
  }
}

function objectFor(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<unknown> {
  if (schema.properties) {
    const model = Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [key, valueFor(property, context)]),
    );
    return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) });
  }
  if (typeof schema.additionalProperties === 'object') {
    const keys = schema.propertyNames
      ? stringArbitrary(schema.propertyNames, context)
      : fc.string({ minLength: 1, maxLength: 12 });
    return fc.dictionary(keys, valueFor(schema.additionalProperties, context), { maxKeys: 3 });
  }
  // Free-form JSON (event properties, traits, context).
  return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
}

/** Any UTF-16 text, unpaired surrogates and control characters included. */
const anyUtf16 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 })
  .map((codes) => String.fromCharCode(...codes));

/** Raw JSON text that parses to a value nested this deep (too deep for JSON.stringify to build). */
export const DEEP_JSON_MARKER = '\u0001deep-json\u0001';
export const deepJson = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** What a careless or hostile client puts where a field's value should be. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udc00y',
      '\u0001\u0008\u001b\u007f',
      '',
      '   ',
      'x'.repeat(100_000),
      '0000-01-01',
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00+01:00',
      '0099-12-31',
      '0999-12-31T23:59:59Z',
      '+300000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00Z',
      '9999-12-31T23:59:59-14:00',
      '2026-02-30',
      '2026-13-01T25:61:00Z',
      '1e999',
      'NaN',
      '<img src=x onerror=alert(1)>',
      '00000000-0000-0000-0000-000000000000',
      1e308,
      -1e308,
      5e-324,
      2 ** 53 + 2,
      -(2 ** 63),
      2 ** 31,
      -1,
      0,
      1.5,
      true,
      false,
      null,
      [],
      {},
      [null],
      { '\u0000': 1 },
      { 'a\ud800': 'x' },
      { constructor: { prototype: { polluted: true } } },
      DEEP_JSON_MARKER,
    ),
  },
  { weight: 1, arbitrary: anyUtf16 },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

export type Mutation =
  | { kind: 'replace'; pathIndex: number; value: unknown }
  | { kind: 'add-field'; pathIndex: number; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), pathIndex: fc.nat(), value: hostileValue }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add-field' as const),
      pathIndex: fc.nat(),
      key: fc.oneof(fc.constantFrom('unknownField', '\u0000', 'k\ud800', '__proto__', ''), anyUtf16),
      value: hostileValue,
    }),
  },
);

type Path = Array<string | number>;

function pathsOf(value: unknown, path: Path = [], found: Path[] = []): Path[] {
  found.push(path);
  if (Array.isArray(value)) value.forEach((element, index) => pathsOf(element, [...path, index], found));
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) pathsOf(child, [...path, key], found);
  return found;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], root);
}

/** The body with each mutation applied, in turn, at one of its places (the root included). */
export function applyMutations(body: unknown, changes: Mutation[]): unknown {
  return changes.reduce(applyMutation, body);
}

function applyMutation(body: unknown, change: Mutation): unknown {
  const paths = pathsOf(body);
  if (change.kind === 'replace') return setAt(body, paths[change.pathIndex % paths.length]!, change.value);
  const objects = paths.filter((path) => {
    const value = getAt(body, path);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  });
  if (objects.length === 0) return setAt(body, [], { [change.key]: change.value });
  const target = objects[change.pathIndex % objects.length]!;
  // defineProperty, not assignment: a "__proto__" key must become a JSON field, not the prototype.
  const object = { ...(getAt(body, target) as object) };
  Object.defineProperty(object, change.key, {
    value: change.value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return setAt(body, target, object);
}

/** JSON text of a body, the deep-JSON marker expanded into raw nesting. */
export function toJsonText(body: unknown): string {
  return JSON.stringify(body).replaceAll(JSON.stringify(DEEP_JSON_MARKER), deepJson(10_000));
}

/** Path segments and query values with broken percent-encoding, NUL and friends, as raw URL text. */
export const hostileUrlPart = fc.constantFrom(
  '%',
  '%zz',
  '%C0%80',
  '%ED%A0%80',
  '%FF',
  '%00',
  'a%00b',
  '%E2%82',
  '..',
  '%2F..%2F',
  'x'.repeat(5000),
  '-1',
  '1e999',
  'null',
  '%F0%9F%98%80',
);

/** encodeURIComponent, except that unpaired surrogates (which it throws on) become their invalid UTF-8 bytes. */
export function encodeLoosely(text: string): string {
  return [...text]
    .map((char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        const code = char.charCodeAt(0);
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
    })
    .join('');
}
