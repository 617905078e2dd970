import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { CONVERSATION_SUBJECT, type ConversationEvent } from '../../src/modules/inbox/inbox.tables.js';
import { inboxChannel } from './channel.js';
import { startInbox, type InboxHarness } from './harness.js';

// Monday 2026-11-23 10:00 in Seoul (01:00 UTC): office hours 09:00–18:00 KST = 00:00–09:00 UTC.
const clock = new ManualClock('2026-11-23T01:00:00Z');
const chan = inboxChannel('slachan');
let h: InboxHarness;
const events: ConversationEvent[] = [];

const timer = (c: { sla: { timers: Array<{ kind: string }> } }, kind: string) => c.sla.timers.find((t) => t.kind === kind) as Record<string, unknown> | undefined;
const rows = (conversationId: string) => h.db.selectFrom('sla_timers').selectAll().where('conversation_id', '=', conversationId).orderBy('kind').orderBy('started_at').execute();
const get = async (id: string) => (await h.api.get(`${h.base}/conversations/${id}`)).body;

beforeAll(async () => {
  h = await startInbox([chan], { clock });
  await h.server.runtime.services.bus.subscribe<ConversationEvent>(CONVERSATION_SUBJECT, (m) => void events.push(m.data));
});
afterAll(async () => h.close());

