import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxChannel } from './channel.js';
import { startInbox, type InboxHarness } from './harness.js';

const chan = inboxChannel('wschan');
let h: InboxHarness;
let conversationId: string;

beforeAll(async () => {
  h = await startInbox([chan]);
  await h.deliver('wschan', [{ id: 'w1', author: 'kimminsu', name: '김민수', text: '예금 금리 문의', at: new Date().toISOString() }]);
  conversationId = (await h.routed('w1')).id;
});
afterAll(async () => h.close());

describe('canned replies', () => {
  it('are created, validated, searched and rendered for a conversation with josa', async () => {
    const bad = await h.api.post(`${h.base}/canned-replies`, { name: '잘못', text: '{{customer.nmae}}님 안녕하세요' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'canned.invalid_template', field: 'text' });
    expect(bad.body.error.message).toContain('customer.nmae');
    const r = await h.api.post(`${h.base}/canned-replies`, { name: '인사', text: '{{customer.name|고객}}님(은)는 {{agent.team|상담팀}}의 {{agent.name}}(이)가 도와드립니다.' });
    expect(r.status).toBe(201);
    expect(r.body.cannedReply.variables).toEqual(['customer.name', 'agent.team', 'agent.name']);
    const id = r.body.cannedReply.id;
    expect((await h.api.get(`${h.base}/canned-replies?q=인사`)).body.cannedReplies).toHaveLength(1);
    expect((await h.api.get(`${h.base}/canned-replies?q=없는말`)).body.cannedReplies).toHaveLength(0);
    const rendered = await h.api.post(`${h.base}/canned-replies/${id}/render`, { conversationId });
    expect(rendered.status).toBe(200);
    expect(rendered.body).toMatchObject({ ok: true, text: '김민수님은 상담팀의 관리자 (Admin)이 도와드립니다.', missing: [] });
    const edited = await h.api.patch(`${h.base}/canned-replies/${id}`, { text: '{{customer.handle}} 고객님, {{workspace.name}}입니다.' });
    expect(edited.body.cannedReply.text).toBe('{{customer.handle}} 고객님, {{workspace.name}}입니다.');
    expect((await h.api.post(`${h.base}/canned-replies/${id}/render`, { conversationId })).body.text).toBe('kimminsu 고객님, 데모은행 (Demo Bank)입니다.');
    expect((await h.api.post(`${h.base}/canned-replies/${id}/render`, { conversationId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await h.api.delete(`${h.base}/canned-replies/${id}`)).status).toBe(204);
    expect((await h.api.get(`${h.base}/canned-replies`)).body.cannedReplies).toHaveLength(0);
  });
});

describe('SLA policies', () => {
  it('are validated with the field path, and the default cannot be deleted', async () => {
    const bad = await h.api.post(`${h.base}/sla-policies`, { name: '잘못', targets: { high: { firstResponseMs: -5 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'sla.invalid', field: 'targets.high.firstResponseMs' });
    const badShift = await h.api.post(`${h.base}/sla-policies`, { name: '잘못 2', targets: {}, schedule: { week: { mon: [{ start: '25:00', end: '18:00' }] } } });
    expect(badShift.body.error.field).toBe('schedule.week.mon[0].start');
    const r = await h.api.post(`${h.base}/sla-policies`, { name: '야간 카드분실 24/7', clock: 'calendar', isDefault: true, targets: { urgent: { firstResponseMs: 300_000 } }, escalation: { raisePriority: false } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.policy).toMatchObject({ isDefault: true, clock: 'calendar', escalation: { raisePriority: false, teamId: null }, schedule: { timeZone: 'Asia/Seoul' } });
    const list = (await h.api.get(`${h.base}/sla-policies`)).body.policies;
    expect(list.filter((p: { isDefault: boolean }) => p.isDefault).map((p: { name: string }) => p.name)).toEqual(['야간 카드분실 24/7']);
    expect((await h.api.delete(`${h.base}/sla-policies/${r.body.policy.id}`)).status).toBe(409);
    const old = list.find((p: { name: string }) => p.name === '기본 SLA (영업시간)');
    const back = await h.api.patch(`${h.base}/sla-policies/${old.id}`, { isDefault: true, schedule: { holidays: { laborDay: true, extra: [{ date: '2026-12-31', name: '연말 휴무' }], exclude: [] } } });
    expect(back.body.policy).toMatchObject({ isDefault: true, schedule: { holidays: { extra: [{ date: '2026-12-31', name: '연말 휴무' }] } } });
    expect((await h.api.delete(`${h.base}/sla-policies/${r.body.policy.id}`)).status).toBe(204);
    // A conversation can be put on another policy.
    const social = list.find((p: { name: string }) => p.name === '소셜 공개글 24/7');
    const patched = await h.api.patch(`${h.base}/conversations/${conversationId}`, { slaPolicyId: social.id });
    expect(patched.status).toBe(200);
    expect((await h.api.get(`${h.base}/conversations/${conversationId}`)).body.sla.policy.name).toBe('소셜 공개글 24/7');
  });
});

describe('collision detection', () => {
  it('publishes presence on the SSE stream with the user, and lists who is on a conversation', async () => {
    const lee = await h.member('lee.presence@bank.test', 'agent', '이상담');
    const cookies = (h.api as unknown as { cookies: Map<string, string> }).cookies;
    const ctrl = new AbortController();
    const res = await fetch(`${h.server.url}${h.base}/events`, { headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    await reader.read(); // ': connected'
    const typing = await lee.api.post(`${h.base}/conversations/${conversationId}/presence`, { state: 'typing' });
    expect(typing.status).toBe(202);
    expect(typing.body.presence).toEqual([expect.objectContaining({ userId: lee.id, name: '이상담', state: 'typing' })]);
    let text = '';
    while (!text.includes('event: presence')) text += new TextDecoder().decode((await reader.read()).value);
    const data = JSON.parse(/event: presence\ndata: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({ conversationId, userId: lee.id, name: '이상담', state: 'typing' });
    expect(Date.parse(data.expiresAt) - Date.parse(data.at)).toBe(15_000);
    const seen = await h.api.get(`${h.base}/conversations/${conversationId}`);
    expect(seen.body.presence.map((p: { name: string }) => p.name)).toEqual(['이상담']);
    await lee.api.post(`${h.base}/conversations/${conversationId}/presence`, { state: 'left' });
    while (!text.includes('"state":"left"')) text += new TextDecoder().decode((await reader.read()).value);
    expect((await h.api.get(`${h.base}/conversations/${conversationId}/presence`)).body.presence).toEqual([]);
    ctrl.abort();
  });
});
