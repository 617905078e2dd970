import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid } from '../platform/errors.js';
import { MAX_INSTANT_MS, MIN_INSTANT_MS } from '../platform/validate.js';

/**
 * Input that passes a JSON schema but breaks a layer below it is stopped here, once, for every route:
 * - JSON nested deeper than MAX_JSON_DEPTH (recursive code further down would overflow the stack);
 * - text with NUL (PostgreSQL text and jsonb refuse it) or a lone UTF-16 surrogate (not Unicode; it
 *   cannot be stored as UTF-8), in the body, the query or the path;
 * - `date-time` values outside what PostgreSQL and JavaScript both hold (years 1000–9999 here);
 * - numbers that are not finite (`1e309` is Infinity once parsed, and passes ajv's `integer` and `maximum`).
 * Each answers 400 with a stable code naming the field, instead of a 500 from the store.
 */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a JSON text, counted without parsing (string contents skipped). */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The first problem in a string, if any: 'nul' or 'surrogate'. */
export function badText(s: string): 'nul' | 'surrogate' | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'nul';
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) i++;
      else return 'surrogate';
    } else if (c >= 0xdc00 && c <= 0xdfff) return 'surrogate';
  }
  return null;
}

/** Walks a parsed value; returns the path of the first bad string (keys count too). */
export function findBadText(value: unknown, path = ''): { field: string; problem: 'nul' | 'surrogate' } | null {
  if (typeof value === 'string') {
    const problem = badText(value);
    return problem ? { field: path || 'value', problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = findBadText(value[i], path ? `${path}.${i}` : String(i));
      if (r) return r;
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = badText(k);
      if (keyProblem) return { field: path || 'value', problem: keyProblem };
      const r = findBadText(v, path ? `${path}.${k}` : k);
      if (r) return r;
    }
  }
  return null;
}

const PROBLEM_TEXT = {
  nul: 'contains a NUL character, which cannot be stored; remove it',
  surrogate: 'contains a broken character (a lone UTF-16 surrogate); send valid Unicode',
} as const;

function checkText(req: FastifyRequest): void {
  const parts: Array<[string, unknown]> = [
    ['params', req.params],
    ['query', req.query],
  ];
  // Bodies of other media types (CSV imports, signed webhooks) are the flows' own to judge.
  const isJson = /json/i.test(String(req.headers['content-type'] ?? ''));
  if (isJson) parts.push(['body', req.body]);
  for (const [where, value] of parts) {
    const bad = findBadText(value);
    if (bad) throw invalid('request.bad_text', `${where}.${bad.field} ${PROBLEM_TEXT[bad.problem]}.`, bad.field);
  }
}

/** ajv `date-time`, bounded to years PostgreSQL and JavaScript agree on. */
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;
export function isBoundedDateTime(s: string): boolean {
  if (!DATE_TIME.test(s)) return false;
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= MIN_INSTANT_MS && t <= MAX_INSTANT_MS;
}

/** Fastify `ajv` options: after ajv-formats is added, `date-time` is replaced by the bounded one. */
export const ajvOnCreate = (ajv: { addFormat(name: string, format: { type: 'string'; validate: (s: string) => boolean }): unknown }): void => {
  ajv.addFormat('date-time', { type: 'string', validate: isBoundedDateTime });
};

export function registerInputGuard(app: FastifyInstance): void {
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(invalid('request.too_deep', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
      return;
    }
    defaultJson(req, text, done);
  });
  app.addHook('preValidation', async (req) => checkText(req));
  // After validation: a number written as 1e309 is Infinity once parsed or coerced, and ajv lets it through
  // `integer` and `maximum` alike; no layer below means it.
  app.addHook('preHandler', async (req) => {
    for (const [where, value] of [
      ['query', req.query],
      ['params', req.params],
      ['body', req.body],
    ] as const) {
      const field = nonFinite(value, '');
      if (field !== null) throw invalid('validation', `${where}${field ? `.${field}` : ''} must be a finite number.`, field || where);
    }
  });
}

/** The path of the first number that is not finite (Infinity, NaN), or null. */
function nonFinite(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (depth > MAX_JSON_DEPTH || !value || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const r = nonFinite(v, path ? `${path}.${k}` : k, depth + 1);
    if (r !== null) return r;
  }
  return null;
}
