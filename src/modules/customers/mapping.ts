import { invalid } from '../../platform/errors.js';

/** The fields a customer record can hold; the workspace's mapping decides which it keeps. */
export const CUSTOMER_FIELDS = ['externalId', 'name', 'email', 'phone', 'segment', 'products', 'manager', 'optOuts'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export const OPT_OUTS = ['sms', 'email', 'phone', 'dm', 'marketing', 'all'] as const;

/** One customer as the bank's system sends it: a field left out is kept as stored; null clears it. */
export interface CustomerRecord {
  externalId: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  segment?: string | null;
  products?: string[];
  manager?: string | null;
  optOuts?: string[];
}

/** File column → customer field (null: the column is read but not kept). */
export type Mapping = Record<string, CustomerField | null>;

export interface RowError {
  line: number;
  message: string;
}

/** RFC 4180 CSV records with the line each starts on (quoted fields may hold commas, quotes and newlines). */
export function* csvRows(text: string): Generator<{ line: number; fields: string[] }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let done = false;
    while (!done) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (c === '"') (quoted = false), i++;
        else (line += c === '\n' ? 1 : 0), (field += c), i++;
      } else if (c === '"' && field === '') (quoted = true), i++;
      else if (c === ',') fields.push(field), (field = ''), i++;
      else if (c === '\n' || c === '\r') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        done = true;
      } else (field += c), i++;
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    yield { line: start, fields };
  }
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
const FIELD_BY_NORM = new Map<string, CustomerField>(CUSTOMER_FIELDS.map((f) => [norm(f), f]));

/** Checks a mapping against the file's header; without one, columns named like fields map to them. */
export function resolveMapping(header: string[], mapping: Mapping | undefined): (CustomerField | null)[] {
  const cols = header.map((h) => h.trim());
  if (!mapping) {
    const out = cols.map((c) => FIELD_BY_NORM.get(norm(c)) ?? null);
    if (!out.includes('externalId')) throw invalid('customers.mapping_no_external_id', 'No column maps to externalId: name one "externalId" or give a mapping file.', 'mapping');
    return out;
  }
  if (typeof mapping !== 'object' || Array.isArray(mapping)) throw invalid('customers.mapping_invalid', 'The mapping must be an object of file column → customer field.', 'mapping');
  const seen = new Map<CustomerField, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (field !== null && !(CUSTOMER_FIELDS as readonly string[]).includes(field as string)) {
      throw invalid('customers.mapping_unknown_field', `The mapping sends column "${column}" to "${String(field)}", which is not a customer field (${CUSTOMER_FIELDS.join(', ')}).`, 'mapping');
    }
    if (!cols.includes(column)) throw invalid('customers.mapping_unknown_column', `The mapping names column "${column}", which the file's header does not have.`, 'mapping');
    if (field && seen.has(field)) throw invalid('customers.mapping_duplicate_field', `Columns "${seen.get(field)}" and "${column}" both map to ${field}.`, 'mapping');
    if (field) seen.set(field, column);
  }
  if (!seen.has('externalId')) throw invalid('customers.mapping_no_external_id', 'The mapping sends no column to externalId.', 'mapping');
  return cols.map((c) => (Object.hasOwn(mapping, c) ? (mapping[c] ?? null) : null));
}

const list = (v: string) =>
  v
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Checks one record's values; returns the problem in a sentence, or null. */
export function checkRecord(r: CustomerRecord): string | null {
  if (typeof r.externalId !== 'string' || !r.externalId.trim()) return 'externalId is empty';
  if (r.externalId.length > 100) return 'externalId is longer than 100 characters';
  for (const f of ['name', 'email', 'phone', 'segment', 'manager'] as const) {
    const v = r[f];
    if (v !== undefined && v !== null && (typeof v !== 'string' || v.length > 200)) return `${f} must be text of at most 200 characters`;
  }
  if (r.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email)) return `email "${r.email}" is not an e-mail address`;
  if (r.phone && !/^[+\d][\d\s()-]{6,19}$/.test(r.phone)) return `phone "${r.phone}" is not a phone number`;
  if (r.products && (r.products.length > 100 || r.products.some((p) => typeof p !== 'string' || p.length > 100))) return 'products must be at most 100 names of at most 100 characters';
  const badOpt = r.optOuts?.find((o) => !(OPT_OUTS as readonly string[]).includes(o));
  if (badOpt !== undefined) return `opt-out "${badOpt}" is not one of ${OPT_OUTS.join(', ')}`;
  return null;
}

/** A CSV file through a mapping: records with their line numbers, and the rows that could not be read. */
export function parseCustomersCsv(text: string, mapping: Mapping | undefined): { records: { line: number; record: CustomerRecord }[]; errors: RowError[]; fields: CustomerField[] } {
  const rows = csvRows(text);
  const head = rows.next();
  if (head.done) throw invalid('customers.import_empty', 'The file is empty: a header row is needed.', 'csv');
  const target = resolveMapping(head.value.fields, mapping);
  const records: { line: number; record: CustomerRecord }[] = [];
  const errors: RowError[] = [];
  for (const { line, fields } of rows) {
    if (fields.length !== target.length) {
      errors.push({ line, message: `has ${fields.length} columns, the header has ${target.length}` });
      continue;
    }
    const rec: Record<string, unknown> = {};
    target.forEach((f, i) => {
      if (!f) return;
      const v = fields[i]!.trim();
      if (f === 'products' || f === 'optOuts') rec[f] = list(f === 'optOuts' ? v.toLowerCase() : v);
      else rec[f] = v === '' ? null : v;
    });
    if (rec.externalId === null) rec.externalId = '';
    const record = rec as unknown as CustomerRecord;
    const problem = checkRecord(record);
    if (problem) errors.push({ line, message: problem });
    else records.push({ line, record });
  }
  return { records, errors, fields: target.filter((f): f is CustomerField => f !== null) };
}
