/**
 * Validation of routing rules as stored JSON (edited in the UI): every problem is reported with the
 * path of the offending field ('conditions.all[2].value'), a stable code and a readable message.
 * On success the rule comes back normalised (enabled defaults to true, stopProcessing to false).
 */
import { parseClock } from './civil.js';
import { FIELD_NAMES, fieldSpec, type FieldSpec } from './rule-fields.js';
import type { Action, ConditionGroup, Rule } from './rules.js';
import { PRIORITIES } from './sla.js';

export type RuleErrorCode = 'required' | 'invalid_type' | 'unknown_key' | 'unknown_field' | 'unsupported_operator' | 'invalid_value' | 'empty' | 'too_deep' | 'too_many' | 'unknown_action' | 'conflict' | 'duplicate_id';

export interface RuleError {
  path: string;
  code: RuleErrorCode;
  message: string;
}

export type RuleValidation = { ok: true; rule: Rule } | { ok: false; errors: RuleError[] };

export const MAX_DEPTH = 5;
export const MAX_CONDITIONS = 100;
export const MAX_ACTIONS = 20;
const GROUP_KEYS = ['all', 'any', 'none'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

class Collector {
  readonly errors: RuleError[] = [];
  add(path: string, code: RuleErrorCode, message: string): void {
    this.errors.push({ path, code, message });
  }
  keys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.add(join(path, k), 'unknown_key', `unknown key "${k}" (allowed: ${allowed.join(', ')})`);
  }
  text(o: Obj, key: string, path: string, optional = false, max = 200): void {
    const v = o[key];
    if (v === undefined && optional) return;
    if (v === undefined) return this.add(join(path, key), 'required', `${key} is required`);
    if (!isText(v)) return this.add(join(path, key), 'invalid_type', `${key} must be a non-empty string`);
    if (v.length > max) this.add(join(path, key), 'invalid_value', `${key} is longer than ${max} characters`);
  }
  bool(o: Obj, key: string, path: string): void {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') this.add(join(path, key), 'invalid_type', `${key} must be true or false`);
  }
}

export function validateRule(input: unknown): RuleValidation {
  const c = new Collector();
  if (!isObj(input)) return { ok: false, errors: [{ path: '', code: 'invalid_type', message: 'a rule must be a JSON object' }] };
  c.keys(input, '', ['id', 'name', 'description', 'enabled', 'order', 'conditions', 'actions', 'stopProcessing']);
  c.text(input, 'id', '', false, 128);
  c.text(input, 'name', '');
  c.text(input, 'description', '', true, 2000);
  c.bool(input, 'enabled', '');
  c.bool(input, 'stopProcessing', '');
  if (input.order === undefined) c.add('order', 'required', 'order is required');
  else if (typeof input.order !== 'number' || !Number.isFinite(input.order)) c.add('order', 'invalid_type', 'order must be a number');
  if (input.conditions === undefined) c.add('conditions', 'required', 'conditions are required (use {"all": []} to match everything)');
  else {
    const counter = { n: 0 };
    checkGroup(input.conditions, 'conditions', 1, c, counter, true);
    if (counter.n > MAX_CONDITIONS) c.add('conditions', 'too_many', `at most ${MAX_CONDITIONS} conditions per rule (found ${counter.n})`);
  }
  checkActions(input.actions, c);
  if (c.errors.length) return { ok: false, errors: c.errors };
  const rule: Rule = {
    id: input.id as string,
    name: input.name as string,
    enabled: (input.enabled as boolean | undefined) ?? true,
    order: input.order as number,
    conditions: input.conditions as ConditionGroup,
    actions: input.actions as Action[],
    stopProcessing: (input.stopProcessing as boolean | undefined) ?? false,
  };
  return { ok: true, rule };
}

