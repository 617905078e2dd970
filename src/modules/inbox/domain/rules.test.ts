import { describe, expect, it } from 'vitest';
import { defaultTokenizer } from '../../../nlp/index.js';
import { ABUSE_LABELS, INTENT_LABELS, SENTIMENT_LABELS } from '../../../nlp/index.js';
import { officeHours } from './business-time.js';
import { KOREAN_HOLIDAYS } from './holidays.js';
import { ABUSE, INTENTS, SENTIMENTS, type RoutingContext } from './rule-fields.js';
import { evaluateRules, sortRules, type Condition, type ConditionGroup, type Rule } from './rules.js';

const korean = { tokenizer: (t: string) => defaultTokenizer.terms(t) };

const ctx: RoutingContext = {
  channel: 'x',
  accountId: 'acc-1',
  kind: 'reply',
  isPrivate: false,
  language: 'ko-KR',
  text: '카드 분실 신고했는데 환불을 요청합니다. 010-1234-5678',
  sentiment: { label: 'negative', score: -0.72 },
  intents: ['complaint', 'fraud'],
  abuse: 'none',
  piiTypes: ['phone'],
  author: { followers: 15_000, influence: 82, vip: true, customer: true },
  receivedAt: new Date('2025-02-07T09:30:00Z'), // Friday 18:30 in Seoul
};

let seq = 0;
const rule = (conditions: ConditionGroup, over: Partial<Rule> = {}): Rule => ({
  id: over.id ?? `r${++seq}`,
  name: over.name ?? 'rule',
  enabled: true,
  order: 10,
  conditions,
  actions: [{ type: 'add_tags', tags: ['hit'] }],
  stopProcessing: false,
  ...over,
});
const matches = (c: Condition, context: RoutingContext = ctx, env = korean): boolean => evaluateRules([rule({ all: [c] })], context, env).trace[0]!.status === 'matched';

describe('label lists', () => {
  it('match the NLP engine', () => {
    expect([...INTENTS]).toEqual([...INTENT_LABELS]);
    expect([...SENTIMENTS]).toEqual([...SENTIMENT_LABELS]);
    expect([...ABUSE]).toEqual([...ABUSE_LABELS]);
  });
});

