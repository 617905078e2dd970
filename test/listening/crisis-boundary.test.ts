/**
 * A spike across the hour boundary: posts that began at 02:58 KST and went on past 03:00 are judged as
 * one hour before now, not as two halves that each look small; a spike whose own hour already alerted
 * is not raised again from the next hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { rhythmTimes } from '../../src/demo/replay.js';
import type { ChannelEvent } from '../../src/channels/port.js';
import { ingestAs, matchCount, postEvents, startNotifyEnv, until, type NotifyEnv } from './support.js';

const HOUR = 3_600_000;
// Thursday 03:00 KST: a quiet hour of the night.
const B1 = Date.parse('2026-11-18T18:00:00Z');
const clock = new ManualClock(new Date(B1 - 3 * HOUR));
let env: NotifyEnv;
let queryId: string;

const NEGATIVE = ['신한은행 앱 로그인 안돼요 짜증나', '신한은행 이체 오류 났어요 화나네', '신한은행 또 먹통 최악이에요', '신한은행 인증서 오류 계속 떠요 불편해요'];
const OTHER = ['신한은행 적금 들었어요', '신한은행 지점 다녀왔어요', '신한은행 금리 괜찮네요'];

let sent = 0;
async function ingest(events: ChannelEvent[]): Promise<void> {
  await ingestAs(env.server, env.accountId, events);
  sent += events.length;
  await until(async () => (await matchCount(env.server, queryId)) === sent, 60_000, 'matched');
}
const alerts = async () => (await env.api.get(`${env.base}/alerts`)).body.alerts as Array<{ id: string; hourStart: string; observed: number; notified: boolean; reasonParams: Record<string, unknown>; topItems: Array<{ text: string }> }>;
const spaced = (from: number, n: number, stepMs: number) => Array.from({ length: n }, (_, i) => new Date(from + i * stepMs));

beforeAll(async () => {
  env = await startNotifyEnv({ clock });
  const email = await env.api.post(`${env.base}/notify-channels`, { kind: 'email', name: '상황실', recipients: ['ops@bank.test'] });
  await env.api.request('PUT', `${env.base}/smtp`, { host: '127.0.0.1', port: env.smtp.port, from: '소통 알림 <alerts@bank.test>' });
  const q = await env.api.post(`${env.base}/queries`, { name: '신한은행', expression: '신한은행', backfillDays: 0, alert: { channelIds: [email.body.channel.id], cooldownMinutes: 60 } });
  expect(q.status).toBe(201);
  queryId = q.body.query.id;
  await sql`update listening_queries set history_from = ${new Date(B1 - 15 * 86_400_000)} where id = ${queryId}`.execute(env.server.runtime.services.store.db);
  // Two ordinary weeks up to 02:00 KST on the day.
  const end = new Date(B1 - 2 * HOUR);
  const from = new Date(end.getTime() - 14 * 86_400_000);
  await ingest([...postEvents(rhythmTimes(14 * 30, from, end), 'neg', NEGATIVE), ...postEvents(rhythmTimes(14 * 50, from, end), 'oth', OTHER)]);
}, 120_000);
afterAll(async () => {
  await env?.close();
});

describe('a spike across the hour boundary', () => {
  it('is judged as the hour before now: 30 posts from 02:58 and 6 after 03:00 raise one alert at 03:01', async () => {
    const detector = env.server.runtime.services.listening.detector;
    clock.set(new Date(B1 - 30 * 60_000));
    expect(await detector.run()).toBe(0); // an ordinary night
    await ingest(postEvents(spaced(B1 - 120_000, 30, 4_000), 'spike1', NEGATIVE));
    await ingest(postEvents(spaced(B1, 6, 8_000), 'spike1b', NEGATIVE));
    clock.set(new Date(B1 + 60_000));
    // The clock hour alone (6 posts) is below the minimum volume; the hour before now is a spike.
    expect(await detector.run()).toBe(1);
    const [a] = await alerts();
    expect(a).toMatchObject({ hourStart: new Date(B1).toISOString(), observed: 36, notified: true });
    expect(a!.reasonParams).toMatchObject({ since: '02:01', by: '03:01', observed: 36 });
    expect(a!.topItems.length).toBeGreaterThan(0);
    await until(async () => env.smtp.mails.some((m) => /위기 알림 .*: 신한은행/.test(m.subject ?? '')), 20_000, 'alert mail');
    const mail = env.smtp.mails.find((m) => /위기 알림 .*: 신한은행/.test(m.subject ?? ''))!;
    expect(mail.text).toMatch(/무렵, 직전 한 시간\(02:01~03:01\) 36건 \(평소 같은 시간 예상 [\d.]+건/);
    // A later run in the same hour finds nothing new: still one alert, one mail.
    clock.set(new Date(B1 + 2 * 60_000));
    await detector.run();
    expect(await alerts()).toHaveLength(1);
  });

  it('does not raise a spike again from the next hour when its own hour already alerted', async () => {
    const detector = env.server.runtime.services.listening.detector;
    const B2 = B1 + 3 * HOUR; // 06:00 KST, past the cool-down
    await ingest(postEvents(spaced(B2 - 10 * 60_000, 30, 15_000), 'spike2', NEGATIVE));
    clock.set(new Date(B2 - 60_000));
    expect(await detector.run()).toBe(1);
    const before = await alerts();
    expect(before).toHaveLength(2);
    expect(before[0]!.hourStart).toBe(new Date(B2 - HOUR).toISOString());
    expect(before[0]!.reasonParams.since).toBeUndefined();
    await ingest(postEvents(spaced(B2, 3, 10_000), 'spike2b', NEGATIVE));
    clock.set(new Date(B2 + 60_000));
    expect(await detector.run()).toBe(0);
    expect(await alerts()).toHaveLength(2);
  });
});
