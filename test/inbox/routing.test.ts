import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxChannel } from './channel.js';
import { startInbox, type InboxHarness } from './harness.js';

const chan = inboxChannel('inboxa');
let h: InboxHarness;
let cardTeam: string;
let loanTeam: string;
let kim: { id: string };
let lee: { id: string };
let ackId: string;

beforeAll(async () => {
  h = await startInbox([chan]);
  cardTeam = (await h.api.post(`${h.base}/teams`, { name: '카드팀', skills: ['card'] })).body.team.id;
  loanTeam = (await h.api.post(`${h.base}/teams`, { name: '대출팀' })).body.team.id;
  kim = await h.member('kim@bank.test', 'agent', '김상담');
  lee = await h.member('lee@bank.test', 'agent', '이상담');
  for (const a of [kim, lee]) {
    const r = await h.api.patch(`${h.base}/agents/${a.id}`, { teamIds: [cardTeam], capacity: 2, availability: 'online', skills: { languages: ['ko'], products: [] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  ackId = (await h.api.post(`${h.base}/canned-replies`, { name: '접수 안내', text: '{{customer.name|고객}}님, 문의가 접수되었습니다. {{channel.name}} 상담팀이 곧 답변드리겠습니다.' })).body.cannedReply.id;
});
afterAll(async () => h.close());

describe('routing rules', () => {
  let ruleId: string;

  it('refuses an invalid rule with 400 and the path of the problem', async () => {
    const r = await h.api.post(`${h.base}/rules`, {
      name: '잘못된 규칙',
      conditions: {
        all: [
          { field: 'text', op: 'contains', value: '환불' },
          { field: 'sentiment.label', op: 'equals', value: 'angry' },
        ],
      },
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'rule.invalid', field: 'conditions.all[1].value' });
    const ref = await h.api.post(`${h.base}/rules`, { name: '없는 팀', conditions: { all: [] }, actions: [{ type: 'set_team', teamId: '00000000-0000-4000-8000-000000000000' }] });
    expect(ref.status).toBe(400);
    expect(ref.body.error.field).toBe('actions[0].teamId');
  });

  it('creates rules, keeps every version, and reorders', async () => {
    const r = await h.api.post(`${h.base}/rules`, {
      name: '카드 결제 문의',
      conditions: { all: [{ field: 'text', op: 'contains', value: ['결제', '카드'] }] },
      actions: [
        { type: 'set_team', teamId: cardTeam },
        { type: 'set_priority', priority: 'normal' },
        { type: 'add_tags', tags: ['카드'] },
        { type: 'assign_strategy', strategy: 'least_loaded' },
        { type: 'auto_acknowledge', templateId: ackId },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ruleId = r.body.rule.id;
    expect(r.body.rule).toMatchObject({ version: 1, position: 0, enabled: true, runOn: 'created' });
    const edited = await h.api.patch(`${h.base}/rules/${ruleId}`, { actions: [...r.body.rule.actions.slice(0, 1), { type: 'set_priority', priority: 'high' }, ...r.body.rule.actions.slice(2)] });
    expect(edited.body.rule.version).toBe(2);
    const disabled = await h.api.patch(`${h.base}/rules/${ruleId}`, { enabled: false });
    expect(disabled.body.rule).toMatchObject({ version: 2, enabled: false });
    await h.api.patch(`${h.base}/rules/${ruleId}`, { enabled: true });
    const full = await h.api.get(`${h.base}/rules/${ruleId}`);
    expect(full.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(full.body.versions[1].definition.actions[1]).toEqual({ type: 'set_priority', priority: 'normal' });

    const vip = await h.api.post(`${h.base}/rules`, {
      name: 'VIP·민원 긴급',
      conditions: {
        any: [
          { field: 'author.vip', op: 'equals', value: true },
          { field: 'author.followers', op: 'gte', value: 10000 },
        ],
      },
      actions: [
        { type: 'set_priority', priority: 'urgent' },
        { type: 'add_tags', tags: ['vip'] },
      ],
    });
    expect(vip.body.rule.position).toBe(1);
    const order = await h.api.request('PUT', `${h.base}/rules/order`, { ruleIds: [vip.body.rule.id, ruleId] });
    expect(order.body.rules.map((x: { id: string }) => x.id)).toEqual([vip.body.rule.id, ruleId]);
    expect((await h.api.request('PUT', `${h.base}/rules/order`, { ruleIds: [ruleId] })).status).toBe(400);
  });

  it('routes an arriving item: team, priority, tags, assignment and an automatic acknowledgement', async () => {
    await h.deliver('inboxa', [{ id: 'm1', author: 'choi', name: '최민수', text: '카드 결제가 계속 거절돼요', at: new Date().toISOString(), followers: 20000 }]);
    const { id, conversation } = await h.routed('m1');
    // The later rule (카드 결제 문의) overrides the priority of the earlier VIP rule: last writer wins.
    expect(conversation.conversation).toMatchObject({ priority: 'high', team: { id: cardTeam, name: '카드팀' } });
    expect(conversation.conversation.tags).toEqual(['vip', '카드']);
    expect([kim.id, lee.id]).toContain(conversation.conversation.assignee?.id);
    await expect.poll(() => chan.sent.length, { timeout: 10_000 }).toBe(1);
    expect(chan.sent[0]!.text).toBe('최민수님, 문의가 접수되었습니다. Inbox test inboxa 상담팀이 곧 답변드리겠습니다.');
    const audit = await h.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['routing.applied', 'reply.queued', 'reply.sent']));
    // The automatic acknowledgement is not a first response.
    const again = await h.api.get(`${h.base}/conversations/${id}`);
    expect(again.body.conversation.firstResponseAt).toBeNull();
    expect(again.body.sla.timers.find((t: { kind: string }) => t.kind === 'first_response').state).toMatch(/running|warning/);
  });

  it('assigns least-loaded within capacity and leaves the rest in the team queue', async () => {
    await h.deliver('inboxa', [
      { id: 'm2', author: 'u2', text: '카드 분실 신고', at: new Date().toISOString() },
      { id: 'm3', author: 'u3', text: '카드 한도 문의', at: new Date().toISOString() },
      { id: 'm4', author: 'u4', text: '카드 결제일 변경', at: new Date().toISOString() },
      { id: 'm5', author: 'u5', text: '카드 재발급', at: new Date().toISOString() },
    ]);
    const assignees = [];
    for (const n of ['m2', 'm3', 'm4', 'm5']) assignees.push((await h.routed(n)).conversation.conversation.assignee?.id ?? null);
    // 2 agents × capacity 2 = 4 places, one already taken by m1.
    expect(assignees.filter(Boolean)).toHaveLength(3);
    const agents = (await h.api.get(`${h.base}/agents`)).body.agents;
    for (const a of agents.filter((x: { configured: boolean }) => x.configured)) expect(a.load).toBe(2);
    const waiting = (await h.api.get(`${h.base}/conversations?assignee=unassigned&teamId=${cardTeam}`)).body.conversations;
    expect(waiting).toHaveLength(1);
    // "Assign next" says clearly why nobody can take it.
    const r = await h.api.post(`${h.base}/conversations/${waiting[0].id}/assign`, { strategy: 'round_robin' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('assignment.all_at_capacity');
  });

  it('respects availability: an away agent is skipped, agents set their own availability', async () => {
    const parkApi = (await h.member('park@bank.test', 'agent', '박상담')).api;
    const me = await parkApi.request('PUT', `${h.base}/agents/me/availability`, { availability: 'online' });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.agent).toMatchObject({ availability: 'online', teamIds: [] });
    // An agent may not change their own teams.
    expect((await parkApi.patch(`${h.base}/agents/${me.body.agent.userId}`, { teamIds: [loanTeam] })).status).toBe(403);
    await h.api.patch(`${h.base}/agents/${me.body.agent.userId}`, { teamIds: [loanTeam] });
    await parkApi.request('PUT', `${h.base}/agents/me/availability`, { availability: 'away' });
    const waiting = (await h.api.get(`${h.base}/conversations?assignee=unassigned&teamId=${cardTeam}`)).body.conversations;
    expect((await h.api.post(`${h.base}/conversations/${waiting[0].id}/assign`, { strategy: 'round_robin', teamId: loanTeam })).body.error.code).toBe('assignment.none_available');
    await parkApi.request('PUT', `${h.base}/agents/me/availability`, { availability: 'online' });
    const ok = await h.api.post(`${h.base}/conversations/${waiting[0].id}/assign`, { strategy: 'round_robin', teamId: loanTeam });
    expect(ok.status).toBe(200);
    expect(ok.body.assignment.agentId).toBe(me.body.agent.userId);
    expect(ok.body.conversation).toMatchObject({ assignee: { name: '박상담' }, team: { id: loanTeam } });
  });

  it('previews a draft rule against recent items with a trace per item', async () => {
    const r = await h.api.post(`${h.base}/rules/preview`, { rule: { conditions: { all: [{ field: 'text', op: 'contains', value: '분실' }] }, actions: [{ type: 'add_tags', tags: ['분실'] }] }, limit: 10 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.evaluated).toBe(5);
    expect(r.body.matched).toBe(1);
    const hit = r.body.results.find((x: { matched: boolean }) => x.matched);
    expect(hit.text).toBe('카드 분실 신고');
    expect(hit.trace.conditions.children[0]).toMatchObject({ path: 'conditions.all[0]', field: 'text', result: true, actual: ['분실'] });
    expect(hit.outcome.tags).toEqual(['분실']);
    const miss = r.body.results.find((x: { matched: boolean }) => !x.matched);
    expect(miss.trace.conditions.children[0].note).toBe('no keyword found');
  });

  it('re-runs every_message rules on later customer messages and reopens pending conversations', async () => {
    const rule = await h.api.post(`${h.base}/rules`, {
      name: '해지 언급 시 에스컬레이션',
      runOn: 'every_message',
      conditions: { all: [{ field: 'text', op: 'contains', value: '해지' }] },
      actions: [
        { type: 'escalate', teamId: loanTeam, reason: '해지 위험' },
        { type: 'set_priority', priority: 'urgent' },
      ],
    });
    expect(rule.status).toBe(201);
    const { id } = await h.routed('m2');
    await h.api.patch(`${h.base}/conversations/${id}`, { status: 'pending' });
    await h.deliver('inboxa', [{ id: 'm2b', author: 'u2', text: '답이 없으면 카드 해지하겠습니다', at: new Date().toISOString(), parent: 'm2' }]);
    await expect.poll(async () => (await h.api.get(`${h.base}/conversations/${id}`)).body.conversation.priority, { timeout: 10_000 }).toBe('urgent');
    const c = (await h.api.get(`${h.base}/conversations/${id}`)).body.conversation;
    expect(c).toMatchObject({ status: 'open', team: { id: loanTeam } });
    expect(c.tags).toContain('escalated');
  });
});
