/**
 * SCIM 2.0 (RFC 7643/7644) Users for the employee directory: how a person is shown to an identity provider
 * and how the provider's records and PATCH operations become a directory record (`upsertFromDirectory`).
 * Core User and the enterprise extension; `userName` is the work e-mail (the Sotong login).
 */
import { invalid } from '../../platform/errors.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A directory record as SCIM carries it. */
export interface ScimRecord {
  email: string;
  name: string;
  department: string;
  title: string;
  extension: string;
  employeeNo: string | null;
  active: boolean;
  externalId: string | null;
}

export interface ScimPersonRow {
  id: number;
  email: string;
  display_name: string;
  department: string;
  title: string;
  extension: string;
  employee_no: string | null;
  external_id: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export function scimUser(base: string, r: ScimPersonRow) {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    id: String(r.id),
    ...(r.external_id ? { externalId: r.external_id } : {}),
    userName: r.email,
    name: { formatted: r.display_name },
    displayName: r.display_name,
    emails: [{ value: r.email, type: 'work', primary: true }],
    ...(r.extension ? { phoneNumbers: [{ value: r.extension, type: 'work' }] } : {}),
    ...(r.title ? { title: r.title } : {}),
    active: r.active,
    [ENTERPRISE]: { ...(r.department ? { department: r.department } : {}), ...(r.employee_no ? { employeeNumber: r.employee_no } : {}) },
    meta: { resourceType: 'User', created: new Date(r.created_at).toISOString(), lastModified: new Date(r.updated_at).toISOString(), location: `${base}/Users/${r.id}` },
  };
}

export const recordOf = (r: ScimPersonRow): ScimRecord => ({
  email: r.email,
  name: r.display_name,
  department: r.department,
  title: r.title,
  extension: r.extension,
  employeeNo: r.employee_no,
  active: r.active,
  externalId: r.external_id,
});

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? v.trim().slice(0, max) : undefined);
const bad = (detail: string, scimType = 'invalidValue') => Object.assign(invalid(`scim.${scimType}`, detail), { scimType });

function workValue(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const items = list.filter(isObj);
  const pick = items.find((e) => e.primary === true) ?? items.find((e) => e.type === 'work') ?? items[0];
  return pick ? text(pick.value, 320) : undefined;
}

/** A full User resource (POST, PUT) over `base` (the current record, for PUT; empty for POST). */
export function fromResource(body: unknown, base: Partial<ScimRecord> = {}): ScimRecord {
  if (!isObj(body)) throw bad('The body must be a SCIM User object.');
  const userName = text(body.userName, 320);
  const email = (userName && EMAIL.test(userName) ? userName : (workValue(body.emails) ?? userName ?? base.email ?? '')).toLowerCase();
  if (!EMAIL.test(email)) throw bad('userName (or a work e-mail) must be an e-mail address: it is the Sotong login.');
  const name = isObj(body.name) ? body.name : {};
  const display = text(body.displayName, 100) || text(name.formatted, 100) || [text(name.familyName, 50), text(name.givenName, 50)].filter(Boolean).join('') || base.name || email;
  const ent = isObj(body[ENTERPRISE]) ? (body[ENTERPRISE] as Obj) : {};
  if (body.active !== undefined && typeof body.active !== 'boolean') throw bad('active must be true or false.');
  return {
    email,
    name: display,
    department: text(ent.department, 100) ?? base.department ?? '',
    title: text(body.title, 100) ?? base.title ?? '',
    extension: workValue(body.phoneNumbers)?.slice(0, 30) ?? base.extension ?? '',
    employeeNo: text(ent.employeeNumber, 50) ?? base.employeeNo ?? null,
    active: body.active === undefined ? (base.active ?? true) : body.active,
    externalId: text(body.externalId, 200) ?? base.externalId ?? null,
  };
}