describe('conditions', () => {
  it('channel, account and kind: equals, in, not_in, contains', () => {
    expect(matches({ field: 'channel', op: 'equals', value: 'X' })).toBe(true); // case-insensitive
    expect(matches({ field: 'channel', op: 'in', value: ['meta', 'x'] })).toBe(true);
    expect(matches({ field: 'channel', op: 'not_in', value: ['meta', 'x'] })).toBe(false);
    expect(matches({ field: 'account_id', op: 'contains', value: 'acc' })).toBe(true);
    expect(matches({ field: 'kind', op: 'in', value: ['comment', 'reply'] })).toBe(true);
    expect(matches({ field: 'is_private', op: 'equals', value: false })).toBe(true);
  });

  it('language: a bare code matches regional variants, not the reverse', () => {
    expect(matches({ field: 'language', op: 'equals', value: 'ko' })).toBe(true);
    expect(matches({ field: 'language', op: 'in', value: ['en', 'ko'] })).toBe(true);
    expect(matches({ field: 'language', op: 'equals', value: 'ko-kr' })).toBe(true);
    expect(matches({ field: 'language', op: 'equals', value: 'ko' }, { ...ctx, language: 'kok' })).toBe(false);
    expect(matches({ field: 'language', op: 'equals', value: 'ko-KR' }, { ...ctx, language: 'ko' })).toBe(false);
  });

  it('sentiment label and score thresholds', () => {
    expect(matches({ field: 'sentiment.label', op: 'equals', value: 'negative' })).toBe(true);
    expect(matches({ field: 'sentiment.score', op: 'lte', value: -0.5 })).toBe(true);
    expect(matches({ field: 'sentiment.score', op: 'gte', value: -0.5 })).toBe(false);
    expect(matches({ field: 'sentiment.score', op: 'lte', value: -0.72 })).toBe(true); // inclusive
  });

  it('intents and PII types: contains any, not_in none, exists', () => {
    expect(matches({ field: 'intents', op: 'contains', value: 'fraud' })).toBe(true);
    expect(matches({ field: 'intents', op: 'contains', value: ['churn', 'complaint'] })).toBe(true);
    expect(matches({ field: 'intents', op: 'not_in', value: ['churn', 'praise'] })).toBe(true);
    expect(matches({ field: 'intents', op: 'not_in', value: ['fraud'] })).toBe(false);
    expect(matches({ field: 'intents', op: 'exists' }, { ...ctx, intents: [] })).toBe(false);
    expect(matches({ field: 'pii_types', op: 'contains', value: ['rrn', 'phone'] })).toBe(true);
    expect(matches({ field: 'pii_types', op: 'exists', value: false }, { ...ctx, piiTypes: [] })).toBe(true);
  });

  it('keywords: Korean-aware tokens through the injected tokenizer, or plain substrings', () => {
    expect(matches({ field: 'text', op: 'contains', value: '환불' })).toBe(true); // 환불을 → 환불
    expect(matches({ field: 'text', op: 'contains', value: ['해지', '카드 분실'] })).toBe(true); // a phrase: consecutive tokens
    expect(matches({ field: 'text', op: 'contains', value: '불' })).toBe(false); // not a token
    expect(matches({ field: 'text', op: 'contains', value: '불', match: 'substring' })).toBe(true);
    expect(matches({ field: 'text', op: 'contains', value: '분실 카드' })).toBe(false);
    // Without a Korean tokenizer "환불을" is one token: the default does not strip particles.
    expect(matches({ field: 'text', op: 'contains', value: '환불' }, ctx, {} as typeof korean)).toBe(false);
    expect(matches({ field: 'text', op: 'contains', value: 'REFUND' }, { ...ctx, text: 'Refund please' }, {} as typeof korean)).toBe(true);
  });

  it('keywords also search the title', () => {
    expect(matches({ field: 'text', op: 'contains', value: '민원' }, { ...ctx, title: '민원 접수' })).toBe(true);
  });

  it('abuse label', () => {
    expect(matches({ field: 'abuse', op: 'in', value: ['offensive', 'hate'] })).toBe(false);
    expect(matches({ field: 'abuse', op: 'in', value: ['offensive', 'hate'] }, { ...ctx, abuse: 'hate' })).toBe(true);
  });

  it('author followers, influence, VIP and customer flags; absent values never compare', () => {
    expect(matches({ field: 'author.followers', op: 'gte', value: 10_000 })).toBe(true);
    expect(matches({ field: 'author.followers', op: 'lte', value: 10_000 })).toBe(false);
    expect(matches({ field: 'author.influence', op: 'gte', value: 80 })).toBe(true);
    expect(matches({ field: 'author.vip', op: 'equals', value: true })).toBe(true);
    expect(matches({ field: 'author.customer', op: 'equals', value: false })).toBe(false);
    const anon = { ...ctx, author: {} };
    expect(matches({ field: 'author.followers', op: 'lte', value: 100 }, anon)).toBe(false);
    expect(matches({ field: 'author.followers', op: 'exists', value: false }, anon)).toBe(true);
    expect(matches({ field: 'author.vip', op: 'equals', value: false }, anon)).toBe(false);
  });

  it('time of day and weekday in Seoul, and business hours from the schedule', () => {
    expect(matches({ field: 'time.local', op: 'gte', value: '18:00' })).toBe(true); // 09:30Z = 18:30 KST
    expect(matches({ field: 'time.local', op: 'lte', value: '09:00' })).toBe(false);
    expect(matches({ field: 'time.weekday', op: 'equals', value: 'fri' })).toBe(true);
    const env = { ...korean, schedule: officeHours({ holidays: KOREAN_HOLIDAYS }) };
    expect(matches({ field: 'time.business_hours', op: 'equals', value: false }, ctx, env)).toBe(true);
    expect(matches({ field: 'time.business_hours', op: 'equals', value: true }, { ...ctx, receivedAt: new Date('2025-02-07T01:00:00Z') }, env)).toBe(true);
    const noSchedule = evaluateRules([rule({ all: [{ field: 'time.business_hours', op: 'equals', value: false }] })], ctx).trace[0]!;
    expect(noSchedule.conditions!.children![0]).toMatchObject({ result: false, note: 'no business-hours schedule given' });
  });
});

describe('groups', () => {
  it('nest all / any / none', () => {
    const g: ConditionGroup = {
      all: [
        { field: 'channel', op: 'equals', value: 'x' },
        {
          any: [
            { field: 'author.vip', op: 'equals', value: true },
            { field: 'author.followers', op: 'gte', value: 1_000_000 },
          ],
        },
        {
          none: [
            { field: 'abuse', op: 'in', value: ['hate'] },
            { field: 'is_private', op: 'equals', value: true },
          ],
        },
      ],
    };
    expect(evaluateRules([rule(g)], ctx).outcome.matchedRuleIds).toHaveLength(1);
    expect(evaluateRules([rule(g)], { ...ctx, abuse: 'hate' }).outcome.matchedRuleIds).toHaveLength(0);
    expect(evaluateRules([rule(g)], { ...ctx, author: { followers: 10 } }).outcome.matchedRuleIds).toHaveLength(0);
  });

  it('an empty "all" matches everything (catch-all rule)', () => {
    expect(evaluateRules([rule({ all: [] })], ctx).trace[0]!.status).toBe('matched');
  });

  it('traces every condition with its path, expected and actual values (no short-circuit)', () => {
    const r = rule({ any: [{ field: 'channel', op: 'equals', value: 'x' }, { all: [{ field: 'text', op: 'contains', value: ['환불', '해지'] }] }] });
    const t = evaluateRules([r], ctx, korean).trace[0]!.conditions!;
    expect(t).toMatchObject({ path: 'conditions', group: 'any', result: true });
    expect(t.children![0]).toMatchObject({ path: 'conditions.any[0]', field: 'channel', op: 'equals', expected: 'x', actual: 'x', result: true });
    expect(t.children![1]!.children![0]).toMatchObject({ path: 'conditions.any[1].all[0]', actual: ['환불'], result: true });
  });
});

