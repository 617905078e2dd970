import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, sleep, waitForItems, type Env } from './support.js';

let env: Env;
const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  env = await startEnv();
  // History from before any query exists (for the backfill).
  await env.deliver([
    { id: 'h1', author: 'kim', text: '국민은행에서 대출 상담 받았어요', at: ago(50) },
    { id: 'h2', author: 'lee', text: '국민은행이 또 점검이네', at: ago(30) },
    { id: 'h3', author: 'park', text: '신한은행 앱이 편해요', at: ago(20) },
    { id: 'h4', author: 'choi', text: '은행에서 연락 왔어요', at: ago(10) },
    { id: 'h5', author: 'jung', text: '국민은행 채용 공고 떴다', at: ago(5) },
  ]);
  await waitForItems(env, ['h1', 'h2', 'h3', 'h4', 'h5']);
});
afterAll(async () => env.close());

const matchedIds = async (queryId: string) => {
  const r = await env.api.get(`${env.base}/queries/${queryId}/items?from=${encodeURIComponent(ago(24 * 40))}&limit=200`);
  expect(r.status).toBe(200);
  return (r.body.items as Array<{ nativeId: string }>).map((i) => i.nativeId).sort();
};

describe('monitoring queries', () => {
  it('rejects an expression that does not parse with the position and a caret drawing', async () => {
    const r = await env.api.post(`${env.base}/queries`, { name: '잘못', expression: 'sentiment:angry' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'listening.invalid_query', field: 'expression', query: { code: 'BAD_FIELD_VALUE', position: 10, length: 5 } });
    expect(r.body.error.query.caret).toBe("  sentiment:angry\n            ^~~~~ 'angry' is not a valid sentiment; use negative, neutral or positive");
    const paren = await env.api.post(`${env.base}/queries/validate`, { expression: '국민은행 AND (카드' });
    expect(paren.status).toBe(400);
    expect(paren.body.error.query).toMatchObject({ code: 'UNBALANCED_PAREN', position: 9 });
    expect(paren.body.error.query.caret.split('\n')[1]).toBe(`${' '.repeat(2 + 13)}^ missing closing parenthesis`);
    const ok = await env.api.post(`${env.base}/queries/validate`, { expression: '(국민은행 or KB) -채용' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, canonical: '(국민은행 OR kb) AND NOT 채용' });
    const unknownChannel = await env.api.post(`${env.base}/queries`, { name: 'x', expression: '국민은행 channel:nosuch' });
    expect(unknownChannel.status).toBe(400);
  });

  let queryId: string;
  it('creates a query and backfills history with progress, prefiltered in SQL', async () => {
    const r = await env.api.post(`${env.base}/queries`, { name: '국민은행', expression: '국민은행 -채용', kind: 'brand', setId: 'banks', backfillDays: 30, alert: { sensitivity: 'high', minVolume: 5 } });
    expect(r.status).toBe(201);
    queryId = r.body.query.id;
    expect(r.body.query).toMatchObject({
      name: '국민은행',
      canonical: '국민은행 AND NOT 채용',
      kind: 'brand',
      setId: 'banks',
      enabled: true,
      alert: { enabled: true, sensitivity: 'high', minVolume: 5, cooldownMinutes: 180, channelIds: [] },
    });
    expect(r.body.backfill).toMatchObject({ status: 'queued', processed: 0 });
    const jobId = r.body.backfill.id;
    await expect.poll(async () => (await env.api.get(`${env.base}/backfills/${jobId}`)).body.backfill.status, { timeout: 20_000 }).toBe('done');
    const job = (await env.api.get(`${env.base}/backfills/${jobId}`)).body.backfill;
    // The prefilter (tokens 국민은행 or the text "국민은행") leaves h1, h2, h5; the matcher drops h5 (채용).
    expect(job).toMatchObject({ total: 3, processed: 3, matched: 2, progress: 1 });
    expect(await matchedIds(queryId)).toEqual(['h1', 'h2']);
    const list = await env.api.get(`${env.base}/queries/${queryId}/backfills`);
    expect(list.body.backfills).toHaveLength(1);
  });

  it('matches new items as they arrive, Korean particles and endings ignored', async () => {
    await env.deliver([
      { id: 'n1', author: 'yoon', text: '국민은행에서 카드 해지했어요', at: ago(1) },
      { id: 'n2', author: 'han', text: 'KB국민은행이 먹통이네요', at: ago(1) },
      { id: 'n3', author: 'seo', text: '국민은행이랑은 거래 안 해', at: ago(1) },
      { id: 'n4', author: 'oh', text: '우리 은행에서 연락 옴', at: ago(1) },
      { id: 'n5', author: 'ko', text: '국민은행 채용 설명회', at: ago(1) },
    ]);
    await expect.poll(() => matchedIds(queryId), { timeout: 15_000 }).toEqual(['h1', 'h2', 'n1', 'n2', 'n3']);
    await sleep(300);
    expect(await matchedIds(queryId)).toEqual(['h1', 'h2', 'n1', 'n2', 'n3']);
  });

  it('follows edits and deletions: matches and rollups move with the item', async () => {
    const db = env.server.runtime.services.store.db;
    const total = async () => Number((await (await import('kysely')).sql<{ n: number }>`select coalesce(sum(count), 0)::int8 as n from listening_rollups_hourly where query_id = ${queryId}`.execute(db)).rows[0]!.n);
    expect(await total()).toBe(5);
    await env.deliver([{ id: 'n3', author: 'seo', text: '신한은행이랑은 거래 안 해', at: ago(1), editedAt: ago(0.5) }]);
    await expect.poll(() => matchedIds(queryId), { timeout: 15_000 }).toEqual(['h1', 'h2', 'n1', 'n2']);
    await env.deliver([{ id: 'n2', author: 'han', text: '', at: ago(1), editedAt: ago(0.4), deleted: true }]);
    await expect.poll(() => matchedIds(queryId), { timeout: 15_000 }).toEqual(['h1', 'h2', 'n1']);
    expect(await total()).toBe(3);
    await env.deliver([{ id: 'n3', author: 'seo', text: '역시 국민은행이랑만 거래해요', at: ago(1), editedAt: ago(0.3) }]);
    await expect.poll(() => matchedIds(queryId), { timeout: 15_000 }).toEqual(['h1', 'h2', 'n1', 'n3']);
    expect(await total()).toBe(4);
  });

  it('finds Korean variants in full-text search, with filters and keyset paging', async () => {
    const s = await env.api.get(`${env.base}/search?q=${encodeURIComponent('국민은행')}&limit=2`);
    expect(s.status).toBe(200);
    expect(s.body.items).toHaveLength(2);
    const all: string[] = s.body.items.map((i: { nativeId: string }) => i.nativeId);
    let cursor = s.body.nextCursor;
    while (cursor) {
      const next = await env.api.get(`${env.base}/search?q=${encodeURIComponent('국민은행')}&limit=2&cursor=${cursor}`);
      all.push(...next.body.items.map((i: { nativeId: string }) => i.nativeId));
      cursor = next.body.nextCursor;
    }
    expect(all.sort()).toEqual(['h1', 'h2', 'h5', 'n1', 'n3', 'n5']);
    const particle = await env.api.get(`${env.base}/search?q=${encodeURIComponent('국민은행에서')}`);
    expect(particle.body.items.map((i: { nativeId: string }) => i.nativeId).sort()).toEqual(['h1', 'h2', 'h5', 'n1', 'n3', 'n5']);
    const phrase = await env.api.get(`${env.base}/search?q=${encodeURIComponent('"카드 해지"')}`);
    expect(phrase.body.items.map((i: { nativeId: string }) => i.nativeId)).toEqual(['n1']);
    const two = await env.api.get(`${env.base}/search?q=${encodeURIComponent('국민은행 채용')}`);
    expect(two.body.items.map((i: { nativeId: string }) => i.nativeId).sort()).toEqual(['h5', 'n5']);
    const byQuery = await env.api.get(`${env.base}/search?q=${encodeURIComponent('국민은행')}&queryId=${queryId}&from=${encodeURIComponent(ago(3))}`);
    expect(byQuery.body.items.map((i: { nativeId: string }) => i.nativeId).sort()).toEqual(['n1', 'n3']);
    const none = await env.api.get(`${env.base}/search?q=${encodeURIComponent('신한은행')}&channel=nosuch`);
    expect(none.body.items).toEqual([]);
    expect((await env.api.get(`${env.base}/search?cursor=bad`)).status).toBe(400);
  });

  it('search speaks the query language: OR, minus, parentheses, fields; counts; says where a syntax error is', async () => {
    await env.deliver([
      { id: 's1', author: 'amy', text: 'The Hanbit app crashed again during login', at: ago(1) },
      { id: 's2', author: 'ben', text: '앱이 먹통이에요', at: ago(1) },
      { id: 's3', author: 'cho', text: '카드 해지 문의드려요', at: ago(1) },
    ]);
    await waitForItems(env, ['s1', 's2', 's3']);
    const ids = (r: { body: { items: Array<{ nativeId: string }> } }) => r.body.items.map((i) => i.nativeId).sort();
    const or = await env.api.get(`${env.base}/search?q=${encodeURIComponent('해지 OR 먹통')}`);
    expect(or.status).toBe(200);
    expect(ids(or)).toEqual(['n1', 's2', 's3']);
    expect(or.body).toMatchObject({ total: 3, totalCapped: false, terms: ['해지', '먹통'] });
    // English is stemmed: "crash" finds "crashed".
    const en = await env.api.get(`${env.base}/search?q=${encodeURIComponent('app crash')}`);
    expect(ids(en)).toEqual(['s1']);
    const minus = await env.api.get(`${env.base}/search?q=${encodeURIComponent('(해지 OR 먹통) -카드')}`);
    expect(ids(minus)).toEqual(['s2']);
    const field = await env.api.get(`${env.base}/search?q=${encodeURIComponent('먹통 OR author:amy')}`);
    expect(ids(field)).toEqual(['s1', 's2']);
    expect(field.body.total).toBe(2);
    const bad = await env.api.get(`${env.base}/search?q=${encodeURIComponent('해지 OR')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'listening.invalid_query', query: { code: 'DANGLING_OPERATOR', position: 3, length: 2 } });
  });

  it("the item feed is in the posts' own time: a late delivery of an old post sits where it was written, not on top", async () => {
    await env.deliver([{ id: 'late-old', author: 'kim', text: '오래된 글이 늦게 도착', at: ago(24 * 9) }]);
    await waitForItems(env, ['late-old']);
    const all: Array<{ nativeId: string; createdAt: string }> = [];
    let before: string | null = null;
    do {
      const r: { body: { items: Array<{ nativeId: string; createdAt: string }>; nextBefore: string | null } } = await env.api.get(`/api/v1/w/${env.ws}/items?limit=3${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      all.push(...r.body.items);
      before = r.body.nextBefore;
    } while (before);
    expect(all.length).toBeGreaterThan(5);
    const times = all.map((i) => i.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all[all.length - 1]!.nativeId).toBe('late-old');
    expect(new Set(all.map((i) => i.nativeId)).size).toBe(all.length);
  });

  it('changes, lists and deletes queries (audited); a new expression rebuilds the matches', async () => {
    const r = await env.api.patch(`${env.base}/queries/${queryId}`, { expression: '신한은행' });
    expect(r.status).toBe(200);
    expect(r.body.query).toMatchObject({ revision: 2, canonical: '신한은행' });
    await expect.poll(async () => (await env.api.get(`${env.base}/backfills/${r.body.backfill.id}`)).body.backfill.status, { timeout: 20_000 }).toBe('done');
    expect(await matchedIds(queryId)).toEqual(['h3']);
    const bad = await env.api.patch(`${env.base}/queries/${queryId}`, { expression: '(((' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.query.code).toBeDefined();
    expect((await env.api.get(`${env.base}/queries`)).body.queries).toHaveLength(1);
    expect((await env.api.get(`${env.base}/sets`)).body.sets).toEqual([{ id: 'banks', queries: [{ id: queryId, name: '국민은행', kind: 'brand' }] }]);
    expect((await env.api.delete(`${env.base}/queries/${queryId}`)).status).toBe(204);
    expect((await env.api.get(`${env.base}/queries/${queryId}`)).status).toBe(404);
    const audit = await env.api.get(`/api/v1/w/${env.ws}/audit?limit=100`);
    const actions = (audit.body.entries ?? audit.body.audit ?? []).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['listening.query_created', 'listening.query_updated', 'listening.query_deleted']));
  });
});