describe('SLA timers', () => {
  let first: string;

  it('start at the first customer message, in business time of the default policy', async () => {
    const policies = (await h.api.get(`${h.base}/sla-policies`)).body.policies;
    expect(policies.map((p: { name: string; isDefault: boolean }) => [p.name, p.isDefault])).toEqual([
      ['기본 SLA (영업시간)', true],
      ['소셜 공개글 24/7', false],
    ]);
    expect(policies[0].targets.normal).toEqual({ firstResponseMs: 3_600_000, nextResponseMs: 28_800_000, resolutionMs: 97_200_000 });
    await h.deliver('slachan', [{ id: 's1', author: 'kang', text: '이체 한도 변경 문의', at: '2026-11-23T01:00:00Z' }]);
    first = (await h.routed('s1')).id;
    const c = await get(first);
    expect(c.sla.policy.name).toBe('기본 SLA (영업시간)');
    expect(timer(c, 'first_response')).toMatchObject({ state: 'running', startedAt: '2026-11-23T01:00:00.000Z', dueAt: '2026-11-23T02:00:00.000Z', warningAt: '2026-11-23T01:48:00.000Z', remainingMs: 3_600_000 });
    // 27 business hours: Mon 10–18, Tue and Wed 9–18, Thu 9–10 (KST).
    expect(timer(c, 'resolution')).toMatchObject({ state: 'running', dueAt: '2026-11-26T01:00:00.000Z' });
    expect(c.conversation.slaDueAt).toBe('2026-11-23T02:00:00.000Z');
    const list = (await h.api.get(`${h.base}/conversations`)).body.conversations;
    expect(list.find((x: { id: string }) => x.id === first).slaDueAt).toBe('2026-11-23T02:00:00.000Z');
    expect((await rows(first)).map((r: { kind: string; state: string }) => [r.kind, r.state])).toEqual([
      ['first_response', 'running'],
      ['resolution', 'running'],
    ]);
  });

  it('skip closed hours and Korean holidays: Thursday 17:30 before Christmas is due Monday 09:30', async () => {
    clock.set('2026-12-24T08:30:00Z');
    await h.relogin();
    await h.deliver('slachan', [{ id: 'x1', author: 'yoon', text: '카드 재발급', at: '2026-12-24T08:30:00Z' }]);
    const c = await get((await h.routed('x1')).id);
    expect(timer(c, 'first_response')).toMatchObject({ dueAt: '2026-12-28T00:30:00.000Z' });
    clock.set('2026-11-23T01:00:00Z');
  });

  it('warn and breach through the job, which escalates and announces', async () => {
    clock.set('2026-11-23T01:50:00Z');
    await h.relogin();
    expect(await h.server.runtime.services.inbox.timers.runDue()).toEqual({ warned: 1, breached: 0 });
    expect(await h.server.runtime.services.inbox.timers.runDue()).toEqual({ warned: 0, breached: 0 });
    expect(timer(await get(first), 'first_response')).toMatchObject({ state: 'warning', remainingMs: 600_000 });
    clock.set('2026-11-23T02:00:00Z');
    expect(await h.server.runtime.services.inbox.timers.runDue()).toEqual({ warned: 0, breached: 1 });
    const c = await get(first);
    expect(c.conversation).toMatchObject({ priority: 'high' });
    expect(c.conversation.tags).toContain('sla-breach');
    expect(timer(c, 'first_response')).toMatchObject({ state: 'breached', breachedAt: '2026-11-23T02:00:00.000Z' });
    // The higher priority's resolution target (one business day) applies now.
    expect(timer(c, 'resolution')).toMatchObject({ dueAt: '2026-11-24T01:00:00.000Z' });
    const r = (await rows(first)).find((x: { kind: string }) => x.kind === 'first_response');
    expect(r).toMatchObject({ state: 'breached', warned_at: new Date('2026-11-23T01:50:00Z'), breached_at: new Date('2026-11-23T02:00:00Z') });
    expect(events.filter((e) => e.conversationId === first && e.change === 'sla').map((e) => e.sla)).toEqual([
      { kind: 'first_response', state: 'warning' },
      { kind: 'first_response', state: 'breached' },
    ]);
    const audit = await h.db.selectFrom('audit_log').select(['action', 'actor_label']).where('target_id', '=', first).orderBy('seq').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'sla.warning', actor_label: 'system:sla' },
        { action: 'sla.breached', actor_label: 'system:sla' },
      ]),
    );
  });

  it('stop the first response at the moment the reply is sent, and start the next response on the next message', async () => {
    clock.set('2026-11-23T03:00:00Z');
    await h.relogin();
    await h.deliver('slachan', [{ id: 's2', author: 'jung', text: '대출 상환일 문의', at: '2026-11-23T03:00:00Z' }]);
    const id = (await h.routed('s2')).id;
    clock.set('2026-11-23T03:20:00Z');
    const reply = await h.api.post(`${h.base}/conversations/${id}/replies`, { text: '상환일은 앱에서 변경하실 수 있습니다.' });
    expect(reply.status).toBe(202);
    await expect.poll(async () => (await get(id)).conversation.firstResponseAt, { timeout: 10_000 }).toBe('2026-11-23T03:20:00.000Z');
    clock.set('2026-11-23T03:25:00Z');
    let c = await get(id);
    expect(timer(c, 'first_response')).toMatchObject({ state: 'met', metAt: '2026-11-23T03:20:00.000Z', stoppedAt: '2026-11-23T03:20:00.000Z', elapsedMs: 1_200_000 });
    const fr = (await rows(id)).find((x: { kind: string }) => x.kind === 'first_response');
    expect(fr).toMatchObject({ state: 'met', stopped_at: new Date('2026-11-23T03:20:00Z') });
    await h.deliver('slachan', [{ id: 's2b', author: 'jung', text: '앱에서 메뉴가 안 보여요', at: '2026-11-23T03:25:00Z', parent: 's2' }]);
    await expect.poll(async () => timer(await get(id), 'next_response')?.state, { timeout: 10_000 }).toBe('running');
    c = await get(id);
    expect(timer(c, 'next_response')).toMatchObject({ startedAt: '2026-11-23T03:25:00.000Z', dueAt: '2026-11-24T02:25:00.000Z', cycles: 1 });
  });

  it('pause the resolution clock while pending and stop it on resolve', async () => {
    clock.set('2026-11-23T04:00:00Z');
    await h.deliver('slachan', [{ id: 's3', author: 'han', text: '증명서 발급 요청', at: '2026-11-23T04:00:00Z' }]);
    const id = (await h.routed('s3')).id;
    clock.set('2026-11-23T05:00:00Z');
    await h.api.patch(`${h.base}/conversations/${id}`, { status: 'pending' });
    clock.set('2026-11-23T07:00:00Z');
    let c = await get(id);
    expect(timer(c, 'resolution')).toMatchObject({ state: 'paused', clock: 'paused', dueAt: null, elapsedMs: 3_600_000 });
    expect((await rows(id)).find((x: { kind: string }) => x.kind === 'resolution')).toMatchObject({ state: 'paused', due_at: null });
    await h.api.patch(`${h.base}/conversations/${id}`, { status: 'resolved' });
    c = await get(id);
    expect(timer(c, 'resolution')).toMatchObject({ state: 'met', stoppedAt: '2026-11-23T07:00:00.000Z' });
    // Resolving without any reply cancels the running first-response timer (no verdict).
    expect(timer(c, 'first_response')).toMatchObject({ state: 'breached' });
    expect((await rows(id)).map((r: { kind: string; state: string }) => [r.kind, r.state])).toEqual([
      ['first_response', 'breached'],
      ['resolution', 'met'],
    ]);
  });

  it('wake snoozed conversations when their time has passed', async () => {
    clock.set('2026-11-24T01:00:00Z');
    await h.relogin();
    await h.deliver('slachan', [{ id: 'z1', author: 'seo', text: '내일 다시 연락 주세요', at: '2026-11-24T01:00:00Z' }]);
    const id = (await h.routed('z1')).id;
    expect((await h.api.patch(`${h.base}/conversations/${id}`, { status: 'snoozed' })).body.error.code).toBe('conversation.snooze_needs_time');
    expect((await h.api.patch(`${h.base}/conversations/${id}`, { status: 'snoozed', snoozedUntil: '2026-11-24T03:00:00Z' })).status).toBe(200);
    clock.set('2026-11-24T02:59:59Z');
    expect(await h.server.runtime.services.inbox.snooze.wakeDue()).toBe(0);
    clock.set('2026-11-24T03:00:00Z');
    expect(await h.server.runtime.services.inbox.snooze.wakeDue()).toBe(1);
    const c = await get(id);
    expect(c.conversation).toMatchObject({ status: 'open', snoozedUntil: null });
    const audit = await h.db.selectFrom('audit_log').select(['action', 'actor_label']).where('target_id', '=', id).where('action', '=', 'conversation.woken').execute();
    expect(audit).toEqual([{ action: 'conversation.woken', actor_label: 'system:snooze' }]);
    expect(await h.server.runtime.services.inbox.snooze.wakeDue()).toBe(0);
  });
});