describe('evaluation order and merged outcome', () => {
  const all = { all: [] };
  it('sorts by order, then id', () => {
    const rules = [rule(all, { id: 'b', order: 1 }), rule(all, { id: 'a', order: 2 }), rule(all, { id: 'a2', order: 1 })];
    expect(sortRules(rules).map((r) => r.id)).toEqual(['a2', 'b', 'a']);
    expect(evaluateRules(rules, ctx).outcome.matchedRuleIds).toEqual(['a2', 'b', 'a']);
  });

  it('last writer wins for single values, and the trace names what was overridden', () => {
    const { outcome, trace } = evaluateRules(
      [
        rule(all, {
          id: 'base',
          order: 1,
          actions: [
            { type: 'set_team', teamId: 'general' },
            { type: 'set_priority', priority: 'normal' },
            { type: 'add_tags', tags: ['a', 'b'] },
          ],
        }),
        rule(all, {
          id: 'vip',
          order: 2,
          actions: [
            { type: 'set_priority', priority: 'high' },
            { type: 'add_tags', tags: ['b', 'vip'] },
            { type: 'assign_strategy', strategy: 'least_loaded' },
          ],
        }),
        rule(all, {
          id: 'fraud',
          order: 3,
          actions: [
            { type: 'escalate', teamId: 'fraud-desk', reason: '사기 의심' },
            { type: 'escalate', manager: true },
            { type: 'set_sla_policy', policyId: 'urgent' },
            { type: 'auto_acknowledge', templateId: 'ack-fraud' },
          ],
        }),
        rule(all, { id: 'named', order: 4, actions: [{ type: 'assign_agent', agentId: 'kim' }] }),
      ],
      ctx,
    );
    expect(outcome).toEqual({
      teamId: 'fraud-desk',
      priority: 'high',
      tags: ['a', 'b', 'vip'],
      assignment: { type: 'agent', agentId: 'kim' },
      autoAcknowledgeTemplateId: 'ack-fraud',
      escalations: [
        { teamId: 'fraud-desk', manager: false, reason: '사기 의심', ruleId: 'fraud' },
        { manager: true, ruleId: 'fraud' },
      ],
      slaPolicyId: 'urgent',
      matchedRuleIds: ['base', 'vip', 'fraud', 'named'],
      setBy: { teamId: 'fraud', priority: 'vip', assignment: 'named', autoAcknowledgeTemplateId: 'fraud', slaPolicyId: 'fraud' },
    });
    expect(trace.find((t) => t.ruleId === 'base')!.overridden).toEqual(['priority', 'teamId']);
    expect(trace.find((t) => t.ruleId === 'vip')!.overridden).toEqual(['assignment']);
  });

  it('stopProcessing ends the run; disabled rules are reported and ignored', () => {
    const { outcome, trace } = evaluateRules(
      [
        rule(all, { id: 'off', order: 0, enabled: false, actions: [{ type: 'set_team', teamId: 'never' }] }),
        rule({ all: [{ field: 'channel', op: 'equals', value: 'meta' }] }, { id: 'miss', order: 1, stopProcessing: true }),
        rule(all, { id: 'stop', order: 2, stopProcessing: true, actions: [{ type: 'set_team', teamId: 'cs' }] }),
        rule(all, { id: 'after', order: 3, actions: [{ type: 'set_team', teamId: 'other' }] }),
      ],
      ctx,
    );
    expect(trace.map((t) => [t.ruleId, t.status])).toEqual([
      ['off', 'disabled'],
      ['miss', 'not_matched'],
      ['stop', 'matched'],
      ['after', 'skipped'],
    ]);
    expect(outcome.teamId).toBe('cs');
  });

  it('no rules, or none matching, leaves an empty outcome', () => {
    expect(evaluateRules([], ctx)).toEqual({ outcome: { tags: [], escalations: [], matchedRuleIds: [], setBy: {} }, trace: [] });
  });
});
