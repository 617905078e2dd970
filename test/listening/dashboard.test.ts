import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startEnv, until, type Env } from './support.js';
import type { TestPost } from '../support/test-channel.js';

let env: Env;
let kb: string;
let sh: string;
// A Seoul day three days ago; posts at fixed Seoul hours.
const day0 = Math.floor((Date.now() + 9 * 3_600_000) / 86_400_000) * 86_400_000 - 9 * 3_600_000 - 3 * 86_400_000;
const at = (hour: number, minute: number) => new Date(day0 + hour * 3_600_000 + minute * 60_000).toISOString();
const dayKey = new Date(day0 + 9 * 3_600_000).toISOString().slice(0, 10);
const posts: TestPost[] = [
  { id: 'k1', author: 'kim', followers: 120, text: '국민은행 앱 또 먹통이네 최악이다', at: at(10, 5) },
  { id: 'k2', author: 'lee', followers: 50_000, text: '국민은행 지점 친절해서 좋았어요', at: at(10, 20) },
  { id: 'k3', author: 'park', followers: 10, text: '국민은행 로그인 오류 짜증나요 언제 고쳐요', at: at(10, 59) },
  { id: 'k4', author: 'kim', followers: 120, text: '국민은행에서 이체 안돼서 화나네요', at: at(11, 0) },
  { id: 'k5', author: 'choi', followers: 900, text: '국민은행 금리 괜찮네', at: at(11, 30) },
  { id: 'k6', author: 'kim', followers: 120, text: '국민은행 서비스 너무 불편해요 실망', at: at(14, 10) },
  { id: 's1', author: 'jung', followers: 5, text: '신한은행 앱 업데이트 했어요', at: at(10, 15) },
  { id: 's2', author: 'han', followers: 7, text: '신한은행 지점 친절해서 좋았어요', at: at(16, 45) },
];

beforeAll(async () => {
  env = await startEnv();
  kb = (await env.api.post(`${env.base}/queries`, { name: '국민은행', expression: '국민은행', setId: 'banks', backfillDays: 0 })).body.query.id;
  sh = (await env.api.post(`${env.base}/queries`, { name: '신한은행', expression: '신한은행', kind: 'competitor', setId: 'banks', backfillDays: 0 })).body.query.id;
  await env.deliver(posts);
  const db = env.server.runtime.services.store.db;
  await until(async () => Number((await sql<{ n: number }>`select count(*)::int8 as n from query_matches`.execute(db)).rows[0]!.n) === 8, 20_000, 'matches');
});
afterAll(async () => env.close());

const range = `from=${encodeURIComponent(new Date(day0).toISOString())}&to=${encodeURIComponent(new Date(day0 + 86_400_000).toISOString())}`;

