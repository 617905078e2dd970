import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { invalid } from './errors.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ?? addFormatsImport) as unknown as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ allErrors: false, useDefaults: true, strict: false, coerceTypes: false }));
const compiled = new WeakMap<object, ValidateFunction>();

function describe(e: ErrorObject): { field: string; message: string } {
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field = [path, missing].filter(Boolean).join('.');
  return { field, message: `${field || 'value'} ${e.message ?? 'is not valid'}` };
}

/**
 * Validates (and fills defaults into) a value against a JSON schema that comes from data, e.g. a
 * channel adapter's settings schema. Throws DomainError('invalid', code) naming the field.
 */
export function validateAgainst(schema: Record<string, unknown>, value: unknown, code: string, prefix: string): void {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  if (!fn(value)) {
    const d = describe(fn.errors![0]!);
    throw invalid(code, `${prefix}.${d.message}`, `${prefix}.${d.field}`);
  }
}

/** Instants accepted from input: years 1000–9999 (PostgreSQL has no year 0; JavaScript stops at 275760). */
export const MIN_INSTANT_MS = Date.UTC(1000, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const isInstantInRange = (d: Date): boolean => {
  const t = d.getTime();
  return Number.isFinite(t) && t >= MIN_INSTANT_MS && t <= MAX_INSTANT_MS;
};
