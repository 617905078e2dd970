import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combine, extractClaims } from '../../src/modules/customers/matching.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { ApiClient } from '../support/client.js';
import { inboxChannel } from '../inbox/channel.js';
import { startInbox, type InboxHarness } from '../inbox/harness.js';

describe('what a message offers (pure)', () => {
  it('finds customer numbers, e-mails and phones, normalised', () => {
    const c = extractClaims('고객번호 HB-20190412 입니다. 메일 MinWon@Bank.TEST, 연락처 +82 10-1111-2222 / 02-345-6789 그리고 abc');
    expect(c.tokens).toContain('HB-20190412');
    expect(c.tokens).not.toContain('abc');
    expect(c.emails).toEqual(['minwon@bank.test']);
    expect(c.phones).toEqual(expect.arrayContaining(['01011112222', '023456789']));
    expect(extractClaims('x'.repeat(100_000)).tokens).toEqual([]);
    expect(combine(['dm_email', 'dm_phone'])).toBe(0.88);
    expect(combine(['same_name'])).toBe(0.3);
  });
});

type Suggestion = {
  id: string;
  author: { handle: string };
  customer: { externalId: string; name: string; masked: boolean };
  evidence: { kind: string; value: string | null }[];
  confidence: number;
  status: string;
  decisionReason: string | null;
  decidedBy: string | null;
};

