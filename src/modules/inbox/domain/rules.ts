/**
 * Routing rules: conditions over an inbound item, actions on its conversation. Rules run in a defined
 * order (by `order`, then `id`); every matching rule contributes its actions, and a matching rule with
 * `stopProcessing` ends the run. Single-valued results (team, priority, assignment, auto-acknowledge,
 * SLA policy) are last-writer-wins: a later rule overrides an earlier one and the trace says so. Tags
 * accumulate (deduplicated, in order); escalations accumulate.
 */
import { fieldSpec, simpleTokenize, type FieldName, type Operator, type RoutingContext, type RuleEnv } from './rule-fields.js';
import type { ConditionTrace, RuleAction, RuleCondition } from '../../../contracts/inbox.js';
import type { Priority } from './sla.js';

export type { RoutingContext, RuleEnv, FieldName, Operator } from './rule-fields.js';

/** A condition as the domain checks it: the wire shape (src/contracts) with field and operator typed. */
export interface Condition extends Omit<RuleCondition, 'field' | 'op'> {
  field: FieldName;
  op: Operator;
}

export type ConditionGroup = { all: readonly ConditionNode[] } | { any: readonly ConditionNode[] } | { none: readonly ConditionNode[] };
export type ConditionNode = Condition | ConditionGroup;

/** The actions a rule can take (one definition: src/contracts/inbox.ts). */
export type Action = RuleAction;

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  order: number;
  conditions: ConditionGroup;
  actions: readonly Action[];
  stopProcessing: boolean;
}

export type { ConditionTrace };

export type RuleStatus = 'matched' | 'not_matched' | 'disabled' | 'skipped';

export interface RuleTrace {
  ruleId: string;
  name: string;
  status: RuleStatus;
  conditions?: ConditionTrace;
  /** Fields this rule set that a later rule overrode. */
  overridden?: string[];
}

export type Assignment = { type: 'agent'; agentId: string } | { type: 'strategy'; strategy: 'round_robin' | 'least_loaded'; teamId?: string };
type SingleField = 'teamId' | 'priority' | 'assignment' | 'autoAcknowledgeTemplateId' | 'slaPolicyId';

export interface RoutingOutcome {
  teamId?: string;
  priority?: Priority;
  tags: string[];
  assignment?: Assignment;
  autoAcknowledgeTemplateId?: string;
  escalations: Array<{ teamId?: string; manager: boolean; reason?: string; ruleId: string }>;
  slaPolicyId?: string;
  matchedRuleIds: string[];
  /** The rule that set each single-valued field. */
  setBy: Partial<Record<SingleField, string>>;
}

export interface RoutingResult {
  outcome: RoutingOutcome;
  trace: RuleTrace[];
}

