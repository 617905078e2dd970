import { describe, expect, it } from 'vitest';
import { MAX_CONDITIONS, validateRule, validateRules } from './rule-validation.js';

const good = {
  id: 'vip-complaints',
  name: 'VIP 민원',
  enabled: true,
  order: 10,
  conditions: {
    all: [
      { field: 'author.vip', op: 'equals', value: true },
      {
        any: [
          { field: 'intents', op: 'contains', value: ['complaint', 'churn'] },
          { field: 'text', op: 'contains', value: ['해지', '환불'], match: 'token' },
        ],
      },
      { none: [{ field: 'abuse', op: 'in', value: ['hate'] }] },
    ],
  },
  actions: [
    { type: 'set_team', teamId: 'vip' },
    { type: 'set_priority', priority: 'high' },
    { type: 'add_tags', tags: ['vip', '민원'] },
    { type: 'assign_strategy', strategy: 'round_robin' },
    { type: 'auto_acknowledge', templateId: 'ack-vip' },
    { type: 'escalate', manager: true, reason: 'VIP' },
    { type: 'set_sla_policy', policyId: 'vip' },
  ],
  stopProcessing: true,
};

const errorsOf = (input: unknown) => {
  const r = validateRule(input);
  return r.ok ? [] : r.errors;
};
const paths = (input: unknown): string[] => errorsOf(input).map((e) => `${e.path} ${e.code}`);

