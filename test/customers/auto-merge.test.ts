import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { ApiClient } from '../support/client.js';
import { inboxChannel } from '../inbox/channel.js';
import { startInbox, type InboxHarness } from '../inbox/harness.js';

describe('automatic merges of linked identities above a confidence, per workspace', () => {
  let h: InboxHarness;
  let ws: string;
  let agent: ApiClient;
  let outsider: ApiClient;
  let theirs: string;
  const conv: Record<string, string> = {};
  const S = () => `/api/v1/w/${ws}/cases/settings`;
  const run = () => h.server.runtime.services.caseMerge.autoMerge();

  beforeAll(async () => {
    h = await startInbox([inboxChannel('kakao', { canReplyPrivately: true }), inboxChannel('mail', { canReplyPrivately: true })], { clock: new ManualClock(new Date()) }); // no scheduler: the test runs the job
    ws = h.ws;
    await h.api.request('PUT', `/api/v1/w/${ws}/customers`, { customers: [{ externalId: 'A-1', name: '김자동', products: ['카드'] }] });
    const at = new Date().toISOString();
    await h.deliver('kakao', [
      { id: 'k1', author: 'auto_kakao', text: '카드 결제가 두 번 청구됐어요 환불해 주세요', at, private: true },
      { id: 'k2', author: 'stranger_a', text: '앱에서 이체 한도 변경이 안 됩니다 오류 코드 E401', at, private: true },
    ]);
    await h.deliver('mail', [
      { id: 'm1', author: 'auto@mail.test', text: '카드 이중 청구 건 처리 부탁드립니다', at, private: true },
      { id: 'm2', author: 'stranger_b@mail.test', text: '앱에서 이체 한도 변경이 안 돼요. 오류 코드 E401 나옵니다', at, private: true },
    ]);
    for (const id of ['k1', 'k2', 'm1', 'm2']) conv[id] = (await h.routed(id)).id;
    const authors = (await sql<{ id: string; native_id: string }>`select id, native_id from authors where workspace_id = ${ws}`.execute(h.db)).rows;
    const customerId = (await h.api.get(`/api/v1/w/${ws}/customers`)).body.customers[0].id;
    for (const native of ['auto_kakao', 'auto@mail.test']) {
      const author = authors.find((a) => a.native_id === native)!.id;
      await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at) values (${crypto.randomUUID()}, ${ws}, ${customerId}, ${author}, 'test', '{}'::jsonb, 'test', now())`.execute(h.db);
    }
    agent = (await h.member('agent@bank.test', 'agent', '상담원')).api;
    theirs = (await h.api.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await h.api.post(`/api/v1/w/${theirs}/users`, { email: 'outsider@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    outsider = new ApiClient(h.server.url);
    await outsider.login('outsider@other.test', 'harbour lights 4821');
  }, 120_000);
  afterAll(async () => h?.close());

  it('is off by default: nothing is merged without the setting', async () => {
    expect((await agent.get(S())).body.settings).toEqual({ autoMerge: false, threshold: 0.9 });
    expect(await run()).toBe(0);
    expect((await h.api.get(`/api/v1/w/${ws}/cases/proposals`)).body.proposals).toHaveLength(2);
  });

  it('only managers set it, only for their workspace, within bounds', async () => {
    expect((await agent.request('PUT', S(), { autoMerge: true })).status).toBe(403);
    expect((await outsider.request('PUT', S(), { autoMerge: true })).status).toBe(404);
    expect((await outsider.get(S())).status).toBe(404);
    for (const bad of [{ threshold: 2 }, { threshold: 0.1 }, { threshold: 'high' }, { autoMerge: 'yes' }, { other: 1 }]) expect((await h.api.request('PUT', S(), bad)).status, JSON.stringify(bad)).toBe(400);
    expect((await outsider.request('PUT', `/api/v1/w/${theirs}/cases/settings`, { autoMerge: true, threshold: 0.5 })).status).toBe(200);
    // The other workspace's setting does nothing here.
    expect(await run()).toBe(0);
    expect((await h.api.get(S())).body.settings.autoMerge).toBe(false);
  });

  it('above the threshold merges the linked customer’s conversations automatically (never likely duplicates), audited as automatic, undoable', async () => {
    expect((await h.api.request('PUT', S(), { autoMerge: true, threshold: 0.95 })).body.settings).toEqual({ autoMerge: true, threshold: 0.95 });
    expect(await run()).toBe(0);
    await h.api.request('PUT', S(), { threshold: 0.9 });
    expect(await run()).toBe(1);
    const source = (await agent.get(`${h.base}/conversations/${conv.m1}`)).body.conversation;
    const target = (await agent.get(`${h.base}/conversations/${conv.k1}`)).body.conversation;
    const [merged, kept] = source.status === 'closed' ? [source, target] : [target, source];
    expect(merged).toMatchObject({ status: 'closed', slaDueAt: null });
    expect(merged.tags).toContain('merged');
    expect(kept.status).toBe('open');
    // The likely duplicates of unlinked identities stay a proposal for a person.
    expect((await agent.get(`${h.base}/conversations/${conv.k2}`)).body.conversation.status).toBe('open');
    expect((await agent.get(`${h.base}/conversations/${conv.m2}`)).body.conversation.status).toBe('open');
    const merges = (await agent.get(`${h.base}/conversations/${kept.id}/case`)).body.merges;
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ mergedBy: 'system:auto-merge', reason: { automatic: true, proposal: { kind: 'same_customer' }, confidence: 0.9 } });
    const audit = (await h.api.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries as { action: string; actor: string; after: { reason?: { automatic?: boolean } } }[];
    const entry = audit.find((e) => e.action === 'case.merged')!;
    expect(entry.after.reason?.automatic).toBe(true);
    expect(JSON.stringify(entry)).toContain('system:auto-merge');
    expect(audit.some((e) => e.action === 'case.settings_changed')).toBe(true);
    // A person undoes it like a manual merge; the system does not merge the pair again.
    const undo = await agent.post(`/api/v1/w/${ws}/cases/merges/${merges[0].id}/undo`);
    expect(undo.status).toBe(200);
    expect((await agent.get(`${h.base}/conversations/${merged.id}`)).body.conversation.status).toBe('open');
    expect(await run()).toBe(0);
    expect((await agent.get(`${h.base}/conversations/${merged.id}`)).body.conversation.status).toBe('open');
  });
});
