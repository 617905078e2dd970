/**
 * The point-and-click rule builder's model, pure (no React, no I/O): the fields and operators the
 * server accepts (a mirror of src/modules/inbox/domain/rule-fields.ts, checked against it by
 * test/web/rule-model.test.ts), and the two-way mapping between a rule's JSON
 * (`{ conditions, actions }`) and the builder's rows. A rule the builder cannot show exactly (groups
 * nested deeper than one level, values of the wrong kind, keys it does not know) is refused with the
 * reasons, so it stays editable as JSON and nothing is lost.
 */

import { ITEM_KINDS } from '../../../../../src/channels/port.js';
export const GROUP_MODES = ['all', 'any', 'none'] as const;
export type GroupMode = (typeof GROUP_MODES)[number];
export const OPS = ['equals', 'in', 'not_in', 'contains', 'gte', 'lte', 'exists'] as const;
export type Op = (typeof OPS)[number];
export type FieldType = 'string' | 'enum' | 'set' | 'number' | 'boolean' | 'text' | 'clock';

export interface FieldDef {
  type: FieldType;
  ops: readonly Op[];
  /** The only values the server accepts (enum and set fields). */
  values?: readonly string[];
  /** Values offered in a picker for free-text fields (channel, language). */
  suggest?: readonly string[];
}

const STRING_OPS = ['equals', 'in', 'not_in', 'contains', 'exists'] as const;
const ENUM_OPS = ['equals', 'in', 'not_in', 'exists'] as const;
const SET_OPS = ['contains', 'not_in', 'exists'] as const;
const NUMBER_OPS = ['equals', 'gte', 'lte', 'exists'] as const;
const BOOL_OPS = ['equals', 'exists'] as const;

export const LANGUAGES = ['ko', 'en', 'ja', 'zh'] as const;
export const PRIORITY_VALUES = ['urgent', 'high', 'normal', 'low'] as const;
export const STRATEGIES = ['round_robin', 'least_loaded'] as const;

