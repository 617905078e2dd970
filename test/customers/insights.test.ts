import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnFeatures, churnScore, DEFAULT_RULES, nextLifecycle } from '../../src/modules/customers/index.js';
import { inboxChannel } from '../inbox/channel.js';
import { startInbox, waitFor, type InboxHarness } from '../inbox/harness.js';

const now = new Date('2026-12-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('churn score and lifecycle rules (pure)', () => {
  it('names its reasons and rises with each of them', () => {
    const calm = churnScore(
      churnFeatures(
        [...Array.from({ length: 6 }, (_, i) => ({ at: daysAgo(40 + i * 5), sentiment: 0.3, intents: [], text: '좋아요' })), ...Array.from({ length: 3 }, (_, i) => ({ at: daysAgo(5 + i), sentiment: 0.3, intents: [], text: '감사' }))],
        now,
        0,
      ),
    );
    expect(calm.reasons).toEqual([]);
    const angry = churnScore(
      churnFeatures(
        [...Array.from({ length: 6 }, (_, i) => ({ at: daysAgo(40 + i * 5), sentiment: 0.3, intents: [], text: '좋아요' })), { at: daysAgo(3), sentiment: -0.8, intents: ['churn', 'complaint'], text: '해지하고 토스로 갈아탈게요' }],
        now,
        2,
      ),
    );
    expect(angry.score).toBeGreaterThan(calm.score + 0.4);
    expect(angry.reasons.map((r) => r.reason).sort()).toEqual(['churn_intent', 'competitor_mentions', 'falling_engagement', 'negative_trend', 'unresolved_complaints']);
    expect(angry.features).toMatchObject({ churnIntents: 1, unresolvedComplaints: 2, competitorMentions: 1 });
  });

  it('moves through the lifecycle by the rules', () => {
    const c = (products: number, score: number | null, created = daysAgo(100)) => ({ products, createdAt: created, score });
    expect(nextLifecycle('prospect', c(0, null), DEFAULT_RULES, now)).toBe('prospect');
    expect(nextLifecycle('prospect', c(1, null, daysAgo(3)), DEFAULT_RULES, now)).toBe('new');
    expect(nextLifecycle('new', c(1, 0.1), DEFAULT_RULES, now)).toBe('active');
    expect(nextLifecycle('active', c(1, 0.7), DEFAULT_RULES, now)).toBe('at_risk');
    expect(nextLifecycle('at_risk', c(1, 0.5), DEFAULT_RULES, now)).toBe('at_risk');
    expect(nextLifecycle('at_risk', c(1, 0.2), DEFAULT_RULES, now)).toBe('active');
    expect(nextLifecycle('active', c(0, 0.2), DEFAULT_RULES, now)).toBe('churned');
    expect(nextLifecycle('churned', c(2, 0.2), DEFAULT_RULES, now)).toBe('won_back');
    expect(nextLifecycle('active', c(1, 0.5), { ...DEFAULT_RULES, atRiskScore: 0.45, recoveredScore: 0.3 }, now)).toBe('at_risk');
  });
});