/** Validates each rule (paths prefixed with `[i].`) and that ids are unique. */
export function validateRules(input: unknown): { ok: true; rules: Rule[] } | { ok: false; errors: RuleError[] } {
  if (!Array.isArray(input)) return { ok: false, errors: [{ path: '', code: 'invalid_type', message: 'rules must be a list' }] };
  const errors: RuleError[] = [];
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  input.forEach((r, i) => {
    const v = validateRule(r);
    if (!v.ok) errors.push(...v.errors.map((e) => ({ ...e, path: e.path ? `[${i}].${e.path}` : `[${i}]` })));
    else {
      const first = seen.get(v.rule.id);
      if (first !== undefined) errors.push({ path: `[${i}].id`, code: 'duplicate_id', message: `id "${v.rule.id}" is already used by rule [${first}]` });
      else seen.set(v.rule.id, i);
      rules.push(v.rule);
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}

function checkGroup(node: unknown, path: string, depth: number, c: Collector, counter: { n: number }, root = false): void {
  if (!isObj(node)) return c.add(path, 'invalid_type', 'expected a group: {"all": [...]}, {"any": [...]} or {"none": [...]}');
  const keys = Object.keys(node).filter((k) => (GROUP_KEYS as readonly string[]).includes(k));
  if (keys.length !== 1 || Object.keys(node).length !== 1) {
    return c.add(path, 'invalid_type', `a group has exactly one of the keys all, any, none (found ${Object.keys(node).join(', ') || 'none'})`);
  }
  const key = keys[0]!;
  const list = node[key];
  const p = join(path, key);
  if (!Array.isArray(list)) return c.add(p, 'invalid_type', `${key} must be a list of conditions`);
  if (list.length === 0 && (key !== 'all' || !root)) c.add(p, 'empty', `"${key}" needs at least one condition`);
  if (depth > MAX_DEPTH) return c.add(path, 'too_deep', `groups nest at most ${MAX_DEPTH} levels deep`);
  list.forEach((child, i) => {
    const cp = join(p, i);
    if (isObj(child) && GROUP_KEYS.some((g) => g in child)) checkGroup(child, cp, depth + 1, c, counter);
    else {
      counter.n++;
      checkCondition(child, cp, c);
    }
  });
}

function checkCondition(node: unknown, path: string, c: Collector): void {
  if (!isObj(node)) return c.add(path, 'invalid_type', 'expected a condition {"field", "op", "value"} or a group');
  c.keys(node, path, ['field', 'op', 'value', 'match']);
  if (!isText(node.field)) return c.add(join(path, 'field'), 'required', 'field is required');
  const spec = fieldSpec(node.field);
  if (!spec) return c.add(join(path, 'field'), 'unknown_field', `unknown field "${node.field}" (known: ${FIELD_NAMES.join(', ')})`);
  if (!isText(node.op)) return c.add(join(path, 'op'), 'required', 'op is required');
  if (!spec.ops.includes(node.op as never)) return c.add(join(path, 'op'), 'unsupported_operator', `"${node.field}" does not support "${node.op}" (use ${spec.ops.join(', ')})`);
  if (node.match !== undefined) {
    if (spec.type !== 'text') c.add(join(path, 'match'), 'unknown_key', 'match applies only to the text field');
    else if (node.match !== 'token' && node.match !== 'substring') c.add(join(path, 'match'), 'invalid_value', 'match is "token" or "substring"');
  }
  const problem = valueProblem(spec, node.op, node.value);
  if (problem) c.add(join(path, 'value'), node.value === undefined ? 'required' : 'invalid_value', problem);
}

/** What is wrong with a condition's value, or undefined. */
function valueProblem(spec: FieldSpec, op: string, v: unknown): string | undefined {
  if (op === 'exists') return v === undefined || typeof v === 'boolean' ? undefined : 'exists takes true, false or no value';
  if (v === undefined) return 'value is required';
  const members = spec.values;
  const member = (x: unknown): boolean => typeof x === 'string' && (!members || members.includes(x));
  const memberMsg = members ? ` (one of ${members.join(', ')})` : '';
  const list = (ok: (x: unknown) => boolean, what: string): string | undefined => {
    if (!Array.isArray(v) || v.length === 0) return `expected a non-empty list of ${what}`;
    const bad = v.findIndex((x) => !ok(x));
    return bad >= 0 ? `item ${bad} (${show(v[bad])}) is not ${what}` : undefined;
  };
  switch (spec.type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : `expected a number, got ${show(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected true or false, got ${show(v)}`;
    case 'clock':
      return parseClock(v) !== undefined ? undefined : `expected a time HH:MM (00:00–24:00), got ${show(v)}`;
    case 'text':
      return Array.isArray(v) ? list(isText, 'keywords (non-empty strings)') : isText(v) ? undefined : 'expected a keyword or a list of keywords';
    case 'set':
      return Array.isArray(v) ? list(member, `a known value${memberMsg}`) : member(v) ? undefined : `${show(v)} is not a known value${memberMsg}`;
    default:
      if (op === 'in' || op === 'not_in') return list(spec.type === 'enum' ? member : isText, spec.type === 'enum' ? `a known value${memberMsg}` : 'non-empty strings');
      if (spec.type === 'enum') return member(v) ? undefined : `${show(v)} is not a known value${memberMsg}`;
      return isText(v) ? undefined : `expected a non-empty string, got ${show(v)}`;
  }
}

const ACTION_KEYS: Record<Action['type'], readonly string[]> = {
  set_team: ['teamId'],
  set_priority: ['priority'],
  add_tags: ['tags'],
  assign_agent: ['agentId'],
  assign_strategy: ['strategy', 'teamId'],
  auto_acknowledge: ['templateId'],
  escalate: ['teamId', 'manager', 'reason'],
  set_sla_policy: ['policyId'],
};
/** Actions that set the same single-valued field conflict within one rule. */
const SLOT: Partial<Record<Action['type'], string>> = {
  set_team: 'team',
  set_priority: 'priority',
  assign_agent: 'assignment',
  assign_strategy: 'assignment',
  auto_acknowledge: 'auto-acknowledgement',
  set_sla_policy: 'SLA policy',
};

function checkActions(actions: unknown, c: Collector): void {
  if (actions === undefined) return c.add('actions', 'required', 'actions are required');
  if (!Array.isArray(actions)) return c.add('actions', 'invalid_type', 'actions must be a list');
  if (actions.length === 0) return c.add('actions', 'empty', 'a rule needs at least one action');
  if (actions.length > MAX_ACTIONS) c.add('actions', 'too_many', `at most ${MAX_ACTIONS} actions per rule`);
  const slots = new Map<string, number>();
  actions.forEach((a: unknown, i) => {
    const path = `actions[${i}]`;
    if (!isObj(a)) return c.add(path, 'invalid_type', 'an action must be an object with a type');
    if (typeof a.type !== 'string' || !Object.hasOwn(ACTION_KEYS, a.type)) {
      return c.add(join(path, 'type'), a.type === undefined ? 'required' : 'unknown_action', `unknown action type ${show(a.type)} (known: ${Object.keys(ACTION_KEYS).join(', ')})`);
    }
    const type = a.type as Action['type'];
    c.keys(a, path, ['type', ...ACTION_KEYS[type]]);
    const slot = SLOT[type];
    if (slot) {
      const first = slots.get(slot);
      if (first !== undefined) c.add(path, 'conflict', `sets the ${slot} again (already set by actions[${first}])`);
      else slots.set(slot, i);
    }
    switch (type) {
      case 'set_team':
        return c.text(a, 'teamId', path, false, 128);
      case 'assign_agent':
        return c.text(a, 'agentId', path, false, 128);
      case 'auto_acknowledge':
        return c.text(a, 'templateId', path, false, 128);
      case 'set_sla_policy':
        return c.text(a, 'policyId', path, false, 128);
      case 'set_priority':
        if (!(PRIORITIES as readonly unknown[]).includes(a.priority)) c.add(join(path, 'priority'), a.priority === undefined ? 'required' : 'invalid_value', `priority must be one of ${PRIORITIES.join(', ')}`);
        return;
      case 'add_tags': {
        const tags = a.tags;
        if (!Array.isArray(tags) || tags.length === 0) return c.add(join(path, 'tags'), tags === undefined ? 'required' : 'invalid_type', 'tags must be a non-empty list');
        tags.forEach((t, k) => {
          if (!isText(t) || t.length > 50) c.add(`${path}.tags[${k}]`, 'invalid_value', 'a tag is a non-empty string of at most 50 characters');
        });
        return;
      }
      case 'assign_strategy':
        if (a.strategy !== 'round_robin' && a.strategy !== 'least_loaded') c.add(join(path, 'strategy'), a.strategy === undefined ? 'required' : 'invalid_value', 'strategy is "round_robin" or "least_loaded"');
        return c.text(a, 'teamId', path, true, 128);
      case 'escalate':
        c.text(a, 'teamId', path, true, 128);
        c.bool(a, 'manager', path);
        c.text(a, 'reason', path, true, 500);
        if (a.teamId === undefined && a.manager !== true) c.add(path, 'required', 'escalate needs a teamId or manager: true');
        return;
    }
  });
}