describe('suggested matches: a person decides, consent links', () => {
  let h: InboxHarness;
  let ws: string;
  let agent: ApiClient;
  let analyst: ApiClient;
  let comp: ApiClient;
  let employee: ApiClient;
  let outsider: ApiClient;
  let theirs: string;
  const M = () => `/api/v1/w/${ws}/customer-matches`;
  const open = async (who: ApiClient = h.api): Promise<Suggestion[]> => (await who.get(M())).body.suggestions;

  beforeAll(async () => {
    h = await startInbox([inboxChannel('kakao', { canReplyPrivately: true })], { clock: new ManualClock(new Date()) }); // no scheduler: scans are the test's
    ws = h.ws;
    await h.api.request('PUT', `/api/v1/w/${ws}/customers`, {
      customers: [
        { externalId: 'HB-1001', name: '김민원', email: 'minwon@bank.test', phone: '010-1111-2222', products: ['카드'] },
        { externalId: 'HB-1002', name: '이중복' },
        { externalId: 'HB-1003', name: '이중복' },
        { externalId: 'HB-1004', name: '박단일' },
      ],
    });
    // E-mails and phones are masked at ingest: they can be compared where the workspace keeps originals (encrypted).
    expect((await h.api.patch(`/api/v1/w/${ws}/settings`, { keepOriginalPii: true })).status).toBe(200);
    const at = new Date().toISOString();
    await h.deliver('kakao', [
      { id: 'k1', author: 'kakao_a', text: '카드 환불 문의합니다. 제 고객번호는 HB-1001 입니다', at, private: true },
      { id: 'k2', author: 'kakao_b', text: '연락처 010 1111 2222, 메일은 MinWon@Bank.test 로 주세요', at, private: true },
      { id: 'k3', author: 'kakao_c', name: '이중복', text: '앱이 느려요', at },
      { id: 'k4', author: 'kakao_d', name: '박단일', text: '카드 혜택 좋네요', at },
      { id: 'k5', author: 'kakao_e', text: '제 번호는 010-9999-8888, 고객번호 HB-9999', at, private: true },
    ]);
    for (const id of ['k1', 'k2', 'k5']) await h.routed(id);
    agent = (await h.member('agent@bank.test', 'agent', '상담원')).api;
    analyst = (await h.member('analyst@bank.test', 'analyst', '분석가')).api;
    comp = (await h.member('comp@bank.test', 'compliance', '준법')).api;
    employee = (await h.member('emp@bank.test', 'employee', '직원')).api;
    theirs = (await h.api.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await h.api.post(`/api/v1/w/${theirs}/users`, { email: 'outsider@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    outsider = new ApiClient(h.server.url);
    await outsider.login('outsider@other.test', 'harbour lights 4821');
  }, 120_000);
  afterAll(async () => h?.close());

  it('suggests from a customer number, an e-mail and phone in private messages, and a unique same name; never from a shared name', async () => {
    expect((await agent.post(`${M()}/scan`)).status).toBe(403);
    const r = await h.api.post(`${M()}/scan`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.created).toBe(3);
    const list = await open();
    const by = (handle: string) => list.find((s) => s.author.handle === handle);
    expect(by('kakao_a')).toMatchObject({ customer: { externalId: 'HB-1001' }, confidence: 0.8, evidence: [{ kind: 'dm_external_id', value: 'HB-1001' }] });
    expect(
      by('kakao_b')
        ?.evidence.map((e) => e.kind)
        .sort(),
    ).toEqual(['dm_email', 'dm_phone']);
    expect(by('kakao_b')?.confidence).toBe(0.88);
    expect(by('kakao_d')).toMatchObject({ customer: { externalId: 'HB-1004' }, confidence: 0.3, evidence: [{ kind: 'same_name' }] });
    expect(by('kakao_c')).toBeUndefined();
    expect(by('kakao_e')).toBeUndefined();
    expect(list[0]!.confidence).toBeGreaterThanOrEqual(list[list.length - 1]!.confidence);
    // Scanning again makes nothing new.
    expect((await h.api.post(`${M()}/scan`)).body.created).toBe(0);
  });

  it('keeps no personal value in clear and shows none to roles without customers.pii', async () => {
    const dump = JSON.stringify((await sql`select * from customer_match_keys`.execute(h.db)).rows) + JSON.stringify((await sql`select * from customer_match_suggestions`.execute(h.db)).rows);
    for (const v of ['minwon@bank.test', '01011112222', '010-1111-2222', '김민원', '박단일']) expect(dump).not.toContain(v);
    for (const who of [agent, analyst]) {
      const body = JSON.stringify((await who.get(M())).body);
      for (const v of ['김민원', 'minwon@bank.test', '010-1111-2222']) expect(body).not.toContain(v);
      expect(body).toContain('m***@bank.test');
      expect(body).toContain('***-****-2222');
      // A same-name suggestion would state the customer's name next to the identity's: not shown without the permission.
      expect(body).not.toContain('same_name');
      expect(body).not.toContain('HB-1004');
    }
    const clear = JSON.stringify((await comp.get(M())).body);
    expect(clear).toContain('minwon@bank.test');
    expect(clear).toContain('김민원');
    expect(clear).toContain('same_name');
  });

  it('refuses other workspaces, roles without the permission and bad input', async () => {
    const id = (await open())[0]!.id;
    expect((await employee.get(M())).status).toBe(403);
    expect((await outsider.get(M())).status).toBe(404);
    expect((await outsider.post(`${M()}/${id}/dismiss`, {})).status).toBe(404);
    // Another workspace's admin, on its own workspace, cannot reach this suggestion.
    expect((await outsider.post(`/api/v1/w/${theirs}/customer-matches/${id}/dismiss`, {})).status).toBe(404);
    expect((await outsider.get(`/api/v1/w/${theirs}/customer-matches`)).body.suggestions).toEqual([]);
    expect((await analyst.post(`${M()}/${id}/confirm`, {})).status).toBe(403);
    expect((await comp.post(`${M()}/${id}/dismiss`, {})).status).toBe(403);
    expect((await agent.post(`${M()}/not-a-uuid/confirm`, {})).status).toBe(400);
    expect((await agent.post(`${M()}/${id}/confirm`, { reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await agent.post(`${M()}/${id}/confirm`, { reason: 'ok', extra: 1 })).status).toBe(400);
    expect((await agent.post(`${M()}/${crypto.randomUUID()}/dismiss`, {})).status).toBe(404);
    expect((await agent.get(`${M()}?status=maybe`)).status).toBe(400);
    expect((await open()).every((s) => s.status === 'open')).toBe(true);
  });

  it('confirming links nothing: it names the conversation for the consent link; audited with the reason', async () => {
    const s = (await open()).find((x) => x.author.handle === 'kakao_a')!;
    const conv = (await h.routed('k1')).id;
    const r = await agent.post(`${M()}/${s.id}/confirm`, { reason: '고객번호가 맞음' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ suggestionId: s.id, status: 'confirmed', conversationId: conv });
    expect((await sql`select count(*)::int as n from customer_links where workspace_id = ${ws}`.execute(h.db)).rows[0]).toEqual({ n: 0 });
    const author = (await sql<{ id: string }>`select id from authors where workspace_id = ${ws} and native_id = 'kakao_a'`.execute(h.db)).rows[0]!.id;
    expect((await agent.get(`/api/v1/w/${ws}/authors/${author}/customer`)).body.linked).toBeNull();
    expect((await agent.post(`${M()}/${s.id}/dismiss`, {})).status).toBe(409);
    const done = (await h.api.get(`${M()}?status=confirmed`)).body.suggestions as Suggestion[];
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ decisionReason: '고객번호가 맞음', decidedBy: 'agent@bank.test' });
    const audit = (await h.api.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries as { action: string; after: { reason?: string; linked?: boolean } }[];
    expect(audit.find((e) => e.action === 'customer.match_confirmed')?.after).toMatchObject({ reason: '고객번호가 맞음', linked: false });
    expect(audit.filter((e) => e.action === 'customer.match_suggested')).toHaveLength(3);
  });

  it('a dismissed suggestion is never shown again, even when scanned again', async () => {
    const s = (await open()).find((x) => x.author.handle === 'kakao_d')!;
    // Hidden from an agent (it names the customer), so the agent cannot reach it either.
    expect((await agent.post(`${M()}/${s.id}/dismiss`, { reason: '동명이인' })).status).toBe(404);
    expect((await h.api.post(`${M()}/${s.id}/dismiss`, { reason: '동명이인' })).status).toBe(200);
    expect((await open()).some((x) => x.id === s.id)).toBe(false);
    await h.deliver('kakao', [{ id: 'k6', author: 'kakao_d', name: '박단일', text: '또 글 남겨요', at: new Date().toISOString() }]);
    await h.api.post(`${M()}/scan`);
    expect((await open()).some((x) => x.author.handle === 'kakao_d')).toBe(false);
    expect((await h.api.get(`${M()}?status=dismissed`)).body.suggestions[0]).toMatchObject({ decisionReason: '동명이인' });
    const audit = (await h.api.get(`/api/v1/w/${ws}/audit?limit=200`)).body.entries as { action: string; after: { reason?: string } }[];
    expect(audit.find((e) => e.action === 'customer.match_dismissed')?.after.reason).toBe('동명이인');
  });

  it('two people deciding at once: one wins, the other is told it was decided', async () => {
    const s = (await open()).find((x) => x.author.handle === 'kakao_b')!;
    const [a, b] = await Promise.all([agent.post(`${M()}/${s.id}/confirm`, {}), h.api.post(`${M()}/${s.id}/dismiss`, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('an identity linked by consent is no longer suggested', async () => {
    await h.deliver('kakao', [{ id: 'k7', author: 'kakao_f', text: '고객번호 HB-1002 예요', at: new Date().toISOString(), private: true }]);
    await h.routed('k7');
    await h.api.post(`${M()}/scan`);
    const s = (await open()).find((x) => x.author.handle === 'kakao_f')!;
    expect(s.customer.externalId).toBe('HB-1002');
    const author = (await sql<{ id: string }>`select id from authors where workspace_id = ${ws} and native_id = 'kakao_f'`.execute(h.db)).rows[0]!.id;
    const customer = (await h.api.get(`/api/v1/w/${ws}/customers?externalId=HB-1002`)).body.customers[0].id;
    await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at) values (${crypto.randomUUID()}, ${ws}, ${customer}, ${author}, 'test', '{}'::jsonb, 'test', now())`.execute(h.db);
    expect((await open()).some((x) => x.author.handle === 'kakao_f')).toBe(false);
    // The inbox panel's call for one author.
    expect((await agent.get(`${M()}?authorId=${author}`)).body.suggestions).toEqual([]);
  });

  it('without kept originals, a masked e-mail or phone is no evidence (only the customer number survives masking)', async () => {
    expect((await h.api.patch(`/api/v1/w/${ws}/settings`, { keepOriginalPii: false })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // the policy cache is dropped through the bus
    await h.deliver('kakao', [
      { id: 'k8', author: 'kakao_g', text: '메일 minwon@bank.test 전화 010-1111-2222 입니다', at: new Date().toISOString(), private: true },
      { id: 'k9', author: 'kakao_h', text: '고객번호 HB-1003 입니다', at: new Date().toISOString(), private: true },
    ]);
    await h.routed('k8');
    await h.routed('k9');
    const stored = (await sql<{ text: string }>`select text from items where workspace_id = ${ws} and native_id = 'k8'`.execute(h.db)).rows[0]!.text;
    expect(stored).not.toContain('minwon@bank.test');
    await h.api.post(`${M()}/scan`);
    const list = await open();
    expect(list.some((x) => x.author.handle === 'kakao_g')).toBe(false);
    expect(list.find((x) => x.author.handle === 'kakao_h')?.customer.externalId).toBe('HB-1003');
  });
});