describe('churn list, rules and leads over the API', () => {
  let h: InboxHarness;
  let ws: string;
  beforeAll(async () => {
    h = await startInbox([inboxChannel('kakao', { canReplyPrivately: true })]);
    ws = h.ws;
  }, 120_000);
  afterAll(async () => h?.close());

  it('scores linked customers, puts them at risk by the rules, and lists them with reasons', async () => {
    await h.api.request('PUT', `/api/v1/w/${ws}/customers`, {
      customers: [
        { externalId: 'R-1', name: '위험고객', products: ['카드'] },
        { externalId: 'R-2', name: '평온고객', products: ['예금'] },
      ],
    });
    const at = new Date().toISOString();
    await h.deliver('kakao', [
      { id: 'r1', author: 'leaver', text: '수수료 너무 비싸서 계좌 해지하고 토스로 갈아탈게요', at, private: true },
      { id: 'r2', author: 'leaver', text: '카드 해지해 주세요. 케이뱅크로 옮깁니다. 정말 실망입니다', at, private: true },
      { id: 'p1', author: 'buyer', text: '신용카드 새로 발급받고 싶어요 온라인으로 신청 가능한가요?', at },
    ]);
    await h.routed('r1');
    await h.routed('p1');
    const authors = await sql<{ id: string; native_id: string }>`select id, native_id from authors where workspace_id = ${ws}`.execute(h.db);
    const leaver = authors.rows.find((a) => a.native_id === 'leaver')!.id;
    const customers = (await h.api.get(`/api/v1/w/${ws}/customers`)).body.customers as { id: string; externalId: string }[];
    const r1 = customers.find((c) => c.externalId === 'R-1')!.id;
    await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at) values (${crypto.randomUUID()}, ${ws}, ${r1}, ${leaver}, 'test', '{}'::jsonb, 'test', now())`.execute(h.db);
    expect((await h.api.post(`/api/v1/w/${ws}/customer-risk/score`)).body.scored).toBe(2);
    const risk = (await h.api.get(`/api/v1/w/${ws}/customer-risk`)).body.customers;
    expect(risk).toHaveLength(1);
    expect(risk[0].customer.externalId).toBe('R-1');
    expect(risk[0].reasons.map((r: { reason: string }) => r.reason)).toEqual(expect.arrayContaining(['churn_intent', 'competitor_mentions', 'unresolved_complaints']));
    const lifecycleOf = async (ext: string) => (await h.api.get(`/api/v1/w/${ws}/customers?externalId=${ext}`)).body.customers[0].lifecycle;
    // With the default threshold; then a stricter rule puts R-1 at risk or not, as the score says.
    const score = risk[0].score as number;
    expect(await lifecycleOf('R-1')).toBe(score >= 0.6 ? 'at_risk' : 'new');
    expect(await lifecycleOf('R-2')).toBe('new');
    expect((await h.api.request('PUT', `/api/v1/w/${ws}/customer-rules`, { atRiskScore: 0.2, recoveredScore: 0.5 })).body.error.code).toBe('customers.rules_invalid');
    expect((await h.api.request('PUT', `/api/v1/w/${ws}/customer-rules`, { atRiskScore: Math.max(0.05, score - 0.05), recoveredScore: 0.01 })).status).toBe(200);
    await h.api.post(`/api/v1/w/${ws}/customer-risk/score`);
    expect(await lifecycleOf('R-1')).toBe('at_risk');
  });

  it('collects purchase-intent posts as leads with owner, status and follow-up', async () => {
    const insights = h.server.runtime.services.customers.insights;
    await waitFor(
      () => insights.collectLeads().then(() => h.api.get(`/api/v1/w/${ws}/leads`)),
      (r) => r.body.leads.length > 0,
      'a lead',
    );
    const all = (await h.api.get(`/api/v1/w/${ws}/leads`)).body.leads as { id: string; author: { handle: string } }[];
    // The classifier decides what is purchase intent; the buyer's post is one.
    const leads = all.filter((l) => l.author.handle === 'buyer');
    expect(leads).toHaveLength(1);
    expect(await insights.collectLeads()).toBe(0);
    expect((await h.api.get(`/api/v1/w/${ws}/leads`)).body.leads).toHaveLength(all.length);
    const me = (await h.api.get('/api/v1/auth/me')).body.user.id;
    const r = await h.api.patch(`/api/v1/w/${ws}/leads/${leads[0]!.id}`, { ownerId: me, status: 'contacted', followUpAt: '2026-12-24T01:00:00.000Z' });
    expect(r.body.lead).toMatchObject({ ownerId: me, status: 'contacted', followUpAt: '2026-12-24T01:00:00.000Z' });
    expect((await h.api.get(`/api/v1/w/${ws}/leads?status=contacted`)).body.leads).toHaveLength(1);
    expect((await h.api.patch(`/api/v1/w/${ws}/leads/00000000-0000-4000-8000-000000000000`, { status: 'won' })).status).toBe(404);
  });

  it('segments customers by rules: lifecycle, products, sentiment, channels, tags', async () => {
    const make = async (name: string, rules: Record<string, unknown>) => {
      const r = await h.api.post(`/api/v1/w/${ws}/segments`, { name, rules });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return (await h.api.get(`/api/v1/w/${ws}/segments/${r.body.segment.id}/customers`)).body.customers.map((c: { externalId: string }) => c.externalId).sort();
    };
    expect(await make('위험·카카오', { lifecycle: ['at_risk'], channels: ['kakao'] })).toEqual(['R-1']);
    expect(await make('예금 보유', { products: ['예금', '펀드'] })).toEqual(['R-2']);
    expect(await make('메일 채널', { channels: ['mail'] })).toEqual([]);
    expect(await make('부정적', { sentimentBelow: 0 })).toEqual(['R-1']);
    expect(await make('모두', {})).toEqual(['R-1', 'R-2']);
    expect((await h.api.post(`/api/v1/w/${ws}/segments`, { name: '모두', rules: {} })).status).toBe(409);
    expect((await h.api.post(`/api/v1/w/${ws}/segments`, { name: 'x', rules: { lifecycle: ['sleeping'] } })).status).toBe(400);
  });

  it('routes by segment: a rule on author.segments tags the linked customer in it, not the others', async () => {
    const rule = await h.api.post(`${h.base}/rules`, {
      name: '세그먼트: 부정적',
      runOn: 'every_message',
      conditions: { all: [{ field: 'author.segments', op: 'contains', value: '부정적' }] },
      actions: [{ type: 'add_tags', tags: ['세그먼트-부정'] }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const at = new Date().toISOString();
    await h.deliver('kakao', [
      { id: 'r3', author: 'leaver', text: '아직도 해지 처리가 안 됐네요', at, private: true },
      { id: 'p2', author: 'buyer', text: '체크카드도 같이 신청할게요', at },
    ]);
    const leaverConv = await h.routed('r3');
    const buyerConv = await h.routed('p2');
    const tagsOf = async (id: string) => (await h.api.get(`${h.base}/conversations/${id}`)).body.conversation.tags as string[];
    await waitFor(
      () => tagsOf(leaverConv.id),
      (t) => t.includes('세그먼트-부정'),
      'the segment tag',
    );
    expect(await tagsOf(buyerConv.id)).not.toContain('세그먼트-부정');
    // The field takes any name (segments are the workspace's own); an unknown one matches nobody.
    const preview = await h.api.post(`${h.base}/rules/preview`, { rule: { conditions: { all: [{ field: 'author.segments', op: 'contains', value: '없는 세그먼트' }] }, actions: [{ type: 'add_tags', tags: ['x'] }] } });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(JSON.stringify(preview.body)).not.toMatch(/"matched":true/);
    // The preview reads segments as routing does: the linked customer's message matches.
    const known = await h.api.post(`${h.base}/rules/preview`, { rule: { conditions: { all: [{ field: 'author.segments', op: 'contains', value: '부정적' }] }, actions: [{ type: 'add_tags', tags: ['x'] }] } });
    const rows = known.body.results as Array<{ matched: boolean; text: string }>;
    expect(rows.filter((r) => r.matched).map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringContaining('해지')]));
    expect(rows.filter((r) => r.matched && r.text.includes('체크카드'))).toEqual([]);
  });
});