describe('validateRule', () => {
  it('accepts a full rule and normalises the optional flags', () => {
    expect(validateRule(good)).toEqual({ ok: true, rule: good });
    const r = validateRule({ id: 'a', name: 'A', order: 1, conditions: { all: [] }, actions: [{ type: 'set_team', teamId: 't' }] });
    expect(r.ok && [r.rule.enabled, r.rule.stopProcessing]).toEqual([true, false]);
  });

  it('accepts JSON round-trips (rules are stored as JSON)', () => {
    expect(validateRule(JSON.parse(JSON.stringify(good))).ok).toBe(true);
  });

  it('reports missing and mistyped top-level fields', () => {
    expect(paths({})).toEqual(['id required', 'name required', 'order required', 'conditions required', 'actions required']);
    expect(paths({ ...good, id: ' ', enabled: 'yes', order: '1', stopProcessing: 1, colour: 'red' })).toEqual(['colour unknown_key', 'id invalid_type', 'enabled invalid_type', 'stopProcessing invalid_type', 'order invalid_type']);
    expect(errorsOf([])).toEqual([{ path: '', code: 'invalid_type', message: 'a rule must be a JSON object' }]);
  });

  it('points at the condition field path with a useful message', () => {
    const bad = {
      ...good,
      conditions: {
        all: [
          { field: 'author.vip', op: 'equals', value: 'yes' },
          {
            any: [
              { field: 'intents', op: 'contains', value: ['complaint', 'angry'] },
              { field: 'followers', op: 'gte', value: 3 },
            ],
          },
          { field: 'sentiment.score', op: 'contains', value: 1 },
        ],
      },
    };
    const errors = errorsOf(bad);
    expect(errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'conditions.all[0].value invalid_value',
      'conditions.all[1].any[0].value invalid_value',
      'conditions.all[1].any[1].field unknown_field',
      'conditions.all[2].op unsupported_operator',
    ]);
    expect(errors[0]!.message).toBe('expected true or false, got "yes"');
    expect(errors[1]!.message).toBe('item 1 ("angry") is not a known value (one of complaint, inquiry, praise, purchase, churn, fraud)');
    expect(errors[2]!.message).toMatch(/unknown field "followers" \(known: channel, .*author\.followers/);
    expect(errors[3]!.message).toBe('"sentiment.score" does not support "contains" (use equals, gte, lte, exists)');
  });

  it('checks values per type and operator', () => {
    const cond = (c: object) => paths({ ...good, conditions: { all: [c] } });
    expect(cond({ field: 'channel', op: 'in', value: 'x' })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'channel', op: 'in', value: [] })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'channel', op: 'equals' })).toEqual(['conditions.all[0].value required']);
    expect(cond({ field: 'kind', op: 'equals', value: 'tweet' })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'author.followers', op: 'gte', value: '1000' })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'author.followers', op: 'gte', value: Number.NaN })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'time.local', op: 'gte', value: '25:00' })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'text', op: 'contains', value: ['환불', ''] })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'text', op: 'contains', value: '환불', match: 'regex' })).toEqual(['conditions.all[0].match invalid_value']);
    expect(cond({ field: 'channel', op: 'equals', value: 'x', match: 'token' })).toEqual(['conditions.all[0].match unknown_key']);
    expect(cond({ field: 'channel', op: 'exists', value: 'yes' })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'channel', op: 'equals', value: 'x', vlaue: 'y' })).toEqual(['conditions.all[0].vlaue unknown_key']);
    expect(cond({ field: 'pii_types', op: 'contains', value: 'ssn' })).toEqual(['conditions.all[0].value invalid_value']);
    expect(cond({ field: 'time.weekday', op: 'in', value: ['sat', 'sun'] })).toEqual([]);
    expect(cond({ field: 'author.influence', op: 'exists' })).toEqual([]);
  });

  it('checks group shape, emptiness and depth', () => {
    expect(paths({ ...good, conditions: { all: [], any: [] } })).toEqual(['conditions invalid_type']);
    expect(paths({ ...good, conditions: { any: [] } })).toEqual(['conditions.any empty']);
    expect(paths({ ...good, conditions: { all: [{ none: [] }] } })).toEqual(['conditions.all[0].none empty']);
    expect(paths({ ...good, conditions: [] })).toEqual(['conditions invalid_type']);
    expect(paths({ ...good, conditions: { all: 'x' } })).toEqual(['conditions.all invalid_type']);
    const leaf = { field: 'channel', op: 'equals', value: 'x' };
    const nest = (n: number): object => (n === 0 ? leaf : { all: [nest(n - 1)] });
    expect(paths({ ...good, conditions: nest(5) })).toEqual([]);
    expect(paths({ ...good, conditions: nest(6) })).toEqual(['conditions.all[0].all[0].all[0].all[0].all[0] too_deep']);
    const many = { all: Array.from({ length: MAX_CONDITIONS + 1 }, () => leaf) };
    expect(paths({ ...good, conditions: many })).toEqual(['conditions too_many']);
  });

  it('checks actions', () => {
    const acts = (actions: unknown) => paths({ ...good, actions });
    expect(acts([])).toEqual(['actions empty']);
    expect(acts('set_team')).toEqual(['actions invalid_type']);
    expect(acts([{ type: 'delete_everything' }])).toEqual(['actions[0].type unknown_action']);
    expect(acts([{ teamId: 'x' }])).toEqual(['actions[0].type required']);
    expect(acts([{ type: 'set_priority', priority: 'p1' }])).toEqual(['actions[0].priority invalid_value']);
    expect(acts([{ type: 'set_team' }])).toEqual(['actions[0].teamId required']);
    expect(acts([{ type: 'add_tags', tags: ['ok', '', 'x'.repeat(51)] }])).toEqual(['actions[0].tags[1] invalid_value', 'actions[0].tags[2] invalid_value']);
    expect(acts([{ type: 'assign_strategy', strategy: 'random' }])).toEqual(['actions[0].strategy invalid_value']);
    expect(acts([{ type: 'escalate' }])).toEqual(['actions[0] required']);
    expect(acts([{ type: 'escalate', manager: false }])).toEqual(['actions[0] required']);
    expect(acts([{ type: 'set_team', teamId: 'a', extra: 1 }])).toEqual(['actions[0].extra unknown_key']);
  });

  it('rejects two actions setting the same thing in one rule', () => {
    const errors = errorsOf({
      ...good,
      actions: [
        { type: 'assign_agent', agentId: 'kim' },
        { type: 'assign_strategy', strategy: 'least_loaded' },
      ],
    });
    expect(errors).toEqual([{ path: 'actions[1]', code: 'conflict', message: 'sets the assignment again (already set by actions[0])' }]);
  });
});

describe('validateRules', () => {
  it('prefixes paths with the rule index and finds duplicate ids', () => {
    const r = validateRules([good, { ...good, name: '' }, good]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => `${e.path} ${e.code}`)).toEqual(['[1].name invalid_type', '[2].id duplicate_id']);
    expect(validateRules([good, { ...good, id: 'other' }]).ok).toBe(true);
    expect(validateRules({}).ok).toBe(false);
  });
});
