/**
 * Publishing through the real program: compose a loan promotion, the screen demands the loan warning,
 * self-approval refused, lead and compliance approve, the 심의필 stamp, the post reaches a local channel
 * server at its slot exactly once; crisis mode pauses the next; stop-all; edits send a post back; diffs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdapters, fromAdapters } from '../../src/channels/registry.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { publishTestAdapter, startPublishServer, type PublishServer } from '../support/publish-channel.js';

const LOAN_BAD = '신용대출 특판! 최저 연 4.5%~7.9%, 지금 신청하세요.';
const LOAN_OK = '신용대출 특판! 연 4.5%~7.9% (기준금리 + 가산금리). 과도한 빚은 당신에게 큰 불행을 안겨줄 수 있습니다. 대출 시 신용평점이 하락할 수 있습니다. 상품설명서를 확인하세요.';

describe('publishing API', () => {
  let server: TestServer;
  let channel: PublishServer;
  let admin: ApiClient;
  let maker: ApiClient;
  let lead: ApiClient;
  let comp: ApiClient;
  let agent: ApiClient;
  let outsider: ApiClient;
  let ws: string;
  let accountId: string;
  const base = () => `/api/v1/w/${ws}/publishing`;
  const user = async (email: string, role: string) => {
    const r = await admin.post(`/api/v1/w/${ws}/users`, { email, name: email.split('@')[0], role, password: 'publishing pass 2468' });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    const c = new ApiClient(server.url);
    await c.login(email, 'publishing pass 2468');
    return c;
  };
  const compose = (text: string, scheduledAt: string | null, extra: Record<string, unknown> = {}) => ({ title: '대출 프로모션', masterText: text, product: 'loan', scheduledAt, variants: [{ accountId, target: 'pubtest' }], ...extra });

  beforeAll(async () => {
    channel = await startPublishServer();
    const adapters = fromAdapters([...(await loadAdapters()).all(), publishTestAdapter()]);
    server = await startTestServer({ adapters });
    ws = server.admin.workspaceId;
    admin = new ApiClient(server.url);
    await admin.login(server.admin.email, server.admin.password);
    maker = await user('maker@bank.test', 'manager');
    lead = await user('lead@bank.test', 'manager');
    comp = await user('comp@bank.test', 'compliance');
    agent = await user('agent@bank.test', 'agent');
    const acc = await admin.post(`/api/v1/w/${ws}/accounts`, { type: 'pubtest', name: '은행 공식', settings: { baseUrl: channel.url }, credentials: { token: 'pub-token' } });
    if (acc.status !== 201) throw new Error(JSON.stringify(acc.body));
    accountId = acc.body.account?.id ?? acc.body.id;
    const other = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-pub' })).body.workspace.id;
    await admin.post(`/api/v1/w/${other}/users`, { email: 'out@other.test', name: 'out', role: 'manager', password: 'publishing pass 2468' });
    outsider = new ApiClient(server.url);
    await outsider.login('out@other.test', 'publishing pass 2468');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await channel?.close();
  });

  it('loan promotion: screen, self-approval refused, two steps, 심의필 stamp, sent once at its slot', async () => {
    const slot = new Date(Date.now() + 6_000).toISOString();
    const created = await maker.post(`${base()}/posts`, compose(LOAN_BAD, slot));
    expect(created.status).toBe(201);
    const id = created.body.id;
    const rules = created.body.variants[0].check.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('disclosure.loan_warning');
    expect(created.body.variants[0].check.measure).toMatchObject({ unit: 'graphemes', limit: 500 });
    const refused = await maker.post(`${base()}/posts/${id}/submit`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.code ?? refused.body.error?.code).toBe('publishing.check_failed');

    const fixed = await maker.request('PUT', `${base()}/posts/${id}`, compose(LOAN_OK, slot));
    expect(fixed.status).toBe(200);
    expect(fixed.body.variants[0].check.ok).toBe(true);
    const sub = await maker.post(`${base()}/posts/${id}/submit`, {});
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ status: 'in_review', round: 1, step: 0 });
    expect(sub.body.chain.map((s: { name: string }) => s.name)).toEqual(['마케팅 책임자', '준법감시인']);

    const self = await maker.post(`${base()}/posts/${id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.code ?? self.body.error?.code).toBe('publishing.self_approval');
    expect((await agent.post(`${base()}/posts/${id}/approve`, {})).status).toBe(403);
    // The compliance officer cannot take the marketing lead's step.
    const early = await comp.post(`${base()}/posts/${id}/approve`, { reviewNumber: '2026-0123', validFrom: '2026-01-01', validUntil: '2099-12-31' });
    expect([early.status, early.body.code ?? early.body.error?.code]).toEqual([403, 'publishing.wrong_approver']);
    expect((await outsider.get(`${base()}/posts/${id}`)).status).toBe(404);

    const one = await lead.post(`${base()}/posts/${id}/approve`, { comment: '좋습니다' });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ status: 'in_review', step: 1 });
    const twice = await lead.post(`${base()}/posts/${id}/approve`, {});
    expect([twice.status, twice.body.code ?? twice.body.error?.code]).toEqual([403, 'publishing.second_step']);
    const noNumber = await comp.post(`${base()}/posts/${id}/approve`, {});
    expect(noNumber.status).toBe(400);
    const done = await comp.post(`${base()}/posts/${id}/approve`, { reviewNumber: '2026-0123', validFrom: '2026-12-01', validUntil: '2099-11-30' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('approved');
    expect(done.body.review.stamp).toBe('준법감시인 심의필 제2026-0123호 (2026.12.01~2099.11.30)');
    expect(done.body.variants[0].finalText.endsWith('준법감시인 심의필 제2026-0123호 (2026.12.01~2099.11.30)')).toBe(true);
    expect(done.body.variants[0].status).toBe('scheduled');
    expect(channel.deliveries).toHaveLength(0);

    await expect.poll(async () => (await maker.get(`${base()}/posts/${id}`)).body.status, { timeout: 20_000, interval: 250 }).toBe('published');
    const sent = (await maker.get(`${base()}/posts/${id}`)).body.variants[0];
    expect(channel.deliveries).toHaveLength(1);
    expect(channel.deliveries[0]!.text).toContain('심의필 제2026-0123호');
    expect(channel.deliveries[0]!.at).toBeGreaterThanOrEqual(Date.parse(slot) - 50);
    expect(sent).toMatchObject({ nativeId: channel.deliveries[0]!.id, url: `https://pub.test/s/${channel.deliveries[0]!.id}` });
    const audit = (await admin.get(`/api/v1/w/${ws}/audit?action=publishing.&limit=50`)).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['publishing.post_created', 'publishing.submitted', 'publishing.step_approved', 'publishing.approved', 'publishing.send_started', 'publishing.published']));
    // A published post cannot be edited.
    expect((await maker.request('PUT', `${base()}/posts/${id}`, compose(LOAN_OK, null))).status).toBe(409);
  }, 60_000);

  it('an edit after approval sends the post back; the diff shows what changed; request-changes and comments', async () => {
    const slot = new Date(Date.now() + 3_600_000).toISOString();
    const id = (await maker.post(`${base()}/posts`, compose(LOAN_OK, slot))).body.id;
    await maker.post(`${base()}/posts/${id}/submit`, {});
    const back = await lead.post(`${base()}/posts/${id}/request-changes`, { comment: '금리 산출기준을 더 분명히' });
    expect(back.body.status).toBe('changes_requested');
    await maker.request('PUT', `${base()}/posts/${id}`, compose(LOAN_OK.replace('특판!', '특별 판매!'), slot));
    expect((await maker.post(`${base()}/posts/${id}/submit`, {})).body.round).toBe(2);
    await lead.post(`${base()}/posts/${id}/approve`, {});
    const ok = await comp.post(`${base()}/posts/${id}/approve`, { reviewNumber: '2026-0200', validFrom: '2026-01-01', validUntil: '2099-01-01' });
    expect(ok.body.status).toBe('approved');
    const diff = await lead.get(`${base()}/posts/${id}/diff`);
    const master = diff.body.fields.find((f: { field: string }) => f.field === 'masterText').ops;
    expect(master).toEqual(expect.arrayContaining([{ op: 'del', text: '특판!' }, expect.objectContaining({ op: 'add' })]));
    // Any edit after approval: back to review, the 심의필 gone.
    const edited = await maker.request('PUT', `${base()}/posts/${id}`, compose(`${LOAN_OK} 지금!`, slot));
    expect(edited.body).toMatchObject({ status: 'in_review', round: 3, step: 0, review: null });
    expect(edited.body.variants[0].status).toBe('draft');
    expect((await comp.post(`${base()}/posts/${id}/comments`, { comment: '확인 중' })).status).toBe(201);
    const reviews = (await maker.get(`${base()}/posts/${id}/reviews`)).body.reviews.map((r: { action: string }) => r.action);
    expect(reviews).toEqual(['submitted', 'changes_requested', 'submitted', 'approved', 'approved', 'submitted', 'comment']);
  });

  it('crisis mode pauses the next post at its slot; stop-all stops everything scheduled; resume sends it', async () => {
    const approve = async (slot: string) => {
      const id = (await maker.post(`${base()}/posts`, compose(LOAN_OK, slot))).body.id;
      await maker.post(`${base()}/posts/${id}/submit`, {});
      await lead.post(`${base()}/posts/${id}/approve`, {});
      await comp.post(`${base()}/posts/${id}/approve`, { reviewNumber: '2026-0300', validFrom: '2026-01-01', validUntil: '2099-01-01' });
      return id;
    };
    const before = channel.deliveries.length;
    const soon = await approve(new Date(Date.now() + 2_000).toISOString());
    const later = await approve(new Date(Date.now() + 3_600_000).toISOString());
    expect((await admin.post(`/api/v1/w/${ws}/listening/crisis`, { active: true, reason: '장애' })).status).toBe(200);
    await expect.poll(async () => (await maker.get(`${base()}/posts/${soon}`)).body.variants[0].status, { timeout: 15_000, interval: 250 }).toBe('paused');
    expect(channel.deliveries.length).toBe(before);
    expect((await agent.post(`${base()}/stop-all`, {})).status).toBe(403);
    const stop = await admin.post(`${base()}/stop-all`, { reason: '위기 대응' });
    expect(stop.body.stopped).toBe(2);
    expect((await maker.get(`${base()}/posts/${later}`)).body.status).toBe('stopped');
    await admin.post(`/api/v1/w/${ws}/listening/crisis`, { active: false });
    expect((await admin.post(`${base()}/posts/${soon}/resume`)).body.resumed).toBe(1);
    await expect.poll(async () => (await maker.get(`${base()}/posts/${soon}`)).body.status, { timeout: 15_000, interval: 250 }).toBe('published');
    expect(channel.deliveries.length).toBe(before + 1);
    expect((await maker.get(`${base()}/posts/${later}`)).body.status).toBe('stopped');
  }, 60_000);

  it('calendar by month and campaign; another workspace sees nothing; bad input is a 4xx', async () => {
    const camp = await maker.post(`${base()}/campaigns`, { name: '봄 대출 캠페인', product: 'loan' });
    expect(camp.status).toBe(201);
    const slot = new Date(Date.now() + 86_400_000).toISOString();
    const id = (await maker.post(`${base()}/posts`, compose(LOAN_OK, slot, { campaignId: camp.body.id }))).body.id;
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const cal = await lead.get(`${base()}/calendar?from=${from}&to=${to}&campaignId=${camp.body.id}`);
    expect(cal.status).toBe(200);
    expect(cal.body.entries.map((e: { postId: string }) => e.postId)).toEqual([id]);
    expect(cal.body.entries[0]).toMatchObject({ title: '대출 프로모션', excerpt: LOAN_OK.slice(0, 80), status: 'draft', variants: [{ target: 'pubtest', accountId, status: 'draft' }] });
    // Times as toISOString writes them (the store writes this JSON itself), in slot order.
    const at = cal.body.entries[0].scheduledAt as string;
    expect(new Date(at).toISOString()).toBe(at);
    expect(Math.abs(Date.parse(at) - Date.parse(slot))).toBeLessThan(120_000);
    const all = await lead.get(`${base()}/calendar?from=${from}&to=${to}&target=pubtest`);
    expect(all.body.entries.length).toBeGreaterThan(1);
    const slots = all.body.entries.map((e: { scheduledAt: string }) => e.scheduledAt);
    expect(slots).toEqual([...slots].sort());
    expect((await lead.get(`${base()}/calendar?from=${from}&to=${to}&accountId=${accountId}`)).body.entries.map((e: { postId: string }) => e.postId)).toContain(id);
    expect((await lead.get(`${base()}/calendar?from=${from}&to=${to}&target=nowhere`)).body.entries).toEqual([]);
    expect((await lead.get(`${base()}/calendar?from=${from}&to=${to}&accountId=not-a-uuid`)).body.entries).toEqual([]);
    expect((await lead.get(`${base()}/calendar?from=${to}&to=${from}`)).status).toBe(400);
    expect((await maker.post(`${base()}/posts/${id}/schedule`, { scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString() })).body.scheduledAt).not.toBe(slot);
    expect((await outsider.get(`/api/v1/w/${ws}/publishing/calendar?from=${from}&to=${to}`)).status).toBe(404);
    expect((await maker.post(`${base()}/posts`, { masterText: 'x', variants: [{ target: 'nowhere' }] })).status).toBe(400);
    expect((await maker.post(`${base()}/posts`, { masterText: 'x', variants: [{ target: 'pubtest', accountId: '00000000-0000-0000-0000-000000000000' }] })).status).toBe(404);
    const check = await agent.post(`${base()}/check`, { target: 'pubtest', text: '원금 보장! 무조건 수익', product: 'investment' });
    expect(check.body.ok).toBe(false);
    const best = await lead.get(`${base()}/best-times`);
    expect(best.status).toBe(200);
    expect(['engagement', 'audience_activity', 'none']).toContain(best.body.basis);
  });
});