/** In the order the field picker shows them. */
export const FIELD_DEFS: Readonly<Record<string, FieldDef>> = {
  text: { type: 'text', ops: ['contains', 'exists'] },
  // Suggested from the server's channel types (`provideChannelTypes`), never a list written here.
  channel: { type: 'string', ops: STRING_OPS, suggest: [] },
  account_id: { type: 'string', ops: STRING_OPS },
  kind: { type: 'enum', ops: ENUM_OPS, values: ITEM_KINDS },
  is_private: { type: 'boolean', ops: BOOL_OPS },
  language: { type: 'string', ops: STRING_OPS, suggest: LANGUAGES },
  'sentiment.label': { type: 'enum', ops: ENUM_OPS, values: ['negative', 'neutral', 'positive'] },
  'sentiment.score': { type: 'number', ops: NUMBER_OPS },
  intents: { type: 'set', ops: SET_OPS, values: ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'] },
  abuse: { type: 'enum', ops: ENUM_OPS, values: ['none', 'offensive', 'hate'] },
  pii_types: { type: 'set', ops: SET_OPS, values: ['rrn', 'foreigner_rn', 'card', 'account', 'phone', 'email', 'passport'] },
  'author.followers': { type: 'number', ops: NUMBER_OPS },
  'author.influence': { type: 'number', ops: NUMBER_OPS },
  'author.vip': { type: 'boolean', ops: BOOL_OPS },
  'author.customer': { type: 'boolean', ops: BOOL_OPS },
  // Suggested from the workspace's customer segments (`provideSegmentNames`).
  'author.segments': { type: 'set', ops: SET_OPS, suggest: [] },
  'time.business_hours': { type: 'boolean', ops: ['equals'] },
  'time.local': { type: 'clock', ops: ['gte', 'lte'] },
  'time.weekday': { type: 'enum', ops: ENUM_OPS, values: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
};
export const FIELD_KEYS = Object.keys(FIELD_DEFS);

/** The channel types the server can connect (GET /channels), offered for the `channel` field once known. */
export function provideChannelTypes(types: readonly string[]): void {
  const def = FIELD_DEFS.channel as { suggest?: readonly string[] };
  def.suggest = types.length ? [...types] : undefined;
}
/** The workspace's customer segments (GET /segments), offered for `author.segments` once known. */
export function provideSegmentNames(names: readonly string[]): void {
  const def = FIELD_DEFS['author.segments'] as { suggest?: readonly string[] };
  def.suggest = [...names];
}
/** The definition of a field the server knows, else undefined (never an inherited property). */
export const fieldDef = (name: unknown): FieldDef | undefined => (typeof name === 'string' && Object.hasOwn(FIELD_DEFS, name) ? FIELD_DEFS[name] : undefined);

export type Value = string | number | boolean | string[];
export interface CondRow {
  kind: 'cond';
  id: string;
  field: string;
  op: Op;
  /** Absent stays absent (an `exists` without value, a condition still being written). */
  value?: Value;
  match?: 'token' | 'substring';
}
export interface GroupRow {
  kind: 'group';
  id: string;
  mode: GroupMode;
  conds: CondRow[];
}
export type Item = CondRow | GroupRow;

export type BuilderAction =
  | { type: 'set_team'; teamId: string }
  | { type: 'set_priority'; priority: (typeof PRIORITY_VALUES)[number] }
  | { type: 'add_tags'; tags: string[] }
  | { type: 'assign_agent'; agentId: string }
  | { type: 'assign_strategy'; strategy: (typeof STRATEGIES)[number]; teamId?: string }
  | { type: 'auto_acknowledge'; templateId: string }
  | { type: 'escalate'; teamId?: string; manager?: boolean; reason?: string }
  | { type: 'set_sla_policy'; policyId: string };
export type ActionType = BuilderAction['type'];
export const ACTION_TYPES: readonly ActionType[] = ['set_team', 'set_priority', 'add_tags', 'assign_agent', 'assign_strategy', 'auto_acknowledge', 'escalate', 'set_sla_policy'];
export interface ActionRow {
  id: string;
  action: BuilderAction;
}

export interface Builder {
  mode: GroupMode;
  items: Item[];
  actions: ActionRow[];
}

/** Why a rule cannot be shown in the builder: `code` names the message, `path` the place in the JSON. */
export interface Unrepresentable {
  path: string;
  code: 'shape' | 'group' | 'depth' | 'keys' | 'field' | 'op' | 'value' | 'action';
}
export type FromJson = { ok: true; builder: Builder } | { ok: false; reasons: Unrepresentable[] };

let seq = 0;
/** Row ids for React keys; never part of the JSON. */
export const newId = (): string => `r${++seq}`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const onlyKeys = (o: Obj, allowed: readonly string[]) => Object.keys(o).every((k) => allowed.includes(k));

/** Whether a value can be shown by the editor of this field and operator (membership is the server's check). */
export function fits(def: FieldDef, op: Op, v: unknown): boolean {
  if (v === undefined) return true;
  if (op === 'exists') return typeof v === 'boolean';
  switch (def.type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'clock':
      return typeof v === 'string';
    case 'text':
    case 'set':
      return typeof v === 'string' || isStrings(v);
    default:
      return op === 'in' || op === 'not_in' ? isStrings(v) : typeof v === 'string';
  }
}

function condFromJson(node: Obj, path: string, out: Unrepresentable[]): CondRow | undefined {
  if (!onlyKeys(node, ['field', 'op', 'value', 'match'])) return void out.push({ path, code: 'keys' });
  const def = fieldDef(node.field);
  if (!def) return void out.push({ path: `${path}.field`, code: 'field' });
  const op = node.op as Op;
  if (!def.ops.includes(op)) return void out.push({ path: `${path}.op`, code: 'op' });
  if (!fits(def, op, node.value)) return void out.push({ path: `${path}.value`, code: 'value' });
  if (node.match !== undefined && (def.type !== 'text' || (node.match !== 'token' && node.match !== 'substring'))) return void out.push({ path: `${path}.match`, code: 'value' });
  const row: CondRow = { kind: 'cond', id: newId(), field: node.field as string, op };
  if (node.value !== undefined) row.value = Array.isArray(node.value) ? [...(node.value as string[])] : (node.value as Value);
  if (node.match !== undefined) row.match = node.match as CondRow['match'];
  return row;
}

/** `{ all: [...] }` → its mode and list, or undefined when it is not exactly one group key with a list. */
function groupOf(node: unknown): { mode: GroupMode; list: unknown[] } | undefined {
  if (!isObj(node)) return undefined;
  const keys = Object.keys(node);
  const mode = keys[0] as GroupMode;
  if (keys.length !== 1 || !GROUP_MODES.includes(mode) || !Array.isArray(node[mode])) return undefined;
  return { mode, list: node[mode] as unknown[] };
}
const looksLikeGroup = (v: unknown) => isObj(v) && GROUP_MODES.some((g) => g in v);

function actionFromJson(a: unknown, path: string, out: Unrepresentable[]): ActionRow | undefined {
  const bad = (p = path) => void out.push({ path: p, code: 'action' });
  if (!isObj(a) || typeof a.type !== 'string' || !ACTION_TYPES.includes(a.type as ActionType)) return bad(`${path}.type`);
  const str = (k: string, optional = false) => (optional && a[k] === undefined) || typeof a[k] === 'string';
  const ok = ((): boolean => {
    switch (a.type as ActionType) {
      case 'set_team':
        return onlyKeys(a, ['type', 'teamId']) && str('teamId');
      case 'set_priority':
        return onlyKeys(a, ['type', 'priority']) && PRIORITY_VALUES.includes(a.priority as never);
      case 'add_tags':
        return onlyKeys(a, ['type', 'tags']) && isStrings(a.tags);
      case 'assign_agent':
        return onlyKeys(a, ['type', 'agentId']) && str('agentId');
      case 'assign_strategy':
        return onlyKeys(a, ['type', 'strategy', 'teamId']) && STRATEGIES.includes(a.strategy as never) && str('teamId', true);
      case 'auto_acknowledge':
        return onlyKeys(a, ['type', 'templateId']) && str('templateId');
      case 'escalate':
        return onlyKeys(a, ['type', 'teamId', 'manager', 'reason']) && str('teamId', true) && str('reason', true) && (a.manager === undefined || typeof a.manager === 'boolean');
      case 'set_sla_policy':
        return onlyKeys(a, ['type', 'policyId']) && str('policyId');
    }
  })();
  if (!ok) return bad();
  const copy = { ...a } as BuilderAction;
  if (copy.type === 'add_tags') copy.tags = [...copy.tags];
  return { id: newId(), action: copy };
}

/** A rule's `{ conditions, actions }` as builder rows, or every reason it cannot be shown. */
export function fromJson(value: unknown): FromJson {
  const out: Unrepresentable[] = [];
  if (!isObj(value) || !onlyKeys(value, ['conditions', 'actions']) || !('conditions' in value) || !('actions' in value)) return { ok: false, reasons: [{ path: '', code: 'shape' }] };
  const root = groupOf(value.conditions);
  const items: Item[] = [];
  if (!root) out.push({ path: 'conditions', code: 'group' });
  else {
    root.list.forEach((child, i) => {
      const p = `conditions.${root.mode}[${i}]`;
      if (!looksLikeGroup(child)) {
        const row = isObj(child) ? condFromJson(child, p, out) : void out.push({ path: p, code: 'shape' });
        if (row) items.push(row);
        return;
      }
      const g = groupOf(child);
      if (!g) return void out.push({ path: p, code: 'group' });
      const conds: CondRow[] = [];
      g.list.forEach((c, j) => {
        const cp = `${p}.${g.mode}[${j}]`;
        if (looksLikeGroup(c)) return void out.push({ path: cp, code: 'depth' });
        const row = isObj(c) ? condFromJson(c, cp, out) : void out.push({ path: cp, code: 'shape' });
        if (row) conds.push(row);
      });
      items.push({ kind: 'group', id: newId(), mode: g.mode, conds });
    });
  }
  const actions: ActionRow[] = [];
  if (!Array.isArray(value.actions)) out.push({ path: 'actions', code: 'shape' });
  else
    value.actions.forEach((a, i) => {
      const row = actionFromJson(a, `actions[${i}]`, out);
      if (row) actions.push(row);
    });
  if (out.length) return { ok: false, reasons: out };
  return { ok: true, builder: { mode: root!.mode, items, actions } };
}

function condToJson(c: CondRow): Obj {
  const o: Obj = { field: c.field, op: c.op };
  if (c.value !== undefined) o.value = Array.isArray(c.value) ? [...c.value] : c.value;
  if (c.match !== undefined) o.match = c.match;
  return o;
}

/** The builder's rows as the rule JSON the server takes. */
export function toJson(b: Builder): { conditions: Obj; actions: Obj[] } {
  const list = b.items.map((it) => (it.kind === 'cond' ? condToJson(it) : { [it.mode]: it.conds.map(condToJson) }));
  const actions = b.actions.map(({ action }) => {
    const o: Obj = { ...action };
    for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
    if (Array.isArray(o.tags)) o.tags = [...(o.tags as string[])];
    return o;
  });
  return { conditions: { [b.mode]: list }, actions };
}

/** The kind of input a condition's value needs. */
export type Editor = 'presence' | 'select' | 'multi' | 'chips' | 'text' | 'number' | 'boolean' | 'clock';

export function editorFor(field: string, op: Op): Editor {
  const def = fieldDef(field);
  if (!def) return 'text';
  if (op === 'exists') return 'presence';
  const options = def.values ?? def.suggest;
  switch (def.type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'clock':
      return 'clock';
    case 'text':
      return 'chips';
    case 'set':
      return 'multi';
    case 'enum':
      return op === 'equals' ? 'select' : 'multi';
    default:
      if (op === 'in' || op === 'not_in') return options ? 'multi' : 'chips';
      return op === 'equals' && options ? 'select' : 'text';
  }
}

/** The operator a field starts with when picked. */
export function defaultOp(field: string): Op {
  const def = fieldDef(field);
  if (!def) return 'equals';
  const prefer: Record<FieldType, Op> = { text: 'contains', string: 'equals', enum: 'equals', set: 'contains', number: 'gte', boolean: 'equals', clock: 'gte' };
  return prefer[def.type];
}

/** A starting value for a field and operator (the first choice of a picker, or nothing yet). */
export function defaultValue(field: string, op: Op): Value | undefined {
  const def = fieldDef(field);
  const editor = editorFor(field, op);
  if (editor === 'presence' || !def) return undefined;
  if (editor === 'boolean') return true;
  if (editor === 'clock') return op === 'lte' ? '09:00' : '18:00';
  if (editor === 'select') return (def.values ?? def.suggest)?.[0];
  if (editor === 'multi' || editor === 'chips') return [];
  return undefined;
}

export function newCondition(field = 'text'): CondRow {
  const op = defaultOp(field);
  const row: CondRow = { kind: 'cond', id: newId(), field, op };
  const v = defaultValue(field, op);
  if (v !== undefined) row.value = v;
  return row;
}

/** Another field: the operator and value are kept when they still make sense, else they start over. */
export function withField(row: CondRow, field: string): CondRow {
  const def = fieldDef(field);
  if (!def) return row;
  const op = def.ops.includes(row.op) ? row.op : defaultOp(field);
  const keep = def.ops.includes(row.op) && editorFor(field, op) === editorFor(row.field, row.op) && fits(def, op, row.value) && (!def.values || valuesIn(def.values, row.value));
  const next: CondRow = { kind: 'cond', id: row.id, field, op };
  const v = keep ? row.value : defaultValue(field, op);
  if (v !== undefined) next.value = v;
  if (def.type === 'text' && row.match !== undefined && fieldDef(row.field)?.type === 'text') next.match = row.match;
  return next;
}

export function withOp(row: CondRow, op: Op): CondRow {
  const def = fieldDef(row.field);
  const same = editorFor(row.field, op) === editorFor(row.field, row.op);
  const next: CondRow = { ...row, op };
  const v = same && def && fits(def, op, row.value) ? row.value : defaultValue(row.field, op);
  if (v === undefined) delete next.value;
  else next.value = v;
  return next;
}

function valuesIn(values: readonly string[], v: unknown): boolean {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.every((x) => typeof x === 'string' && values.includes(x));
}

/** A new action of a type, filled with the first choice of each picker when there is one. */
export function newAction(type: ActionType, first: { teamId?: string; agentId?: string; templateId?: string; policyId?: string } = {}): BuilderAction {
  switch (type) {
    case 'set_team':
      return { type, teamId: first.teamId ?? '' };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'add_tags':
      return { type, tags: [] };
    case 'assign_agent':
      return { type, agentId: first.agentId ?? '' };
    case 'assign_strategy':
      return { type, strategy: 'round_robin' };
    case 'auto_acknowledge':
      return { type, templateId: first.templateId ?? '' };
    case 'escalate':
      return { type, manager: true };
    case 'set_sla_policy':
      return { type, policyId: first.policyId ?? '' };
  }
}

/** Adds a chip (trimmed, once); the value as a list. */
export function addChip(value: Value | undefined, chip: string): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : [];
  const c = chip.trim();
  return c === '' || list.includes(c) ? [...list] : [...list, c];
}
export function removeChip(value: Value | undefined, chip: string): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((x) => x !== chip);
}

/** The JSON path of each row (as the server names problems), for marking rows the server refused. */
export function rowPaths(b: Builder): Map<string, string> {
  const paths = new Map<string, string>();
  b.items.forEach((it, i) => {
    const p = `conditions.${b.mode}[${i}]`;
    paths.set(it.id, p);
    if (it.kind === 'group') it.conds.forEach((c, j) => paths.set(c.id, `${p}.${it.mode}[${j}]`));
  });
  b.actions.forEach((a, i) => paths.set(a.id, `actions[${i}]`));
  return paths;
}

/** Whether a problem at `problemPath` belongs to the row at `rowPath` (the row itself or inside it). */
export function problemIsIn(problemPath: string, rowPath: string): boolean {
  if (!problemPath.startsWith(rowPath)) return false;
  const rest = problemPath.slice(rowPath.length);
  return rest === '' || rest.startsWith('.');
}
