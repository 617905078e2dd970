import fc from 'fast-check';

/** The part of JSON Schema / OpenAPI 3 the routes use. */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
}

/**
 * Strings that broke, or could break, a layer below the schema: NUL (PostgreSQL text refuses it),
 * lone surrogates (not UTF-8), dates outside what PostgreSQL or Date can hold, numbers past int8 and
 * float, SQL and query-language metacharacters, path tricks, control characters, very long words.
 */
export const HOSTILE_STRINGS: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\uffff\ufffe',
  '%00',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00.000Z|00000000-0000-0000-0000-000000000000',
  '9999-12-31T23:59:59Z',
  '275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1970-01-01T00:00:00+99:99',
  '2024-02-30T25:61:61Z',
  'followers:>=99999999999999999999999',
  'followers:>=-1 AND likes:<1e400',
  'lang:ko AND (a OR (b OR (c OR (d OR (e',
  '"unterminated',
  ')))(((',
  'NOT NOT NOT NOT',
  "'; drop table users; --",
  '\\',
  '%',
  '_%_',
  '../../../../etc/passwd',
  '${jndi:ldap://127.0.0.1/x}',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '\r\nset-cookie: x=y',
  '\u202e\u200b\ufeff',
  '한국어 테스트 🙂',
  'x'.repeat(5000),
  '1e309',
  '-0',
  'NaN',
  '99999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

export const HOSTILE_NUMBERS: number[] = [0, -1, 1, -0, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 2 ** 63, -(2 ** 63), 1e21, 1e308, -1e308, 0.5, 1e-320];

/** Any JSON value, including the deep and the odd. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, ...HOSTILE_STRINGS.slice(0, 12), [], {}), fc.jsonValue({ maxDepth: 3 }));

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

function stringArb(s: Schema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date-time') return fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'uri' || s.format === 'url') return fc.constantFrom('http://127.0.0.1:9/hook', 'https://127.0.0.1:9/x');
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern);
      // No filter on length: a pattern whose matches are rarely long enough would make fast-check loop for ever.
      // Too long is cut to maxLength; too short stays, and is one more invalid input to refuse with a 4xx.
      return fc.stringMatching(re).map((v) => (s.maxLength === undefined ? v : v.slice(0, s.maxLength)));
    } catch {
      /* fall through */
    }
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 60, 60), unit: 'grapheme' });
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (integer ? -1000 : -1e6);
  const max = s.maximum ?? (integer ? 100_000 : 1e6);
  return integer ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') ?? 'null';
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return undefined;
}

/** Values that fit the schema (as far as fast-check can make them). */
export function validArb(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => validArb(a, depth + 1)));
  if (s.allOf?.length) return validArb(Object.assign({}, ...s.allOf) as Schema, depth + 1);
  const base = validByType(s, depth);
  return s.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function validByType(s: Schema, depth: number): fc.Arbitrary<unknown> {
  switch (typeOf(s)) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(depth > 4 ? fc.constant(null) : validArb(s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object':
      return objectArb(s, depth, validArb);
    default:
      return anyJson;
  }
}

function objectArb(s: Schema, depth: number, inner: (s: Schema, depth: number) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  if (depth > 5 || Object.keys(props).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = inner(v, depth + 1);
  return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
}

/** Hostile values for a schema: the right shape with poison inside, the wrong type, or extremes. */
export function hostileArb(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  const t = typeOf(s);
  const wrongType = fc.constantFrom<unknown>(null, [], {}, true, 0, '', '\u0000', 1e308, -1, 'x'.repeat(2000));
  if (t === 'object' && depth < 5) return fc.oneof({ weight: 4, arbitrary: objectArb(s, depth, (p, d) => fc.oneof(validArb(p, d), hostileArb(p, d))) }, { weight: 1, arbitrary: wrongType });
  if (t === 'array' && depth < 5) return fc.oneof(fc.array(fc.oneof(validArb(s.items ?? {}, depth + 1), hostileArb(s.items ?? {}, depth + 1)), { maxLength: 4 }), wrongType);
  if (t === 'integer' || t === 'number') return fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), wrongType);
  if (t === 'string' || s.enum || s.format) return fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: wrongType });
  return fc.oneof(anyJson, wrongType, hostileString);
}

const POISONS = ['\u0000', '\ud800', '\udc00x', 'a\u0000', '0000-01-01T00:00:00Z', '99999999999999999999999', 'x'.repeat(3000)];

/** Replaces the n-th string leaf (counting round) of a value with poison, appended or alone. */
function poison(value: unknown, n: number, p: string, append: boolean): unknown {
  const leaves: Array<{ text: string; set: (x: string) => void }> = [];
  const box = { root: value };
  const walk = (v: unknown, set: (x: unknown) => void): void => {
    if (typeof v === 'string') leaves.push({ text: v, set });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, (y) => (v[i] = y)));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], (y) => ((v as Record<string, unknown>)[k] = y));
  };
  walk(value, (y) => (box.root = y));
  const leaf = leaves[n % Math.max(1, leaves.length)];
  if (leaf) leaf.set(append ? `${leaf.text}${p}` : p);
  return box.root;
}

/** A valid value with exactly one string poisoned: gets past the schema, to the layers below. */
export function poisonedArb(s: Schema): fc.Arbitrary<unknown> {
  return fc.tuple(validArb(s), fc.nat(50), fc.constantFrom(...POISONS), fc.boolean()).map(([v, n, p, append]) => poison(structuredClone(v), n, p, append));
}

/** A mix: valid inputs (which reach the handlers), valid ones with one poisoned string, hostile ones. */
export function fuzzArb(s: Schema): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: validArb(s) }, { weight: 2, arbitrary: poisonedArb(s) }, { weight: 1, arbitrary: hostileArb(s) });
}

/** A string form for a query or path parameter, hostile or not. */
export function paramArb(s: Schema): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: validArb(s).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS.map(String)) },
  );
}
