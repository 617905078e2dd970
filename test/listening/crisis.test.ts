import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { rhythmTimes } from '../../src/demo/replay.js';
import type { ChannelEvent } from '../../src/channels/port.js';
import { ingestAs, matchCount as matchesOf, postEvents, startNotifyEnv, until, type NotifyEnv } from './support.js';

// Wednesday 12:20 KST: lunchtime, when a login outage hurts.
const NOW = new Date('2026-11-18T03:20:00Z');
const clock = new ManualClock(NOW);
let env: NotifyEnv;
let queryId: string;

const NEGATIVE = ['국민은행 앱 또 먹통이네 최악이다', '국민은행 로그인 오류 짜증나요 언제 고쳐요', '국민은행 이체 안돼서 화나네요', '국민은행 서비스 너무 불편해요 실망'];
const OTHER = ['국민은행 지점 친절해서 좋았어요', '국민은행 금리 괜찮네', '국민은행 앱 업데이트 했어요'];

const ingest = (events: ChannelEvent[]) => ingestAs(env.server, env.accountId, events);

const matchCount = () => matchesOf(env.server, queryId);

beforeAll(async () => {
  env = await startNotifyEnv({ clock, smtpLogin: { user: 'alerts', password: 'smtp-비밀번호' } });
});
afterAll(async () => {
  await env?.close();
});