/** The evaluation order: by `order`, then by id (code-unit order, locale-independent). */
export function sortRules<T extends Pick<Rule, 'order' | 'id'>>(rules: readonly T[]): T[] {
  return [...rules].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function evaluateRules(rules: readonly Rule[], ctx: RoutingContext, env: RuleEnv = {}): RoutingResult {
  const outcome: RoutingOutcome = { tags: [], escalations: [], matchedRuleIds: [], setBy: {} };
  const trace: RuleTrace[] = [];
  const traceOf = new Map<string, RuleTrace>();
  let stopped = false;
  const memo = new Map<string, string[]>();
  const tokenize = (s: string): string[] => {
    let t = memo.get(s);
    if (!t) memo.set(s, (t = (env.tokenizer ?? simpleTokenize)(s).map((x) => x.normalize('NFC').toLowerCase())));
    return t;
  };
  const set = <K extends SingleField>(field: K, value: RoutingOutcome[K], rule: Rule): void => {
    const previous = outcome.setBy[field];
    if (previous !== undefined && previous !== rule.id) (traceOf.get(previous)!.overridden ??= []).push(field);
    outcome[field] = value;
    outcome.setBy[field] = rule.id;
  };

  for (const rule of sortRules(rules)) {
    const base = { ruleId: rule.id, name: rule.name };
    if (!rule.enabled) {
      trace.push({ ...base, status: 'disabled' });
      continue;
    }
    if (stopped) {
      trace.push({ ...base, status: 'skipped' });
      continue;
    }
    const conditions = evalNode(rule.conditions, 'conditions', ctx, env, tokenize);
    const t: RuleTrace = { ...base, status: conditions.result ? 'matched' : 'not_matched', conditions };
    trace.push(t);
    traceOf.set(rule.id, t);
    if (!conditions.result) continue;
    outcome.matchedRuleIds.push(rule.id);
    for (const a of rule.actions) {
      switch (a.type) {
        case 'set_team':
          set('teamId', a.teamId, rule);
          break;
        case 'set_priority':
          set('priority', a.priority, rule);
          break;
        case 'add_tags':
          for (const tag of a.tags) if (!outcome.tags.includes(tag)) outcome.tags.push(tag);
          break;
        case 'assign_agent':
          set('assignment', { type: 'agent', agentId: a.agentId }, rule);
          break;
        case 'assign_strategy':
          set('assignment', { type: 'strategy', strategy: a.strategy, ...(a.teamId ? { teamId: a.teamId } : {}) }, rule);
          break;
        case 'auto_acknowledge':
          set('autoAcknowledgeTemplateId', a.templateId, rule);
          break;
        case 'escalate':
          if (a.teamId) set('teamId', a.teamId, rule);
          outcome.escalations.push({ ...(a.teamId ? { teamId: a.teamId } : {}), manager: a.manager === true, ...(a.reason ? { reason: a.reason } : {}), ruleId: rule.id });
          break;
        case 'set_sla_policy':
          set('slaPolicyId', a.policyId, rule);
          break;
      }
    }
    if (rule.stopProcessing) stopped = true;
  }
  return { outcome, trace };
}

function isGroup(n: ConditionNode): n is ConditionGroup {
  return 'all' in n || 'any' in n || 'none' in n;
}

function evalNode(node: ConditionNode, path: string, ctx: RoutingContext, env: RuleEnv, tokenize: (s: string) => string[]): ConditionTrace {
  if (!isGroup(node)) return evalCondition(node, path, ctx, env, tokenize);
  const group = 'all' in node ? 'all' : 'any' in node ? 'any' : 'none';
  const list = (node as Record<typeof group, readonly ConditionNode[]>)[group];
  // No short-circuit: the trace explains every condition.
  const children = list.map((c, i) => evalNode(c, `${path}.${group}[${i}]`, ctx, env, tokenize));
  const result = group === 'all' ? children.every((c) => c.result) : group === 'any' ? children.some((c) => c.result) : !children.some((c) => c.result);
  return { path, group, result, children };
}

const norm = (v: unknown): unknown => (typeof v === 'string' ? v.normalize('NFC').toLowerCase() : v);

/** Language values compare case-insensitively; a value without region ('ko') also matches 'ko-KR'. */
function sameString(field: string, actual: unknown, expected: unknown): boolean {
  const a = norm(actual);
  const e = norm(expected);
  if (a === e) return true;
  return field === 'language' && typeof a === 'string' && typeof e === 'string' && !e.includes('-') && a.split('-')[0] === e;
}

function evalCondition(c: Condition, path: string, ctx: RoutingContext, env: RuleEnv, tokenize: (s: string) => string[]): ConditionTrace {
  const spec = fieldSpec(c.field);
  const out = (result: boolean, actual: unknown, note?: string): ConditionTrace => ({
    path,
    field: c.field,
    op: c.op,
    ...(c.value !== undefined ? { expected: c.value } : {}),
    actual,
    result,
    ...(note ? { note } : {}),
  });
  if (!spec) return out(false, undefined, `unknown field ${c.field}`);
  const actual = spec.get(ctx, env);
  const present = actual !== undefined && actual !== null && !(Array.isArray(actual) && actual.length === 0) && actual !== '';
  if (c.op === 'exists') return out(present === (c.value ?? true), actual);
  if (!present) return out(false, actual, c.field === 'time.business_hours' ? 'no business-hours schedule given' : 'value absent');
  const values = Array.isArray(c.value) ? (c.value as readonly unknown[]) : [c.value];

  switch (spec.type) {
    case 'number': {
      const n = actual as number;
      const v = c.value as number;
      return out(c.op === 'gte' ? n >= v : c.op === 'lte' ? n <= v : n === v, n);
    }
    case 'clock': {
      const v = String(c.value);
      return out(c.op === 'gte' ? actual! >= v : actual! <= v, actual);
    }
    case 'boolean':
      return out(actual === c.value, actual);
    case 'set': {
      const have = (actual as readonly string[]).map(norm);
      const hit = values.filter((v) => have.includes(norm(v)));
      return out(c.op === 'contains' ? hit.length > 0 : hit.length === 0, actual, hit.length ? `has ${hit.join(', ')}` : undefined);
    }
    case 'text': {
      const text = actual as string;
      const found = values.map(String).filter((k) => (c.match === 'substring' ? (norm(text) as string).includes(norm(k) as string) : containsTokens(tokenize(text), tokenize(k))));
      return out(found.length > 0, found, found.length ? undefined : 'no keyword found');
    }
    default: {
      if (c.op === 'contains') return out(typeof c.value === 'string' && (norm(actual) as string).includes(norm(c.value) as string), actual);
      const hit = values.some((v) => sameString(c.field, actual, v));
      return out(c.op === 'not_in' ? !hit : hit, actual);
    }
  }
}

/** Does `needle` (a keyword's tokens) occur as a contiguous run in `hay`? */
function containsTokens(hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