/** Applies a PatchOp (RFC 7644 §3.5.2) to a record: the paths identity providers send for users. */
export function applyPatch(current: ScimRecord, body: unknown): ScimRecord {
  if (!isObj(body) || !Array.isArray(body.Operations) || body.Operations.length === 0) throw bad('A PatchOp needs Operations.', 'invalidSyntax');
  const next = { ...current };
  for (const raw of body.Operations.slice(0, 100)) {
    if (!isObj(raw)) throw bad('Each operation must be an object.', 'invalidSyntax');
    const op = String(raw.op ?? '').toLowerCase();
    if (!['add', 'replace', 'remove'].includes(op)) throw bad(`Unknown op "${String(raw.op)}".`, 'invalidSyntax');
    const path = typeof raw.path === 'string' ? raw.path.trim() : '';
    const value = op === 'remove' ? undefined : raw.value;
    if (!path) {
      if (!isObj(value)) throw bad('An operation without a path needs an object value.', 'invalidSyntax');
      for (const [k, v] of Object.entries(value)) setPath(next, k, v);
      continue;
    }
    setPath(next, path, value);
  }
  return next;
}

function setPath(r: ScimRecord, rawPath: string, value: unknown): void {
  const path = rawPath.replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, '');
  const lower = path.toLowerCase();
  const str = (max: number) => (value === undefined || value === null ? '' : typeof value === 'string' ? value.trim().slice(0, max) : typeof value === 'number' ? String(value) : undefined);
  const set = (k: 'name' | 'title' | 'department' | 'extension', max: number) => {
    const v = str(max);
    if (v === undefined) throw bad(`${rawPath} must be a string.`);
    r[k] = v;
  };
  if (lower === 'active') {
    const v = typeof value === 'string' ? value.toLowerCase() === 'true' : value;
    if (typeof v !== 'boolean') throw bad('active must be true or false.');
    r.active = v;
  } else if (lower === 'displayname' || lower === 'name.formatted') set('name', 100);
  else if (lower === 'title') set('title', 100);
  else if (lower === `${ENTERPRISE.toLowerCase()}:department`) set('department', 100);
  else if (lower === `${ENTERPRISE.toLowerCase()}:employeenumber`) r.employeeNo = str(50) || null;
  else if (lower.startsWith('phonenumbers')) r.extension = (isObj(value) || Array.isArray(value) ? workValue(Array.isArray(value) ? value : [value]) : str(30)) ?? '';
  else if (lower === 'externalid') r.externalId = str(200) || null;
  else if (lower === 'username' || lower.startsWith('emails')) {
    const v = (isObj(value) || Array.isArray(value) ? workValue(Array.isArray(value) ? value : [value]) : str(320))?.toLowerCase();
    if (!v || !EMAIL.test(v)) throw bad(`${rawPath} must be an e-mail address.`);
    r.email = v;
  } else if (lower === ENTERPRISE.toLowerCase() && isObj(value)) {
    for (const [k, v] of Object.entries(value)) setPath(r, `${ENTERPRISE}:${k}`, v);
  } else if (lower === 'name' && isObj(value)) {
    const n = text(value.formatted, 100) || [text(value.familyName, 50), text(value.givenName, 50)].filter(Boolean).join('');
    if (n) r.name = n;
  }
  // Other attributes (nickName, locale, addresses…) are not kept by Sotong: accepted and ignored.
}

/** `userName eq "x"`, `externalId eq "x"`, `emails.value eq "x"`, `emails[value eq "x"]`; nothing else. */
export function parseFilter(filter: string | undefined): { field: 'email' | 'external_id'; value: string } | undefined {
  if (!filter?.trim()) return undefined;
  const m = /^\s*(userName|externalId|emails\.value|emails\[value)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]?\s*$/i.exec(filter);
  if (!m) throw bad('Only userName, externalId and emails.value with eq are supported.', 'invalidFilter');
  const value = m[2]!.replace(/\\(.)/g, '$1');
  return m[1]!.toLowerCase() === 'externalid' ? { field: 'external_id', value } : { field: 'email', value: value.toLowerCase() };
}