describe('crisis detection and delivery', () => {
  it('configures SMTP (password encrypted) and two notification channels', async () => {
    const port = env.smtp.port;
    const put = await env.api.request('PUT', `${env.base}/smtp`, { host: '127.0.0.1', port, user: 'alerts', password: 'smtp-비밀번호', from: '소통 알림 <alerts@bank.test>' });
    expect(put.status).toBe(200);
    expect(put.body.smtp).toEqual({ host: '127.0.0.1', port, secure: false, user: 'alerts', from: '소통 알림 <alerts@bank.test>', rejectUnauthorized: true, passwordSet: true });
    expect(JSON.stringify((await env.api.get(`${env.base}/smtp`)).body)).not.toContain('비밀번호');
    const stored = await sql<{ envelope: string }>`select envelope from secrets where owner_type = 'listening_smtp'`.execute(env.server.runtime.services.store.db);
    expect(stored.rows[0]!.envelope).not.toContain('smtp');
    const email = await env.api.post(`${env.base}/notify-channels`, { kind: 'email', name: '홍보팀', recipients: ['pr@bank.test', 'cx@bank.test'] });
    expect(email.status).toBe(201);
    const url = env.receiver.url;
    const hook = await env.api.post(`${env.base}/notify-channels`, { kind: 'webhook', name: 'Slack', url, format: 'sotong' });
    expect(hook.status).toBe(201);
    env.receiver.secret = hook.body.secret;
    expect(env.receiver.secret).toMatch(/^whsec_/);
    expect((await env.api.post(`${env.base}/notify-channels/${hook.body.channel.id}/test`)).body).toEqual({ delivered: true });
    expect(env.receiver.hooks.at(-1)).toMatchObject({ verified: true, headers: { 'x-sotong-event': 'listening.test' } });
    const q = await env.api.post(`${env.base}/queries`, { name: '국민은행', expression: '국민은행', backfillDays: 0, alert: { channelIds: [email.body.channel.id, hook.body.channel.id], cooldownMinutes: 180 } });
    expect(q.status).toBe(201);
    queryId = q.body.query.id;
    // Matches are complete from two weeks back (as after a backfill), so the detector trusts the history.
    await sql`update listening_queries set history_from = ${new Date(NOW.getTime() - 15 * 86_400_000)} where id = ${queryId}`.execute(env.server.runtime.services.store.db);
  });

  it('raises exactly one alert for a sudden negative spike after two normal weeks, and notifies once', async () => {
    const hourStart = new Date(Math.floor(NOW.getTime() / 3_600_000) * 3_600_000);
    const from = new Date(hourStart.getTime() - 14 * 86_400_000);
    const negative = rhythmTimes(14 * 40, from, hourStart);
    const other = rhythmTimes(14 * 60, from, hourStart);
    await ingest([...postEvents(negative, 'neg', NEGATIVE), ...postEvents(other, 'oth', OTHER)]);
    await until(async () => (await matchCount()) === negative.length + other.length, 60_000, 'history matched');
    const detector = env.server.runtime.services.listening.detector;
    expect(await detector.run()).toBe(0); // a normal lunchtime
    // The outage: 45 negative posts in the first 20 minutes of the hour.
    const spike = Array.from({ length: 45 }, (_, i) => new Date(hourStart.getTime() + i * 25_000));
    await ingest(postEvents(spike, 'spike', NEGATIVE));
    await until(async () => (await matchCount()) === negative.length + other.length + 45, 30_000, 'spike matched');
    // The UI hears it live (server-sent events).
    const cookies = (env.api as unknown as { cookies: Map<string, string> }).cookies;
    const ctrl = new AbortController();
    const live = await fetch(`${env.server.url}${env.base}/alerts/live`, { headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, signal: ctrl.signal });
    expect(live.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = live.body!.getReader();
    await reader.read();
    expect(await detector.run()).toBe(1);
    let stream = '';
    while (!stream.includes('event: alert')) stream += new TextDecoder().decode((await reader.read()).value);
    expect(stream).toMatch(/event: alert\ndata: \{"id":"[0-9a-f-]{36}","queryId":"/);
    ctrl.abort();
    const alerts = (await env.api.get(`${env.base}/alerts`)).body.alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ queryId, queryName: '국민은행', kind: 'negative', status: 'open', notified: true, hourStart: hourStart.toISOString() });
    expect(alerts[0].observed).toBeGreaterThanOrEqual(45);
    expect(alerts[0].ratio).toBeGreaterThan(3);
    expect(alerts[0].topItems.length).toBeGreaterThan(0);
    expect(alerts[0].topKeywords.map((k: { term: string }) => k.term)).toContain('국민은행');
    // The reason as data (code + numbers), for sentences in the reader's language.
    expect(alerts[0].code).toBe('spike');
    expect(alerts[0].reasonParams).toMatchObject({ hourStart: hourStart.toISOString(), observed: alerts[0].observed, z: expect.any(Number), ratio: expect.any(Number), expected: expect.any(Number) });
    await until(async () => env.smtp.mails.length === 1 && env.receiver.hooks.filter((h) => h.headers['x-sotong-event'] === 'listening.alert').length === 1, 20_000, 'deliveries');
    expect(env.smtp.mails[0]!.subject).toMatch(/^\[소통\] 위기 알림 .*: 국민은행 부정 언급 급증/);
    // The mail is Korean throughout: the reason too, not the detector's English log line.
    expect(env.smtp.mails[0]!.text).toMatch(/\d+건 \(평소 이 시간대 예상 [\d.]+건, [\d.]+배, z = [\d.-]+\)/);
    expect(env.smtp.mails[0]!.text).not.toMatch(/spike:|items in|expected/);
    expect((env.smtp.mails[0]!.to as { value: Array<{ address: string }> }).value.map((v) => v.address)).toEqual(['pr@bank.test', 'cx@bank.test']);
    const hook = env.receiver.hooks.find((h) => h.headers['x-sotong-event'] === 'listening.alert')!;
    expect(hook.verified).toBe(true);
    expect(hook.headers['x-sotong-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hook.body).toMatchObject({ type: 'listening.alert', alert: { id: alerts[0].id, kind: 'negative' } });
    await until(async () => (await env.api.get(`${env.base}/alerts/${alerts[0].id}`)).body.alert.deliveries.every((d: { status: string }) => d.status === 'sent'), 10_000, 'delivery rows');

    // A repeat run, more negative posts later in the hour, and the next hour: one episode, no new notification.
    expect(await detector.run()).toBe(1);
    clock.advance(10 * 60_000);
    await ingest(
      postEvents(
        Array.from({ length: 10 }, (_, i) => new Date(clock.now().getTime() - i * 1000)),
        'more',
        NEGATIVE,
      ),
    );
    await until(async () => (await matchCount()) === negative.length + other.length + 55, 30_000, 'more matched');
    await detector.run();
    clock.set(new Date(hourStart.getTime() + 3_600_000 + 20 * 60_000));
    await ingest(
      postEvents(
        Array.from({ length: 40 }, (_, i) => new Date(clock.now().getTime() - i * 20_000)),
        'next',
        NEGATIVE,
      ),
    );
    await until(async () => (await matchCount()) === negative.length + other.length + 95, 30_000, 'next hour matched');
    await detector.run();
    const after = (await env.api.get(`${env.base}/alerts`)).body.alerts;
    expect(after.length).toBeLessThanOrEqual(2);
    expect(after.filter((a: { notified: boolean }) => a.notified)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(env.smtp.mails).toHaveLength(1);
    expect(env.receiver.hooks.filter((h) => h.headers['x-sotong-event'] === 'listening.alert')).toHaveLength(1);
  });

  it('switches crisis mode on and off: marks the period, pins the alert, sets the flag', async () => {
    const alert = (await env.api.get(`${env.base}/alerts`)).body.alerts.at(-1);
    expect((await env.api.get(`${env.base}/crisis`)).body.crisis).toEqual({ active: false, since: null, reason: null, alertId: null });
    const on = await env.api.post(`${env.base}/crisis`, { active: true, reason: '로그인 장애', alertId: alert.id });
    expect(on.status).toBe(200);
    expect(on.body.crisis).toMatchObject({ active: true, reason: '로그인 장애', alertId: alert.id, since: clock.now().toISOString() });
    expect((await env.api.get(`${env.base}/alerts/${alert.id}`)).body.alert.pinned).toBe(true);
    const { isCrisisActive } = await import('../../src/modules/listening/crisis.service.js');
    expect(await isCrisisActive(env.server.runtime.services.store, env.ws)).toBe(true);
    clock.advance(30 * 60_000);
    const off = await env.api.post(`${env.base}/crisis`, { active: false });
    expect(off.body.crisis.active).toBe(false);
    const state = (await env.api.get(`${env.base}/crisis`)).body;
    expect(state.periods).toHaveLength(1);
    expect(state.periods[0]).toMatchObject({ reason: '로그인 장애', alertId: alert.id, endedAt: clock.now().toISOString() });
    expect(await isCrisisActive(env.server.runtime.services.store, env.ws)).toBe(false);
    const ack = await env.api.patch(`${env.base}/alerts/${alert.id}`, { status: 'resolved' });
    expect(ack.body.alert).toMatchObject({ status: 'resolved', pinned: true });
  });
});
