import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startNotifyEnv, until, type NotifyEnv } from './support.js';

let env: NotifyEnv;
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

beforeAll(async () => {
  env = await startNotifyEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('communication index', () => {
  it('measures response rate, median response time and the sentiment shift after the reply, per week', async () => {
    await env.deliver([
      { id: 'c1', author: 'kim', text: '앱 로그인 오류 짜증나요 최악이다', at: ago(300) },
      { id: 'c2', author: 'lee', text: '이체가 안돼서 화나네요', at: ago(290) },
      { id: 'c3', author: 'park', text: '카드 결제 알림이 안 와요', at: ago(280) },
    ]);
    const db = env.server.runtime.services.store.db;
    const convOf = async (nativeId: string) =>
      (await sql<{ conversation_id: string; item_id: string }>`select ci.conversation_id, ci.item_id from conversation_items ci join items i on i.id = ci.item_id where i.native_id = ${nativeId}`.execute(db)).rows[0];
    await until(async () => Boolean((await convOf('c1')) && (await convOf('c2')) && (await convOf('c3'))), 20_000, 'conversations');
    const reply = async (nativeId: string, minutesAfter: number) => {
      const c = (await convOf(nativeId))!;
      const at = new Date(new Date(ago(300 - (nativeId === 'c1' ? 0 : nativeId === 'c2' ? 10 : 20))).getTime() + minutesAfter * 60_000);
      await sql`insert into outbox (id, workspace_id, conversation_id, account_id, in_reply_to_item_id, text, is_private, status, attempts, idempotency_key, created_at, sent_at)
        values (${crypto.randomUUID()}, ${env.ws}, ${c.conversation_id}, ${env.accountId}, ${c.item_id}, '확인해 드리겠습니다', false, 'sent', 1, ${crypto.randomUUID()}, ${at}, ${at})`.execute(db);
    };
    await reply('c1', 30);
    await reply('c2', 90);
    // The customer answers after the bank's reply: kim is happy now, lee is still angry.
    await env.deliver([
      { id: 'c1b', author: 'kim', parent: 'c1', text: '빠르게 해결해 주셔서 감사합니다 친절하시네요', at: ago(200) },
      { id: 'c2b', author: 'lee', parent: 'c2', text: '아직도 안돼요 최악', at: ago(150) },
    ]);
    await until(async () => Boolean((await convOf('c1b')) && (await convOf('c2b'))), 20_000, 'follow-ups');
    const items = (await env.api.get(`/api/v1/w/${env.ws}/items?limit=50`)).body.items as Array<{ nativeId: string; analysis: { sentiment: { label: string } } }>;
    const score = (n: string) => ({ negative: -1, neutral: 0, positive: 1 })[items.find((i) => i.nativeId === n)!.analysis.sentiment.label as 'negative']!;
    const r = await env.api.get(`${env.base}/communication`);
    expect(r.status).toBe(200);
    const t = r.body.totals;
    expect(t).toMatchObject({ conversations: 3, inbound: 5, responded: 2, responseRate: 0.667, medianResponseMinutes: 60, shiftSamples: 2 });
    expect(t.sentimentShift).toBeCloseTo((score('c1b') - score('c1') + (score('c2b') - score('c2'))) / 2, 3);
    const perChannel = r.body.weeks.filter((w: { channel: string | null }) => w.channel === 'testchan');
    expect(perChannel.reduce((s: number, w: { conversations: number }) => s + w.conversations, 0)).toBe(3);
    expect(r.body.weeks.every((w: { week: string }) => /^\d{4}-\d{2}-\d{2}$/.test(w.week))).toBe(true);

    // The bank answers park on the channel itself (its page's own reply, an outbound item), 40 minutes later.
    await env.deliver([{ id: 'c3r', author: 'hanbit_bank', parent: 'c3', text: '확인 후 바로 연락드리겠습니다', at: ago(240), outbound: true }]);
    await until(async () => Boolean(await convOf('c3r')), 20_000, 'the bank reply');
    expect((await convOf('c3r'))!.conversation_id).toBe((await convOf('c3'))!.conversation_id);
    const after = (await env.api.get(`${env.base}/communication`)).body.totals;
    expect(after).toMatchObject({ conversations: 3, inbound: 5, responded: 3, responseRate: 1, medianResponseMinutes: 40, shiftSamples: 2, linkConversations: 0, linksFollowed: 0, linkFollowRate: null });

    // Links followed: kim and lee were sent tracked links; kim follows hers, only a link preview fetches lee's.
    const link = async (nativeId: string) =>
      (await env.api.post(`/api/v1/w/${env.ws}/links`, { url: `https://bank.example/help/${nativeId}`, channel: 'testchan', conversationId: (await convOf(nativeId))!.conversation_id })).body.link.shortUrl as string;
    const kim = await link('c1');
    const lee = await link('c2');
    expect((await fetch(kim, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1' } })).status).toBe(302);
    expect((await fetch(lee, { redirect: 'manual', headers: { 'user-agent': 'kakaotalk-scrap/1.0; +https://devtalk.kakao.com/' } })).status).toBe(302);
    await until(async () => Number((await sql<{ n: string }>`select count(*) as n from link_clicks`.execute(db)).rows[0]!.n) === 2, 20_000, 'the clicks');
    const links = (await env.api.get(`${env.base}/communication`)).body.totals;
    expect(links).toMatchObject({ conversations: 3, linkConversations: 2, linksFollowed: 1, linkFollowRate: 0.5, postClicks: 0, postsClicked: 0 });

    // Links followed on the bank's posts: two people follow post A's link, a preview fetches it, one follows post B's.
    const postLink = async (postId: string) => (await env.api.post(`/api/v1/w/${env.ws}/links`, { url: `https://bank.example/card/${postId}`, channel: 'testchan', postId, campaign: '봄 카드' })).body.link.shortUrl as string;
    const a = await postLink('post-a');
    const b = await postLink('post-b');
    const phone = (n: number) => `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${n} like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1`;
    for (const [url, agent] of [
      [a, phone(1)],
      [a, phone(2)],
      [a, 'Twitterbot/1.0'],
      [b, phone(3)],
    ] as const)
      expect((await fetch(url, { redirect: 'manual', headers: { 'user-agent': agent } })).status).toBe(302);
    await until(async () => Number((await sql<{ n: string }>`select count(*) as n from link_clicks`.execute(db)).rows[0]!.n) === 6, 20_000, 'the post clicks');
    const withPosts = (await env.api.get(`${env.base}/communication`)).body;
    expect(withPosts.totals).toMatchObject({ postClicks: 3, postsClicked: 2, linksFollowed: 1 });
    const thisWeek = withPosts.weeks.filter((w: { channel: string | null; postClicks: number }) => w.channel === 'testchan' && w.postClicks > 0);
    expect(thisWeek).toHaveLength(1);
    expect(thisWeek[0]).toMatchObject({ postClicks: 3, postsClicked: 2 });
    // Another channel's filter sees none of them.
    expect((await env.api.get(`${env.base}/communication?channel=x`)).body.totals).toMatchObject({ postClicks: 0 });
  });
});

describe('weekly reports and notification settings', () => {
  it('validates channels and report settings', async () => {
    expect((await env.api.post(`${env.base}/notify-channels`, { kind: 'email', name: 'x', recipients: ['not-an-address'] })).status).toBe(400);
    expect((await env.api.post(`${env.base}/notify-channels`, { kind: 'webhook', name: 'x', url: 'ftp://x' })).status).toBe(400);
    expect((await env.api.post(`${env.base}/reports`, { name: 'x', recipients: ['a@b.test'], queryIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(400);
    const q = await env.api.post(`${env.base}/queries`, { name: 'x', expression: '국민은행', alert: { channelIds: ['00000000-0000-4000-8000-000000000000'] } });
    expect(q.status).toBe(400);
    expect(q.body.error.code).toBe('listening.unknown_channel');
  });

  it('sends the weekly summary as HTML with table bar charts and a CSV, now and when due', async () => {
    const port = env.smtp.port;
    expect((await env.api.request('PUT', `${env.base}/smtp`, { host: '127.0.0.1', port, from: 'reports@bank.test' })).status).toBe(200);
    await env.deliver([
      { id: 'r1', author: 'yoon', text: '앱 로그인 오류가 계속 나요', at: ago(2 * 1440) },
      { id: 'r2', author: 'seo', text: '고객센터 연결이 안 돼요 진짜 최악', at: ago(3 * 1440) },
    ]);
    const q = await env.api.post(`${env.base}/queries`, { name: '고객 불만', expression: '오류 OR 최악', backfillDays: 7 });
    await until(async () => (await env.api.get(`${env.base}/backfills/${q.body.backfill.id}`)).body.backfill.status === 'done', 20_000, 'backfill');
    const created = await env.api.post(`${env.base}/reports`, { name: '주간 리포트', recipients: ['ceo@bank.test'], weekday: 1, hour: 9 });
    expect(created.status).toBe(201);
    const rep = created.body.report;
    expect(rep).toMatchObject({ weekday: 1, hour: 9, enabled: true, lastSentAt: null });
    expect(new Date(rep.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect((await env.api.post(`${env.base}/reports/${rep.id}/send`)).body).toEqual({ sent: true, recipients: ['ceo@bank.test'] });
    await until(async () => env.smtp.mails.length === 1, 10_000, 'report mail');
    const m = env.smtp.mails[0]!;
    expect(m.subject).toMatch(/^\[소통\] 주간 리포트 주간 리포트 /);
    expect(m.html).toContain('고객 불만');
    expect(m.html).toContain('bgcolor=');
    expect(m.text).toMatch(/고객 불만: [1-9]\d* mentions/);
    expect(m.text).toContain('고객 불만');
    expect(m.attachments.map((a) => a.filename)).toEqual(['listening-week.csv']);
    expect(m.attachments[0]!.content.toString('utf8')).toMatch(/^\ufeffquery,day,count/);
    // Due: the recurring job sends it once and schedules the next week.
    await sql`update listening_reports set next_run_at = now() - interval '1 minute' where id = ${rep.id}`.execute(env.server.runtime.services.store.db);
    expect(await env.server.runtime.services.listening.reports.sendDue()).toBe(1);
    expect(await env.server.runtime.services.listening.reports.sendDue()).toBe(0);
    await until(async () => env.smtp.mails.length === 2, 10_000, 'due mail');
    const after = (await env.api.get(`${env.base}/reports`)).body.reports[0];
    expect(new Date(after.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect(after.lastSentAt).not.toBeNull();
    expect((await env.api.delete(`${env.base}/reports/${rep.id}`)).status).toBe(204);
  });
});