describe('dashboards', () => {
  it('counts per Seoul hour, sentiment split, channels and share of voice from the rollups', async () => {
    const r = await env.api.get(`${env.base}/queries/${kb}/dashboard?${range}&bucket=hour`);
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.period).toMatchObject({ bucket: 'hour', timezone: 'Asia/Seoul' });
    expect(d.volume).toHaveLength(24);
    const counts = Object.fromEntries(d.volume.filter((v: { count: number }) => v.count > 0).map((v: { key: string; count: number }) => [v.key, v.count]));
    expect(counts).toEqual({ [`${dayKey}T10`]: 3, [`${dayKey}T11`]: 2, [`${dayKey}T14`]: 1 });
    // The split must equal a recount of the stored items' own analysis.
    const items = (await env.api.get(`/api/v1/w/${env.ws}/items?limit=200`)).body.items as Array<{ nativeId: string; analysis: { sentiment: { label: string }; complaint: { isComplaint: boolean } } }>;
    const kbItems = items.filter((i) => i.nativeId.startsWith('k'));
    const want = { negative: 0, neutral: 0, positive: 0, unknown: 0 } as Record<string, number>;
    for (const i of kbItems) want[i.analysis.sentiment.label]!++;
    expect(Object.fromEntries(d.sentiment.map((s: { sentiment: string; count: number }) => [s.sentiment, s.count]))).toEqual(want);
    expect(d.sentiment.reduce((t: number, s: { percent: number }) => t + s.percent, 0)).toBeCloseTo(100, 5);
    expect(d.totals).toMatchObject({ count: 6, complaints: kbItems.filter((i) => i.analysis.complaint.isComplaint).length, reach: 120 + 50_000 + 10 + 120 + 900 + 120 });
    expect(d.channels).toEqual([{ channel: 'testchan', count: 6, ...want, percent: 100 }]);
    expect(d.shareOfVoice.entries).toEqual([
      { queryId: kb, name: '국민은행', count: 6, percent: 75, own: true },
      { queryId: sh, name: '신한은행', count: 2, percent: 25, own: false },
    ]);
    const t10 = d.shareOfVoice.series.find((s: { key: string }) => s.key === `${dayKey}T10`);
    expect(t10.counts).toEqual({ [kb]: 3, [sh]: 1 });
    expect(d.topPosts[0]).toMatchObject({ reach: 50_000, followers: 50_000, item: { nativeId: 'k2' } });
    expect(d.topAuthors[0]).toMatchObject({ author: { handle: 'kim' }, count: 3 });
    expect(d.wordCloud[0]).toEqual({ term: '국민은행', count: 6 });
    // Days: the same numbers in one bucket.
    const daily = (await env.api.get(`${env.base}/queries/${kb}/dashboard?${range}&bucket=day`)).body;
    expect(daily.volume).toEqual([expect.objectContaining({ key: dayKey, count: 6 })]);
    const set = (await env.api.get(`${env.base}/sets/banks/dashboard?${range}&bucket=day`)).body;
    expect(set.totals.count).toBe(8);
    expect(set.target).toMatchObject({ type: 'set', id: 'banks' });
    expect(set.shareOfVoice.entries.map((e: { percent: number }) => e.percent)).toEqual([75, 25]);
    expect((await env.api.get(`${env.base}/sets/nosuch/dashboard`)).status).toBe(404);
  });

  it('drills down to the items behind a bucket, a sentiment, an author or a keyword', async () => {
    const ids = async (q: string) => ((await env.api.get(`${env.base}/queries/${kb}/items?${range}&${q}`)).body.items as Array<{ nativeId: string }>).map((i) => i.nativeId);
    expect(await ids(`bucket=hour&at=${dayKey}T10`)).toEqual(['k3', 'k2', 'k1']);
    expect(await ids(`bucket=hour&at=${dayKey}T11`)).toEqual(['k5', 'k4']);
    expect(await ids(`bucket=day&at=${dayKey}`)).toHaveLength(6);
    const d = (await env.api.get(`${env.base}/queries/${kb}/dashboard?${range}`)).body;
    const neg = d.sentiment.find((s: { sentiment: string }) => s.sentiment === 'negative').count;
    expect(await ids('sentiment=negative')).toHaveLength(neg);
    const kim = d.topAuthors[0].author.id;
    expect((await ids(`authorId=${kim}`)).sort()).toEqual(['k1', 'k4', 'k6']);
    expect(await ids(`keyword=${encodeURIComponent('친절')}`)).toEqual(['k2']);
    const paged = await env.api.get(`${env.base}/queries/${kb}/items?${range}&limit=4`);
    expect(paged.body.items).toHaveLength(4);
    const rest = await env.api.get(`${env.base}/queries/${kb}/items?${range}&limit=4&cursor=${paged.body.nextCursor}`);
    expect(rest.body.items.map((i: { nativeId: string }) => i.nativeId)).toEqual(['k2', 'k1']);
    expect(rest.body.nextCursor).toBeNull();
    const setDrill = await env.api.get(`${env.base}/sets/banks/items?${range}&queryId=${sh}`);
    expect(setDrill.body.items.map((i: { nativeId: string }) => i.nativeId)).toEqual(['s2', 's1']);
    expect((await env.api.get(`${env.base}/queries/${kb}/items?bucket=hour&at=nonsense`)).status).toBe(400);
  });

  it('exports every chart as CSV with a UTF-8 BOM', async () => {
    const r = await fetch(`${env.server.url}${env.base}/queries/${kb}/export?${range}&bucket=hour&chart=volume`, { headers: { cookie: cookieOf(env) } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename=".*-volume-.*\.csv"; filename\*=UTF-8''%EA%B5%AD/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe('bucket,start,count,negative,neutral,positive,unknown,complaints');
    expect(lines).toHaveLength(25);
    expect(lines.find((l) => l.startsWith(`${dayKey}T10,`))!.split(',')[2]).toBe('3');
    for (const chart of ['sentiment', 'channels', 'share_of_voice', 'keywords', 'word_cloud', 'top_posts', 'top_authors']) {
      const c = await fetch(`${env.server.url}${env.base}/queries/${kb}/export?${range}&chart=${chart}`, { headers: { cookie: cookieOf(env) } });
      expect(c.status, chart).toBe(200);
      expect([...new Uint8Array(await c.arrayBuffer()).slice(0, 3)], chart).toEqual([0xef, 0xbb, 0xbf]);
    }
    const posts = await (await fetch(`${env.server.url}${env.base}/queries/${kb}/export?${range}&chart=top_posts`, { headers: { cookie: cookieOf(env) } })).text();
    expect(posts).toContain('국민은행 지점 친절해서 좋았어요');
  });

  it('shares a dashboard read-only without login until the link is revoked or expires', async () => {
    const created = await env.api.post(`${env.base}/queries/${kb}/shares`, { expiresInHours: 24, label: '홍보팀 공유' });
    expect(created.status).toBe(201);
    const { token, id } = created.body.share;
    expect(created.body.share.url).toBe(`/shared/${token}`);
    const anon = await fetch(`${env.server.url}/api/v1/shared/${token}?${range}&bucket=hour`);
    expect(anon.status).toBe(200);
    const body = await anon.json();
    expect(body.share).toMatchObject({ targetType: 'query', label: '홍보팀 공유' });
    expect(body.dashboard.totals.count).toBe(6);
    const csv = await fetch(`${env.server.url}/api/v1/shared/${token}/export?${range}&chart=sentiment`);
    expect(csv.status).toBe(200);
    // Aggregates only, on every shared endpoint: no post text, no author, no keyword — in the JSON and in
    // every CSV (the charts that would carry them are refused with a stable code).
    const leaks = (text: string) => [...[...posts.map((p) => p.text), '먹통', '국민은행 지점'].filter((s) => text.includes(s)), ...posts.map((p) => p.author).filter((a) => new RegExp(`\\b${a}\\b`).test(text))];
    const json = JSON.stringify(body);
    expect(leaks(json)).toEqual([]);
    expect(body.dashboard).toMatchObject({ topPosts: [], topAuthors: [], keywords: [], wordCloud: [] });
    expect(body.share.aggregatesOnly).toBe(true);
    for (const chart of ['volume', 'sentiment', 'channels', 'share_of_voice', 'keywords', 'word_cloud', 'top_posts', 'top_authors']) {
      const r = await fetch(`${env.server.url}/api/v1/shared/${token}/export?${range}&chart=${chart}`);
      const text = await r.text();
      if (['volume', 'sentiment', 'channels', 'share_of_voice'].includes(chart)) expect(r.status, chart).toBe(200);
      else {
        expect(r.status, chart).toBe(400);
        expect(JSON.parse(text).error.code).toBe('listening.share_chart_private');
      }
      expect(leaks(text), chart).toEqual([]);
    }
    // The signed-in dashboard still has them (the test would pass vacuously otherwise).
    expect(leaks(JSON.stringify((await env.api.get(`${env.base}/queries/${kb}/dashboard?${range}&bucket=hour`)).body)).length).toBeGreaterThan(0);
    // Tampered signature or expiry: 404.
    const [sid, exp, sig] = token.split('.');
    expect((await fetch(`${env.server.url}/api/v1/shared/${sid}.${Number(exp) + 3600}.${sig}`)).status).toBe(404);
    expect((await fetch(`${env.server.url}/api/v1/shared/${sid}.${exp}.${sig.slice(0, -2)}AA`)).status).toBe(404);
    // Not a way into the rest of the API.
    expect((await fetch(`${env.server.url}/api/v1/w/${env.ws}/listening/queries`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await env.api.get(`${env.base}/shares`)).body.shares[0]).toMatchObject({ id, revokedAt: null });
    expect((await env.api.delete(`${env.base}/shares/${id}`)).status).toBe(204);
    const revoked = await fetch(`${env.server.url}/api/v1/shared/${token}`);
    expect(revoked.status).toBe(404);
    expect((await revoked.json()).error.code).toBe('share.not_found');
    // Expiry: a second link whose time has passed.
    const second = (await env.api.post(`${env.base}/sets/banks/shares`, { expiresInHours: 1 })).body.share;
    expect((await fetch(`${env.server.url}/api/v1/shared/${second.token}`)).status).toBe(200);
    const [sid2, ,] = second.token.split('.');
    await sql`update listening_shares set expires_at = now() - interval '1 second' where id = ${sid2}`.execute(env.server.runtime.services.store.db);
    const [, exp2, sig2] = second.token.split('.');
    // The token's own expiry no longer matches the row either way; both checks refuse it.
    expect((await fetch(`${env.server.url}/api/v1/shared/${sid2}.${exp2}.${sig2}`)).status).toBe(404);
  });
});

describe('top authors', () => {
  it("leaves out the institution's own accounts (authors of its outbound items), even when some of their items came in as inbound", async () => {
    const db = env.server.runtime.services.store.db;
    const top = async () => (await env.api.get(`${env.base}/queries/${kb}/dashboard?${range}`)).body.topAuthors.map((a: { author: { handle: string } }) => a.author.handle);
    expect(await top()).toContain('kim');
    await sql`update items set direction = 'outbound' where workspace_id = ${env.ws} and native_id = 'k1'`.execute(db);
    try {
      const after = await top();
      expect(after).not.toContain('kim');
      expect(after).toContain('lee');
    } finally {
      await sql`update items set direction = 'inbound' where workspace_id = ${env.ws} and native_id = 'k1'`.execute(db);
    }
  });
});

function cookieOf(e: Env): string {
  const cookies = (e.api as unknown as { cookies: Map<string, string> }).cookies;
  return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
