/**
 * Forms from the JSON Schemas a channel publishes for its settings and credentials. Every field is
 * kept as the text the user typed; `collect` turns that into the object to send, checking what the
 * schema says (required, types, bounds, URL and e-mail formats) and naming the field of each problem.
 */
import type { JsonSchema } from '../../listeningApi.js';

export type FieldKind = 'string' | 'secret' | 'number' | 'integer' | 'boolean' | 'flag' | 'list' | 'enum' | 'json';

export interface SchemaField {
  key: string;
  kind: FieldKind;
  schema: JsonSchema;
  required: boolean;
}

export type Values = Record<string, string>;
export type FieldErrors = Record<string, { code: FieldProblem; detail?: string | number }>;
export type FieldProblem = 'required' | 'tooShort' | 'tooLong' | 'notNumber' | 'notInteger' | 'tooSmall' | 'tooBig' | 'notUrl' | 'notEmail' | 'notJson' | 'oneOf' | 'server';

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

export function fieldsOf(schema: JsonSchema | undefined, secret = false): SchemaField[] {
  const props = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  return Object.entries(props).map(([key, s]) => {
    const type = typeOf(s);
    let kind: FieldKind;
    if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) kind = 'enum';
    else if (type === 'string') kind = secret ? 'secret' : 'string';
    else if (type === 'integer') kind = 'integer';
    else if (type === 'number') kind = 'number';
    else if (type === 'boolean') kind = typeof s.default === 'boolean' ? 'flag' : 'boolean';
    else if (type === 'array' && s.items && typeOf(s.items) === 'string') kind = 'list';
    else kind = 'json';
    return { key, kind, schema: s, required: required.has(key) };
  });
}

/** What a field shows before anyone touches it: a flag its default, everything else empty (defaults are hints). */
export function initialValues(fields: SchemaField[]): Values {
  return Object.fromEntries(fields.map((f) => [f.key, f.kind === 'flag' ? String(f.schema.default === true) : '']));
}

const isUrl = (v: string) => {
  try {
    const u = new URL(v);
    return /^[a-z][a-z0-9+.-]*:$/i.test(u.protocol) && (u.host !== '' || u.protocol === 'mailto:');
  } catch {
    return false;
  }
};
const isEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);

function checkString(v: string, s: JsonSchema): { code: FieldProblem; detail?: string | number } | undefined {
  if (typeof s.minLength === 'number' && [...v].length < s.minLength) return { code: 'tooShort', detail: s.minLength };
  if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) return { code: 'tooLong', detail: s.maxLength };
  if (s.format === 'uri' && !isUrl(v)) return { code: 'notUrl' };
  if (s.format === 'email' && !isEmail(v)) return { code: 'notEmail' };
  return undefined;
}

/** The object to send and the problems found, keyed by field name. Empty optional fields are left out. */
export function collect(fields: SchemaField[], values: Values): { value: Record<string, unknown>; errors: FieldErrors } {
  const value: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    const raw = values[f.key] ?? '';
    const text = raw.trim();
    const s = f.schema;
    if (f.kind === 'flag') {
      const on = raw === 'true';
      if (on !== (s.default === true)) value[f.key] = on;
      continue;
    }
    if (text === '') {
      if (f.required) errors[f.key] = { code: 'required' };
      continue;
    }
    switch (f.kind) {
      case 'boolean':
        value[f.key] = text === 'true';
        break;
      case 'enum':
      case 'string':
      case 'secret': {
        const problem = checkString(text, s);
        if (problem) errors[f.key] = problem;
        else value[f.key] = text;
        break;
      }
      case 'integer':
      case 'number': {
        const n = Number(text);
        if (!Number.isFinite(n)) errors[f.key] = { code: 'notNumber' };
        else if (f.kind === 'integer' && !Number.isInteger(n)) errors[f.key] = { code: 'notInteger' };
        else if (typeof s.minimum === 'number' && n < s.minimum) errors[f.key] = { code: 'tooSmall', detail: s.minimum };
        else if (typeof s.maximum === 'number' && n > s.maximum) errors[f.key] = { code: 'tooBig', detail: s.maximum };
        else value[f.key] = n;
        break;
      }
      case 'list': {
        const list = raw
          .split(/\r?\n/)
          .map((x) => x.trim())
          .filter(Boolean);
        const bad = s.items ? list.find((x) => checkString(x, s.items!)) : undefined;
        if (bad !== undefined) errors[f.key] = { ...checkString(bad, s.items!)!, detail: bad };
        else if (list.length === 0 && f.required) errors[f.key] = { code: 'required' };
        else if (list.length) value[f.key] = list;
        break;
      }
      case 'json':
        try {
          value[f.key] = JSON.parse(text);
        } catch {
          errors[f.key] = { code: 'notJson' };
        }
        break;
    }
  }
  return { value, errors };
}

/**
 * `anyOf: [{required: [a]}, {required: [b]}]` (fill in a or b): when no alternative is met, a problem
 * on the first field of each alternative.
 */
export function checkAlternatives(schema: JsonSchema | undefined, value: Record<string, unknown>): FieldErrors {
  const alternatives = (schema?.anyOf ?? []).map((a) => a.required).filter((r): r is string[] => Array.isArray(r) && r.length > 0);
  if (alternatives.length === 0 || alternatives.some((keys) => keys.every((k) => value[k] !== undefined))) return {};
  const names = alternatives.map((keys) => keys.join(' + ')).join(' / ');
  return Object.fromEntries(alternatives.map((keys) => [keys[0]!, { code: 'oneOf' as const, detail: names }]));
}

/** `signingSecret` → "Signing secret": a readable label when the dictionary has none. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .replace(/\b(url|id|ids|api|imap|smtp|tls|dm|did|dids|ms)\b/g, (w) => (w === 'ids' ? 'IDs' : w === 'dids' ? 'DIDs' : w === 'ms' ? 'ms' : w.toUpperCase()));
  return words.charAt(0).toUpperCase() + words.slice(1);
}
