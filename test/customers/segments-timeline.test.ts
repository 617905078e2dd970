import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/platform/access/scope.js';
import { ApiClient } from '../support/client.js';
import { inboxChannel } from '../inbox/channel.js';
import { startInbox, waitFor, type InboxHarness } from '../inbox/harness.js';

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe('segments beyond routing, and the timeline’s posts, clicks and conversions', () => {
  let h: InboxHarness;
  let ws: string;
  let agent: ApiClient;
  let comp: ApiClient;
  let employee: ApiClient;
  let outsider: ApiClient;
  let theirs: string;
  let segId: string;
  const customer: Record<string, string> = {};
  const author: Record<string, string> = {};
  const W = () => `/api/v1/w/${ws}`;

  beforeAll(async () => {
    h = await startInbox([inboxChannel('kakao', { canReplyPrivately: true })]);
    ws = h.ws;
    await h.api.request('PUT', `${W()}/customers`, {
      customers: [
        { externalId: 'S-1', name: '김세그', email: 'seg@bank.test', products: ['카드'], segment: 'VIP' },
        { externalId: 'S-2', name: '이다른', products: ['예금'] },
        { externalId: 'S-3', name: '=SUM(1+1)', products: ['카드'] },
      ],
    });
    for (const c of (await h.api.get(`${W()}/customers`)).body.customers) customer[c.externalId] = c.id;
    const at = new Date(Date.now() - 60_000).toISOString();
    await h.deliver('kakao', [
      { id: 'p1', author: 'seg_kakao', text: '카드 혜택 문의드려요 세그먼트글', at },
      { id: 'p2', author: 'other_kakao', text: '예금 금리 궁금합니다 다른글', at },
      { id: 'p3', author: 'nolink', text: '카드 연결없는글', at },
      { id: 'd1', author: 'seg_kakao', text: '카드 발급 상담 원해요', at, private: true },
    ]);
    await h.routed('d1');
    await waitFor(
      () => sql<{ n: number }>`select count(*)::int as n from items where workspace_id = ${ws}`.execute(h.db),
      (r) => r.rows[0]!.n >= 4,
      'items',
    );
    for (const a of (await sql<{ id: string; native_id: string }>`select id, native_id from authors where workspace_id = ${ws}`.execute(h.db)).rows) author[a.native_id] = a.id;
    for (const [native, ext] of [
      ['seg_kakao', 'S-1'],
      ['other_kakao', 'S-2'],
    ] as const)
      await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at) values (${crypto.randomUUID()}, ${ws}, ${customer[ext]}, ${author[native]}, 'test', '{}'::jsonb, 'test', now())`.execute(
        h.db,
      );
    agent = (await h.member('agent@bank.test', 'agent', '상담원')).api;
    comp = (await h.member('comp@bank.test', 'compliance', '준법')).api;
    employee = (await h.member('emp@bank.test', 'employee', '직원')).api;
    theirs = (await h.api.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await h.api.post(`/api/v1/w/${theirs}/users`, { email: 'outsider@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    outsider = new ApiClient(h.server.url);
    await outsider.login('outsider@other.test', 'harbour lights 4821');
  }, 120_000);
  afterAll(async () => h?.close());

  it('lists segments with their size, previews rules before saving, edits them; managers only, own workspace only', async () => {
    const preview = await agent.post(`${W()}/segments/preview`, { rules: { products: ['카드'] } });
    expect(preview.status).toBe(200);
    expect(preview.body.total).toBe(2);
    expect(JSON.stringify(preview.body)).not.toContain('김세그');
    expect((await comp.post(`${W()}/segments/preview`, { rules: { products: ['카드'] } })).body.customers.map((c: { name: string }) => c.name)).toContain('김세그');
    expect((await agent.post(`${W()}/segments`, { name: '카드 고객', rules: { products: ['카드'] } })).status).toBe(403);
    const made = await h.api.post(`${W()}/segments`, { name: '카드 고객', rules: { products: ['카드'], segments: ['VIP'] } });
    expect(made.status).toBe(201);
    segId = made.body.segment.id;
    await h.api.post(`${W()}/segments`, { name: '예금 고객', rules: { products: ['예금'] } });
    const list = (await agent.get(`${W()}/segments?counts=true`)).body.segments as { name: string; members: number }[];
    expect(list.find((s) => s.name === '카드 고객')?.members).toBe(1);
    expect((await agent.patch(`${W()}/segments/${segId}`, { rules: { products: ['카드'] } })).status).toBe(403);
    expect((await h.api.patch(`${W()}/segments/${segId}`, { name: '예금 고객' })).status).toBe(409);
    const edited = await h.api.patch(`${W()}/segments/${segId}`, { name: '카드 보유', rules: { products: ['카드'] } });
    expect(edited.status).toBe(200);
    expect(edited.body.segment).toMatchObject({ name: '카드 보유', rules: { products: ['카드'] } });
    expect((await agent.get(`${W()}/segments?counts=true`)).body.segments.find((s: { id: string }) => s.id === segId).members).toBe(2);
    // A threshold too small for the `real` score column is compared, not an error (the fuzzer found it).
    expect((await agent.post(`${W()}/segments/preview`, { rules: { sentimentBelow: 5e-323, minChurnScore: 1e-310 } })).status).toBe(200);
    for (const bad of [{ rules: { lifecycle: ['sleeping'] } }, { name: '   ' }, { name: 'x'.repeat(101) }, { rules: { minChurnScore: 3 } }]) expect((await h.api.patch(`${W()}/segments/${segId}`, bad)).status, JSON.stringify(bad)).toBe(400);
    expect((await outsider.patch(`${W()}/segments/${segId}`, { name: 'x' })).status).toBe(404);
    expect((await outsider.patch(`/api/v1/w/${theirs}/segments/${segId}`, { name: 'x' })).status).toBe(404);
    expect((await outsider.post(`/api/v1/w/${theirs}/segments/preview`, { rules: {} })).body.total).toBe(0);
    expect((await employee.get(`${W()}/segments`)).status).toBe(403);
    const audit = (await h.api.get(`${W()}/audit?limit=200`)).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toContain('segment.updated');
  });

  it('exports a segment’s customers: personal fields only for the permission holder, masked otherwise, no formulas; audited', async () => {
    const masked = await agent.get(`${W()}/segments/${segId}/customers.csv`);
    expect(masked.status).toBe(200);
    expect(masked.headers.get('content-type')).toMatch(/text\/csv/);
    const text = String(masked.body);
    expect(text.replace(/^\ufeff/, '').startsWith('external_id,name,email,phone,masked')).toBe(true);
    expect(text).toContain('김*그');
    expect(text).toContain('s***@bank.test');
    expect(text).not.toContain('김세그');
    expect(text).not.toContain('seg@bank.test');
    expect(text).not.toContain('S-2');
    const clear = await comp.get(`${W()}/segments/${segId}/customers.csv`);
    const ct = String(clear.body);
    expect(ct).toContain('김세그');
    expect(ct).toContain('seg@bank.test');
    expect(ct).toContain("'=SUM(1+1)");
    expect(ct).not.toMatch(/(^|,)=SUM/m);
    expect((await employee.get(`${W()}/segments/${segId}/customers.csv`)).status).toBe(403);
    expect((await outsider.get(`/api/v1/w/${theirs}/segments/${segId}/customers.csv`)).status).toBe(404);
    const audit = (await h.api.get(`${W()}/audit?limit=200`)).body.entries.filter((e: { action: string }) => e.action === 'customers.exported');
    expect(audit.map((e: { after: { masked: boolean; rows: number } }) => e.after).sort((a: { masked: boolean }, b: { masked: boolean }) => Number(a.masked) - Number(b.masked))).toEqual([
      { segment: '카드 보유', rows: 2, masked: false },
      { segment: '카드 보유', rows: 2, masked: true },
    ]);
  });

  it('filters listening by a segment: only posts of identities linked to its customers; exports the same as CSV', async () => {
    const texts = async (who: ApiClient, q = '') => ((await who.get(`${W()}/listening/search?segmentId=${segId}${q}`)).body.items ?? []).map((i: { text: string }) => i.text);
    const got = await texts(agent);
    expect(got).toEqual(expect.arrayContaining(['카드 혜택 문의드려요 세그먼트글']));
    expect(got.some((t: string) => t.includes('다른글') || t.includes('연결없는글'))).toBe(false);
    expect(await texts(agent, '&q=혜택')).toEqual(['카드 혜택 문의드려요 세그먼트글']);
    expect((await employee.get(`${W()}/listening/search?segmentId=${segId}`)).status).toBe(403);
    expect((await agent.get(`${W()}/listening/search?segmentId=${crypto.randomUUID()}`)).status).toBe(404);
    expect((await agent.get(`${W()}/listening/search?segmentId=nope`)).status).toBe(400);
    const theirSeg = (await outsider.post(`/api/v1/w/${theirs}/segments`, { name: '남의 세그먼트', rules: {} })).body.segment.id;
    expect((await agent.get(`${W()}/listening/search?segmentId=${theirSeg}`)).status).toBe(404);
    const csv = await agent.get(`${W()}/listening/search/export?segmentId=${segId}`);
    expect(csv.status).toBe(200);
    const body = String(csv.body);
    expect(body.replace(/^\ufeff/, '').startsWith('created_at,channel,kind,author_handle')).toBe(true);
    expect(body).toContain('세그먼트글');
    expect(body).not.toContain('다른글');
    expect(body).not.toContain('연결없는글');
    expect((await agent.get(`${W()}/listening/search/export?segmentId=${theirSeg}`)).status).toBe(404);
    const audit = (await h.api.get(`${W()}/audit?limit=200`)).body.entries.find((e: { action: string }) => e.action === 'listening.exported');
    expect(audit.after).toMatchObject({ filter: { segmentId: segId } });
  });

  it('shows the bank’s published post the customer answered, and clicks and conversions of links sent to them privately', async () => {
    const services = h.server.runtime.services;
    const account = h.accounts.kakao!.id;
    const postId = crypto.randomUUID();
    await sql`insert into publishing_posts (id, workspace_id, title, master_text, status, owner_label, created_at, updated_at) values (${postId}, ${ws}, '봄 카드 이벤트', '봄 카드 이벤트 본문', 'published', 'test', now(), now())`.execute(
      h.db,
    );
    await sql`insert into publishing_variants (id, post_id, workspace_id, account_id, target, text, status, native_id, url, published_at) values (${crypto.randomUUID()}, ${postId}, ${ws}, ${account}, 'kakao', '봄 카드 이벤트 본문', 'published', 'bankpost-1', 'https://kakao.test/bankpost-1', now())`.execute(
      h.db,
    );
    await h.deliver('kakao', [
      { id: 'r1', author: 'seg_kakao', text: '이벤트 참여했어요', at: new Date().toISOString(), parent: 'bankpost-1', thread: 'bankpost-1' },
      { id: 'r2', author: 'nolink', text: '저도 참여', at: new Date().toISOString(), parent: 'bankpost-1', thread: 'bankpost-1' },
    ]);
    // A link sent privately to the customer, and one in a public thread (anyone could follow it).
    const dm = (await h.routed('d1')).id;
    const scope: Scope = { workspaceId: ws, actor: { userId: null, label: 'test' }, role: 'admin', tokenScopes: null };
    await services.links.links.rewrite(scope, '안내: https://bank.example/card/apply', { channel: 'kakao', conversationId: dm });
    const publicConv = (await h.routed('p1')).id;
    await services.links.links.rewrite(scope, '공개: https://bank.example/public', { channel: 'kakao', conversationId: publicConv });
    const code = async (conv: string) => (await sql<{ id: string; code: string }>`select id, code from links where workspace_id = ${ws} and conversation_id = ${conv}`.execute(h.db)).rows[0]!;
    const privateLink = await code(dm);
    const publicLink = await code(publicConv);
    const click = (c: string, ua = BROWSER) => fetch(`${h.server.url}/l/${c}`, { redirect: 'manual', headers: { 'user-agent': ua } });
    const location = (await click(privateLink.code)).headers.get('location')!;
    const clickId = new URL(location).searchParams.get('sotong_cid')!;
    await click(privateLink.code, 'Twitterbot/1.0');
    await click(publicLink.code);
    await waitFor(
      () => sql<{ n: number }>`select count(*)::int as n from link_clicks where workspace_id = ${ws}`.execute(h.db),
      (r) => r.rows[0]!.n >= 3,
      'clicks',
    );
    const conv = await h.api.post(`${W()}/conversions`, { eventId: 'E-1', type: 'card_applied', clickId, value: 1 });
    expect(conv.status, JSON.stringify(conv.body)).toBe(201);
    await waitFor(
      () => h.api.get(`${W()}/customers/${customer['S-1']}/timeline`),
      (r) => r.body.entries?.some((e: { item: { text: string } }) => e.item.text === '이벤트 참여했어요'),
      'reply in timeline',
    );
    const tl = (await agent.get(`${W()}/customers/${customer['S-1']}/timeline`)).body;
    const reply = tl.entries.find((e: { item: { text: string } }) => e.item.text === '이벤트 참여했어요');
    expect(reply.engagedPost).toMatchObject({ postId, title: '봄 카드 이벤트', url: 'https://kakao.test/bankpost-1' });
    expect(tl.entries.find((e: { item: { text: string } }) => e.item.text.includes('세그먼트글')).engagedPost).toBeNull();
    const clicks = tl.activity.filter((a: { kind: string }) => a.kind === 'link_click');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ linkId: privateLink.id, target: 'https://bank.example/card/apply', conversationId: dm });
    expect(tl.activity.filter((a: { kind: string }) => a.kind === 'conversion')).toEqual([expect.objectContaining({ type: 'card_applied', value: 1, linkId: privateLink.id })]);
    // Nobody else's timeline gets them; the other customer's shows none.
    const other = (await agent.get(`${W()}/customers/${customer['S-2']}/timeline`)).body;
    expect(other.activity).toEqual([]);
    expect(other.entries.every((e: { engagedPost: unknown }) => e.engagedPost === null)).toBe(true);
    expect((await outsider.get(`/api/v1/w/${theirs}/customers/${customer['S-1']}/timeline`)).status).toBe(404);
  });
});
