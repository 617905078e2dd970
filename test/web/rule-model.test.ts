/**
 * The rule builder's pure model (web/src/pages/inbox/settings/ruleModel.ts): its catalogue of fields
 * is the server's, JSON → builder → JSON gives back the same rule (and the server's validation accepts
 * what the builder writes), and rules it cannot show are refused with the place of each reason.
 */
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/modules/inbox/domain/rule-fields.js';
import { validateRule } from '../../src/modules/inbox/domain/rule-validation.js';
import {
  ACTION_TYPES,
  addChip,
  provideChannelTypes,
  editorFor,
  FIELD_DEFS,
  fromJson,
  newAction,
  newCondition,
  problemIsIn,
  removeChip,
  rowPaths,
  toJson,
  withField,
  withOp,
  type Builder,
} from '../../web/src/pages/inbox/settings/ruleModel.js';

const serverAccepts = (json: { conditions: unknown; actions: unknown }) => validateRule({ id: 'r1', name: 'n', order: 0, ...json });
const roundTrip = (json: unknown) => {
  const r = fromJson(json);
  if (!r.ok) throw new Error(`not representable: ${JSON.stringify(r.reasons)}`);
  return toJson(r.builder);
};

describe('rule builder model', () => {
  it('knows exactly the fields, operators and values the server validates', () => {
    expect(Object.keys(FIELD_DEFS).sort()).toEqual(Object.keys(FIELDS).sort());
    for (const [name, spec] of Object.entries(FIELDS)) {
      const def = FIELD_DEFS[name]!;
      expect({ name, type: def.type, ops: [...def.ops], values: def.values ? [...def.values] : undefined }).toEqual({
        name,
        type: spec.type,
        ops: [...spec.ops],
        values: 'values' in spec ? [...spec.values] : undefined,
      });
    }
    // Every action the server knows can be built.
    const actions = ACTION_TYPES.map((t) => newAction(t, { teamId: 't1', agentId: 'u1', templateId: 'c1', policyId: 'p1' }));
    const filled = actions.map((a) => (a.type === 'add_tags' ? { ...a, tags: ['x'] } : a));
    // One action per single-valued slot: assign_agent and assign_strategy conflict, so check them apart.
    expect(serverAccepts({ conditions: { all: [] }, actions: filled.filter((a) => a.type !== 'assign_strategy') }).ok).toBe(true);
    expect(serverAccepts({ conditions: { all: [] }, actions: filled.filter((a) => a.type === 'assign_strategy') }).ok).toBe(true);
  });

  it('gives back the same rule: groups, exists without value, keyword matching, every kind of action', () => {
    const rule = {
      conditions: {
        any: [
          { field: 'text', op: 'contains', value: ['환불', '해지'], match: 'substring' },
          { field: 'text', op: 'contains', value: '분실' },
          {
            all: [
              { field: 'channel', op: 'in', value: ['x', 'webhook'] },
              { field: 'author.followers', op: 'gte', value: 10_000 },
              { field: 'author.vip', op: 'exists' },
              { field: 'pii_types', op: 'not_in', value: ['card'] },
            ],
          },
          { none: [{ field: 'time.business_hours', op: 'equals', value: true }] },
          { field: 'time.local', op: 'gte', value: '18:00' },
          { field: 'sentiment.label', op: 'equals', value: 'negative' },
          { field: 'language', op: 'exists', value: false },
        ],
      },
      actions: [
        { type: 'set_team', teamId: 't1' },
        { type: 'set_priority', priority: 'urgent' },
        { type: 'add_tags', tags: ['분실', 'vip'] },
        { type: 'assign_strategy', strategy: 'least_loaded', teamId: 't1' },
        { type: 'auto_acknowledge', templateId: 'c1' },
        { type: 'escalate', manager: true, reason: '금융사고 의심' },
        { type: 'set_sla_policy', policyId: 'p1' },
      ],
    };
    const back = roundTrip(rule);
    expect(back).toEqual(rule);
    expect(JSON.stringify(back)).toBe(JSON.stringify(rule));
    expect(serverAccepts(back).ok).toBe(true);
    // Twice round is still the same (no drift through ids or defaults).
    expect(roundTrip(back)).toEqual(rule);
    // Keys in another order (PostgreSQL jsonb reorders them) are the same rule.
    expect(roundTrip({ actions: [{ priority: 'low', type: 'set_priority' }], conditions: { all: [{ value: ['a'], op: 'contains', field: 'text' }] } })).toEqual({
      conditions: { all: [{ field: 'text', op: 'contains', value: ['a'] }] },
      actions: [{ type: 'set_priority', priority: 'low' }],
    });
  });

  it('refuses what it cannot show, saying where', () => {
    const base = { actions: [{ type: 'set_priority', priority: 'high' }] };
    const reasons = (json: unknown) => {
      const r = fromJson(json);
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.reasons.map((x) => `${x.code}@${x.path}`);
    };
    expect(reasons({ ...base, conditions: { all: [{ any: [{ none: [{ field: 'text', op: 'contains', value: ['a'] }] }] }] } })).toEqual(['depth@conditions.all[0].any[0]']);
    expect(reasons({ ...base, conditions: { all: [{ field: 'txt', op: 'contains', value: ['a'] }] } })).toEqual(['field@conditions.all[0].field']);
    expect(reasons({ ...base, conditions: { all: [{ field: 'constructor', op: 'equals', value: 'a' }] } })).toEqual(['field@conditions.all[0].field']);
    expect(reasons({ ...base, conditions: { all: [{ field: 'intents', op: 'equals', value: 'fraud' }] } })).toEqual(['op@conditions.all[0].op']);
    expect(reasons({ ...base, conditions: { all: [{ field: 'author.followers', op: 'gte', value: '1000' }] } })).toEqual(['value@conditions.all[0].value']);
    expect(reasons({ ...base, conditions: { all: [{ field: 'channel', op: 'in', value: 'x' }] } })).toEqual(['value@conditions.all[0].value']);
    expect(reasons({ ...base, conditions: { all: [{ field: 'text', op: 'contains', value: ['a'], weight: 2 }] } })).toEqual(['keys@conditions.all[0]']);
    expect(reasons({ ...base, conditions: { all: [], any: [] } })).toEqual(['group@conditions']);
    expect(
      reasons({
        conditions: { all: [] },
        actions: [
          { type: 'notify', to: 'x' },
          { type: 'set_priority', priority: 'huge' },
        ],
      }),
    ).toEqual(['action@actions[0].type', 'action@actions[1]']);
    expect(reasons({ conditions: { all: [] }, actions: [], comment: 'x' })).toEqual(['shape@']);
    expect(reasons([1, 2])).toEqual(['shape@']);
  });

  it('picks operators and values that fit the field, and keeps what still fits', () => {
    const text = newCondition('text');
    expect(text).toMatchObject({ field: 'text', op: 'contains', value: [] });
    expect(editorFor('text', 'contains')).toBe('chips');
    const withWords = { ...text, value: addChip(addChip(text.value, ' 환불 '), '환불') };
    expect(withWords.value).toEqual(['환불']);
    expect(removeChip(withWords.value, '환불')).toEqual([]);

    // Without the server's list there is nothing to pick from: a text input; with it, a picker.
    provideChannelTypes([]);
    expect(editorFor('channel', 'equals')).toBe('text');
    provideChannelTypes(['x', 'webhook']);
    const channel = withField(withWords, 'channel');
    expect(channel).toMatchObject({ field: 'channel', op: 'contains' });
    expect(editorFor('channel', 'equals')).toBe('select');
    expect(withOp(channel, 'equals').value).toBe('x');
    expect(editorFor('intents', 'contains')).toBe('multi');
    expect(editorFor('sentiment.label', 'in')).toBe('multi');
    expect(editorFor('account_id', 'in')).toBe('chips');
    expect(editorFor('author.influence', 'gte')).toBe('number');
    expect(editorFor('author.vip', 'exists')).toBe('presence');

    // A text field's keywords do not survive as the members of an enum.
    const sentiment = withField({ ...text, value: ['환불'] }, 'sentiment.label');
    expect(sentiment).toMatchObject({ field: 'sentiment.label', op: 'equals', value: 'negative' });
    // exists takes no value: switching to it drops the value, switching back starts fresh.
    const exists = withOp(sentiment, 'exists');
    expect('value' in exists).toBe(false);
    expect(withOp(exists, 'in').value).toEqual([]);
    // A number field keeps its number from gte to lte.
    const followers = { ...withField(text, 'author.followers'), value: 500 };
    expect(withOp(followers, 'lte').value).toBe(500);

    const b: Builder = {
      mode: 'all',
      items: [
        { ...newCondition('text'), value: ['분실'] },
        { kind: 'group', id: 'g', mode: 'any', conds: [withOp(newCondition('channel'), 'equals'), newCondition('author.vip')] },
      ],
      actions: [{ id: 'a1', action: newAction('set_priority') }],
    };
    expect(serverAccepts(toJson(b)).ok).toBe(true);
  });

  it('maps the server’s problem paths to rows', () => {
    const r = fromJson({ conditions: { all: [{ field: 'text', op: 'contains', value: ['a'] }, { any: [{ field: 'kind', op: 'equals', value: 'post' }] }] }, actions: [{ type: 'add_tags', tags: ['x'] }] });
    if (!r.ok) throw new Error('representable');
    const paths = rowPaths(r.builder);
    const [first, group] = r.builder.items;
    expect(paths.get(first!.id)).toBe('conditions.all[0]');
    expect(paths.get(group!.id)).toBe('conditions.all[1]');
    expect(group?.kind === 'group' && paths.get(group.conds[0]!.id)).toBe('conditions.all[1].any[0]');
    expect(paths.get(r.builder.actions[0]!.id)).toBe('actions[0]');
    expect(problemIsIn('conditions.all[1].any[0].value', 'conditions.all[1].any[0]')).toBe(true);
    expect(problemIsIn('actions[0].tags[0]', 'actions[0]')).toBe(true);
    expect(problemIsIn('conditions.all[10].value', 'conditions.all[1]')).toBe(false);
    expect(problemIsIn('actions[1]', 'actions[0]')).toBe(false);
  });
});
