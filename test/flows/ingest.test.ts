import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { sign, testChannel, type TestPost } from '../support/test-channel.js';

const SECRET = 'whsec-테스트';
const feed: TestPost[] = [
  { id: 'p1', author: 'kim', text: '카드 결제가 안돼요', at: '2026-11-01T01:00:00Z' },
  { id: 'p2', author: 'lee', text: '앱 로그인 오류', at: '2026-11-01T02:00:00Z' },
  { id: 'p3', author: 'park', text: 'Great service!', at: '2026-11-01T03:00:00Z' },
];
const channel = testChannel();
const polled = testChannel(feed, 'testpoll', { poll: true });
let server: TestServer;
let api: ApiClient;
let ws: string;
let hook: string;
let accountId: string;

const deliver = (posts: TestPost[], secret = SECRET) => {
  const body = JSON.stringify({ events: posts });
  return fetch(server.url + hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(secret, body) }, body });
};
const items = async (q = '') => (await api.get(`/api/v1/w/${ws}/items?limit=200${q}`)).body.items as Array<{ nativeId: string; text: string; deletedAt: string | null; lang: string; author: { handle: string } }>;

beforeAll(async () => {
  server = await startTestServer({ adapters: fromAdapters([channel, polled]) });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  ws = server.admin.workspaceId;
  const r = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'testchan', name: '공식 계정', settings: { note: 'x' }, credentials: { secret: SECRET } });
  expect(r.status).toBe(201);
  hook = r.body.account.webhookPath;
  accountId = r.body.account.id;
});
afterAll(async () => server.close());

