import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxChannel } from '../inbox/channel.js';
import { startInbox, type InboxHarness } from '../inbox/harness.js';

describe('one case per complaint across channels', () => {
  let h: InboxHarness;
  let ws: string;
  const conv: Record<string, string> = {};
  beforeAll(async () => {
    h = await startInbox([inboxChannel('kakao', { canReplyPrivately: true }), inboxChannel('mail', { canReplyPrivately: true })]);
    ws = h.ws;
    await h.api.request('PUT', `/api/v1/w/${ws}/customers`, { customers: [{ externalId: 'M-1', name: '김민원', products: ['카드'] }] });
    const at = new Date().toISOString();
    await h.deliver('kakao', [
      { id: 'k1', author: 'minwon_kakao', text: '카드 결제가 두 번 청구됐어요 환불해 주세요', at, private: true },
      { id: 'k2', author: 'stranger_a', text: '앱에서 이체 한도 변경이 안 됩니다 오류 코드 E401', at, private: true },
    ]);
    await h.deliver('mail', [
      { id: 'm1', author: 'minwon@mail.test', text: '지난주 카드 결제 이중 청구 건 아직 처리 안 됐습니다', at, private: true },
      { id: 'm2', author: 'stranger_b@mail.test', text: '앱에서 이체 한도 변경이 안 돼요. 오류 코드 E401 나옵니다', at, private: true },
    ]);
    for (const id of ['k1', 'k2', 'm1', 'm2']) conv[id] = (await h.routed(id)).id;
    const authors = (await sql<{ id: string; native_id: string }>`select id, native_id from authors where workspace_id = ${ws}`.execute(h.db)).rows;
    const customerId = (await h.api.get(`/api/v1/w/${ws}/customers`)).body.customers[0].id;
    for (const native of ['minwon_kakao', 'minwon@mail.test']) {
      const author = authors.find((a) => a.native_id === native)!.id;
      await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at) values (${crypto.randomUUID()}, ${ws}, ${customerId}, ${author}, 'test', '{}'::jsonb, 'test', now())`.execute(h.db);
    }
  }, 120_000);
  afterAll(async () => h?.close());

  it('proposes the linked customer’s conversations and likely duplicates, each with a reason', async () => {
    const r = await h.api.get(`/api/v1/w/${ws}/cases/proposals`);
    expect(r.status).toBe(200);
    const pairs = r.body.proposals.map((p: { targetConversationId: string; sourceConversationId: string; reason: { kind: string } }) => [new Set([p.targetConversationId, p.sourceConversationId]), p.reason.kind]);
    const has = (a: string, b: string, kind: string) => pairs.some(([s, k]: [Set<string>, string]) => s.has(conv[a]!) && s.has(conv[b]!) && k === kind);
    expect(has('k1', 'm1', 'same_customer')).toBe(true);
    expect(has('k2', 'm2', 'similar_content')).toBe(true);
    expect(has('k1', 'm2', 'similar_content') || has('k2', 'm1', 'similar_content')).toBe(false);
  });

  it('a person merges into one case with one SLA, and can undo it', async () => {
    const agent = (await h.member('agent@bank.test', 'agent', '상담원')).api;
    const p = (await agent.get(`/api/v1/w/${ws}/cases/proposals`)).body.proposals.find((x: { reason: { kind: string } }) => x.reason.kind === 'same_customer');
    const before = (await agent.get(`${h.base}/conversations/${p.sourceConversationId}`)).body.conversation;
    expect(before.status).toBe('open');
    const m = await agent.post(`/api/v1/w/${ws}/cases/merges`, { targetConversationId: p.targetConversationId, sourceConversationId: p.sourceConversationId });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.body.merge.reason.proposal.kind).toBe('same_customer');
    const merged = (await agent.get(`${h.base}/conversations/${p.sourceConversationId}`)).body.conversation;
    expect(merged).toMatchObject({ status: 'closed', slaDueAt: null });
    expect(merged.tags).toContain('merged');
    const target = (await agent.get(`${h.base}/conversations/${p.targetConversationId}`)).body.conversation;
    expect(target.status).toBe('open');
    expect(target.slaDueAt).not.toBeNull();
    expect((await agent.get(`${h.base}/conversations/${p.targetConversationId}/case`)).body.merges).toHaveLength(1);
    // Not proposed again; not mergeable twice.
    expect((await agent.get(`/api/v1/w/${ws}/cases/proposals`)).body.proposals.some((x: { sourceConversationId: string }) => x.sourceConversationId === p.sourceConversationId)).toBe(false);
    expect((await agent.post(`/api/v1/w/${ws}/cases/merges`, { targetConversationId: p.targetConversationId, sourceConversationId: p.sourceConversationId })).status).toBe(409);
    expect((await agent.post(`/api/v1/w/${ws}/cases/merges`, { targetConversationId: p.targetConversationId, sourceConversationId: p.targetConversationId })).status).toBe(400);
    const undo = await agent.post(`/api/v1/w/${ws}/cases/merges/${m.body.merge.id}/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body.merge.undoneAt).not.toBeNull();
    const back = (await agent.get(`${h.base}/conversations/${p.sourceConversationId}`)).body.conversation;
    expect(back.status).toBe('open');
    expect(back.tags).not.toContain('merged');
    expect((await agent.post(`/api/v1/w/${ws}/cases/merges/${m.body.merge.id}/undo`)).status).toBe(409);
    const audit = (await h.api.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['case.merged', 'case.unmerged']));
  });
});
