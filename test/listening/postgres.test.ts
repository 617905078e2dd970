import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, until, waitForItems, type Env } from './support.js';

// The same flow on PostgreSQL (15 on the CI machine): tsvector literals, jsonb operators, rollup upserts.
let env: Env;
const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  env = await startEnv({ store: 'postgres' });
  await env.deliver([
    { id: 'p1', author: 'kim', text: '국민은행에서 대출 상담 받았어요', at: ago(30) },
    { id: 'p2', author: 'lee', text: '#국민은행 앱이 또 먹통이네 최악이다', at: ago(20) },
    { id: 'p3', author: 'park', text: "it's 신한은행 \\ 'quoted'", at: ago(10) },
  ]);
  await waitForItems(env, ['p1', 'p2', 'p3']);
});
afterAll(async () => env?.close());

describe('listening on PostgreSQL', () => {
  it('backfills, matches live, searches and builds the dashboard', async () => {
    const q = await env.api.post(`${env.base}/queries`, { name: '국민은행', expression: '국민은행 OR #국민은행', backfillDays: 2 });
    expect(q.status).toBe(201);
    await until(async () => (await env.api.get(`${env.base}/backfills/${q.body.backfill.id}`)).body.backfill.status === 'done', 20_000, 'backfill');
    expect((await env.api.get(`${env.base}/backfills/${q.body.backfill.id}`)).body.backfill).toMatchObject({ matched: 2 });
    await env.deliver([{ id: 'p4', author: 'choi', text: '국민은행이 최고예요', at: ago(1) }]);
    const id = q.body.query.id;
    await until(async () => (await env.api.get(`${env.base}/queries/${id}/items?from=${encodeURIComponent(ago(48))}`)).body.items.length === 3, 15_000, 'live match');
    const s = await env.api.get(`${env.base}/search?q=${encodeURIComponent('국민은행이')}`);
    expect(s.body.items.map((i: { nativeId: string }) => i.nativeId).sort()).toEqual(['p1', 'p2', 'p4']);
    const quoted = await env.api.get(`${env.base}/search?q=${encodeURIComponent("it's")}`);
    expect(quoted.body.items.map((i: { nativeId: string }) => i.nativeId)).toEqual(['p3']);
    const d = await env.api.get(`${env.base}/queries/${id}/dashboard?from=${encodeURIComponent(ago(48))}&bucket=hour`);
    expect(d.status).toBe(200);
    expect(d.body.totals.count).toBe(3);
    expect(d.body.volume.reduce((t: number, v: { count: number }) => t + v.count, 0)).toBe(3);
    expect(d.body.wordCloud[0]).toEqual({ term: '국민은행', count: 3 });
  });
});