describe('ingest pipeline', () => {
  it('answers a handshake and keeps credentials out of every response', async () => {
    const r = await fetch(`${server.url}${hook}?challenge=1158201444`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('1158201444');
    const accounts = await api.get(`/api/v1/w/${ws}/accounts`);
    expect(JSON.stringify(accounts.body)).not.toContain(SECRET);
    expect(accounts.body.accounts[0]).toMatchObject({ type: 'testchan', channel: 'Test channel', status: 'active' });
  });

  it('stores a delivered item once even when the webhook is replayed three times', async () => {
    const post = { id: 'w1', author: 'choi', text: '국민은행 앱에서 이체가 안 됩니다 @bank', at: '2026-11-02T00:00:00Z', mentions: ['bank'] };
    for (let i = 0; i < 3; i++) expect((await deliver([post])).status).toBe(200);
    await expect.poll(async () => (await items()).filter((i) => i.nativeId === 'w1').length, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    const stored = (await items()).filter((i) => i.nativeId === 'w1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ text: post.text, lang: 'ko', author: { handle: 'choi' } });
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const r = await deliver([{ id: 'forged', author: 'x', text: 'x', at: '2026-11-02T00:00:00Z' }], 'wrong');
    expect(r.status).toBe(401);
    expect((await r.json()).error.code).toBe('hook.bad_signature');
    expect((await items()).some((i) => i.nativeId === 'forged')).toBe(false);
  });

  it('answers a malformed payload with 400 and keeps it as a dead letter that can be retried', async () => {
    const body = '{"events": [{"id": 7}]}';
    const r = await fetch(server.url + hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
    expect(r.status).toBe(400);
    expect((await r.json()).error.code).toBe('hook.malformed_payload');
    const dead = await api.get(`/api/v1/w/${ws}/dead-letters`);
    expect(dead.body.deadLetters[0]).toMatchObject({ source: 'webhook', error: 'events[] with id and text expected', preview: body });
    const retry = await api.post(`/api/v1/w/${ws}/dead-letters/${dead.body.deadLetters[0].id}/retry`);
    expect(retry.status).toBe(202);
    // Still malformed: after its attempts it is dead again, with the error.
    await expect.poll(async () => (await api.get(`/api/v1/w/${ws}/dead-letters`)).body.deadLetters.length, { timeout: 15_000 }).toBe(1);
    expect((await api.post(`/api/v1/w/${ws}/dead-letters/00000000-0000-4000-8000-000000000000/retry`)).status).toBe(404);
  });

  it('applies edits and deletes to the stored item', async () => {
    await deliver([{ id: 'e1', author: 'yoon', text: '원래 글', at: '2026-11-03T00:00:00Z' }]);
    await expect.poll(async () => (await items()).find((i) => i.nativeId === 'e1')?.text, { timeout: 5000 }).toBe('원래 글');
    await deliver([{ id: 'e1', author: 'yoon', text: '수정한 글', at: '2026-11-03T00:00:00Z', editedAt: '2026-11-03T00:05:00Z' }]);
    await expect.poll(async () => (await items()).find((i) => i.nativeId === 'e1')?.text, { timeout: 5000 }).toBe('수정한 글');
    await deliver([{ id: 'e1', author: 'yoon', text: '', at: '2026-11-03T00:00:00Z', editedAt: '2026-11-03T00:09:00Z', deleted: true }]);
    await expect.poll(async () => (await items()).find((i) => i.nativeId === 'e1')?.deletedAt, { timeout: 5000 }).toBe('2026-11-03T00:09:00.000Z');
  });

  it('writes several held deliveries in one transaction, each item with its own delivery time; an unreadable one fails alone', async () => {
    const db = server.runtime.services.store.db;
    const ingest = server.runtime.services.ingest;
    // Received just now: the requeue job hands out only raw events pending for 30 s.
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const raw = async (posts: TestPost[] | string, receivedAt: string) => {
      const id = crypto.randomUUID();
      const body = typeof posts === 'string' ? posts : JSON.stringify({ events: posts });
      await db
        .insertInto('raw_events')
        .values({
          id,
          workspace_id: ws,
          account_id: accountId,
          received_at: new Date(receivedAt),
          source: 'webhook',
          headers: JSON.stringify({ 'x-test-signature': sign(SECRET, body) }),
          body,
          status: 'pending',
          attempts: 0,
          last_error: null,
          processed_at: null,
        })
        .execute();
      return id;
    };
    const a = await raw([{ id: 'g1', author: 'min', text: '첫 배달', at: '2026-11-06T00:00:00Z' }], at(1));
    const b = await raw(
      [
        { id: 'g2', author: 'min', text: '둘째 배달', at: '2026-11-06T00:00:00Z' },
        { id: 'g1', author: 'min', text: '첫 배달 (수정)', at: '2026-11-06T00:00:00Z', editedAt: '2026-11-06T00:00:03Z' },
      ],
      at(4),
    );
    const bad = await raw('{"events": "not a list"}', at(5));
    await expect(ingest.processRawMany([a, bad, b])).rejects.toThrow();
    expect((await db.selectFrom('raw_events').select('status').where('id', 'in', [a, b]).execute()).map((r) => r.status)).toEqual(['pending', 'pending']);
    const changed = await ingest.processRawMany([a, b]);
    expect(changed.map((c) => c.map((i) => i.nativeId).sort())).toEqual([[], ['g1', 'g2']]);
    const stored = await db.selectFrom('items').select(['native_id', 'text', 'received_at']).where('account_id', '=', accountId).where('native_id', 'in', ['g1', 'g2']).orderBy('native_id').execute();
    expect(stored.map((r) => [r.native_id, r.text, new Date(r.received_at).toISOString()])).toEqual([
      ['g1', '첫 배달 (수정)', at(1)],
      ['g2', '둘째 배달', at(4)],
    ]);
    expect((await db.selectFrom('raw_events').select(['status', 'attempts']).where('id', 'in', [a, b]).execute()).map((r) => [r.status, r.attempts])).toEqual([
      ['processed', 1],
      ['processed', 1],
    ]);
    expect(await ingest.processRawMany([a, b])).toEqual([[], []]); // processed: a second run changes nothing
    await expect(ingest.processRaw(bad)).rejects.toThrow();
  });

  it('streams newly ingested items to the browser over server-sent events', async () => {
    const cookies = (api as unknown as { cookies: Map<string, string> }).cookies;
    const ctrl = new AbortController();
    const res = await fetch(`${server.url}/api/v1/w/${ws}/items/live`, { headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await reader.read(); // ': connected'
    await deliver([{ id: 'live1', author: 'han', text: '실시간 글', at: '2026-11-04T00:00:00Z' }]);
    let text = '';
    while (!text.includes('live1')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/event: item\nid: [0-9a-f-]{36}:1\ndata: \{"change":"created","item":\{/);
    ctrl.abort();
  });

  it('asks the sender to retry later while the account is paused (nothing is lost)', async () => {
    await api.post(`/api/v1/w/${ws}/accounts/${accountId}/pause`);
    const r = await deliver([{ id: 'while-paused', author: 'x', text: '잠시만요', at: '2026-11-05T00:00:00Z' }]);
    expect(r.status).toBe(503);
    expect((await r.json()).error.code).toBe('hook.paused');
    await api.post(`/api/v1/w/${ws}/accounts/${accountId}/resume`);
  });

  it('polls from the stored cursor, pages while more waits, and records health', async () => {
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'testpoll', name: 'poll', credentials: {}, pollIntervalMs: 3_600_000 });
    const poller = server.runtime.services.poller;
    for (let i = 0; i < 5 && polled.fetches.length < 2; i++) await poller.pollDue();
    await expect.poll(() => polled.fetches.length, { timeout: 10_000 }).toBe(2);
    expect(polled.fetches).toEqual([undefined, 'p2']);
    await expect
      .poll(
        async () =>
          (await items())
            .filter((i) => i.nativeId.startsWith('p'))
            .map((i) => i.nativeId)
            .sort(),
        { timeout: 5000 },
      )
      .toEqual(['p1', 'p2', 'p3']);
    const account = (await api.get(`/api/v1/w/${ws}/accounts/${acc.body.account.id}`)).body.account;
    expect(account.health).toMatchObject({ status: 'ok', rateLimit: { remaining: 99, limit: 100 } });
    expect(await poller.pollDue()).toBe(0); // not due again before its interval
    expect(polled.fetches).toHaveLength(2);
  });
});

describe('connecting accounts', () => {
  it('records each account’s health from its adapter', async () => {
    expect(await server.runtime.services.accounts.checkHealth()).toBeGreaterThan(0);
    const a = (await api.get(`/api/v1/w/${ws}/accounts/${accountId}`)).body.account;
    expect(a.health.status).toBe('ok');
    expect(a.health.checkedAt).toMatch(/^\d{4}-/);
  });
});
