import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type CanonicalItem, type ChannelEvent } from '../port.js';
import { waitFor } from '../testing/inbound.js';
import { adapter } from './index.js';
import type { FakeX } from './testing/fake-x.js';
import { fixture, loadedFakeX, xAccount } from './testing/harness.js';

const messages = fixture<Array<{ data: { id: string } }>>('stream-messages.json');

function collect(fake: FakeX, settings: Record<string, unknown> = {}, cursor?: string) {
  const controller = new AbortController();
  const items: CanonicalItem[] = [];
  const cursors: Array<string | undefined> = [];
  const done = adapter.stream!(
    xAccount(fake.url, settings),
    cursor,
    async (events: ChannelEvent[], c) => {
      for (const e of events) if (e.type === 'upsert') items.push(e.item);
      cursors.push(c);
    },
    controller.signal,
  );
  return { controller, items, cursors, done };
}

describe('X filtered stream', () => {
  let fake: FakeX;
  beforeEach(async () => {
    fake = await loadedFakeX();
    fake.onStreamConnect.length = 0;
  });
  afterEach(() => fake.close());

  it('synchronises rules (dry run first), then reads \\r\\n-delimited posts across keep-alives', async () => {
    fake.rules.push({ id: '1', value: 'old rule', tag: 'stale' }, { id: '2', value: '소통은행 OR @sotongbank', tag: 'brand' });
    const s = collect(fake, {
      streamRules: [
        { value: '소통은행 OR @sotongbank', tag: 'brand' },
        { value: '"sotong bank" lang:en', tag: 'brand-en' },
      ],
    });
    await waitFor(() => fake.streams.length === 1, 5000, 'stream connection');
    expect(fake.rules.map((r) => r.value).sort()).toEqual(['"sotong bank" lang:en', '소통은행 OR @sotongbank']);
    const ruleCalls = fake.server.requests.filter((r) => r.path === '/2/tweets/search/stream/rules' && r.method === 'POST');
    expect(ruleCalls.map((r) => [r.query.dry_run, r.body])).toEqual([
      ['true', { add: [{ value: '"sotong bank" lang:en', tag: 'brand-en' }] }],
      [undefined, { delete: { ids: ['1'] } }],
      [undefined, { add: [{ value: '"sotong bank" lang:en', tag: 'brand-en' }] }],
    ]);
    fake.keepAlive();
    fake.push(messages[0]);
    fake.keepAlive();
    fake.keepAlive();
    // One message split across writes, with a keep-alive right behind it.
    const line = JSON.stringify(messages[1]);
    const cut = Buffer.from(line).subarray(0, 37);
    for (const st of fake.streams) st.res.write(cut);
    await new Promise((r) => setTimeout(r, 20));
    for (const st of fake.streams) st.res.write(Buffer.concat([Buffer.from(line).subarray(37), Buffer.from('\r\n\r\n')]));
    await waitFor(() => s.items.length === 2, 5000, 'two posts');
    s.controller.abort();
    await s.done;
    expect(s.items[0]).toMatchObject({ text: '소통은행 앱 또 먹통이네요 ㅠㅠ #소통은행', kind: 'post' });
    expect(s.items[1]).toMatchObject({ text: '@sotongbank 해결됐어요, 감사합니다 🙏🏻', kind: 'reply', parentNativeId: '2123597193016246277' });
    expect(s.items[1]!.interactions[0]).toMatchObject({ type: 'reply', target: { nativeId: '1523000000000000001' } });
    expect(s.cursors).toEqual(['2123597193016246277', '2123604742763446278']);
  });

  it('reconnects with backoff after the server drops the connection, resumes with backfill and skips replayed posts', async () => {
    const s = collect(fake, { backfillMinutes: 2 });
    await waitFor(() => fake.streams.length === 1, 5000, 'first connection');
    expect(fake.streams[0]!.query.backfill_minutes, 'no backfill on the very first connection').toBeUndefined();
    fake.push(messages[0]);
    await waitFor(() => s.items.length === 1, 5000, 'first post');
    fake.dropStreams();
    await waitFor(() => fake.server.requests.filter((r) => r.path === '/2/tweets/search/stream').length === 2 && fake.streams.length === 1, 5000, 'reconnection');
    expect(fake.streams[0]!.query.backfill_minutes).toBe('2');
    fake.push(messages[0]); // replayed by backfill
    fake.push(messages[1]);
    fake.push(messages[2]);
    await waitFor(() => s.items.length === 3, 5000, 'posts after reconnect');
    s.controller.abort();
    await s.done;
    expect(s.items.map((i) => i.nativeId)).toEqual(messages.map((m) => m.data.id));
    expect(s.items[2]).toMatchObject({ lang: 'en' });
    expect(fake.server.requests.filter((r) => r.path === '/2/tweets/search/stream')).toHaveLength(2);
  });

  it('reconnects when an in-stream error (operational-disconnect) arrives and when the connection stalls', async () => {
    const s = collect(fake, { stallTimeoutMs: 300 });
    await waitFor(() => fake.streams.length === 1, 5000, 'connection');
    fake.push({
      errors: [
        { title: 'operational-disconnect', disconnect_type: 'UpstreamOperationalDisconnect', detail: 'This stream has been disconnected upstream for operational reasons.', type: 'https://api.twitter.com/2/problems/operational-disconnect' },
      ],
    });
    await waitFor(() => fake.server.requests.filter((r) => r.path === '/2/tweets/search/stream').length === 2, 5000, 'reconnect after error');
    // Now stay silent past the stall timeout: the adapter must give up on this connection and open another,
    // which gets a post as soon as it connects (later connections get it again: it is handed over once).
    fake.onStreamConnect.push(messages[2]!);
    await waitFor(() => fake.server.requests.filter((r) => r.path === '/2/tweets/search/stream').length >= 3, 5000, 'reconnect after stall');
    await waitFor(() => s.items.length === 1, 5000, 'post');
    await waitFor(() => fake.server.requests.filter((r) => r.path === '/2/tweets/search/stream').length >= 4, 5000, 'another stall');
    expect(s.items).toHaveLength(1);
    s.controller.abort();
    await s.done;
  });

  it('waits until x-rate-limit-reset when connecting is refused with 429', async () => {
    fake.throttle(1, Math.floor(Date.now() / 1000) + 1);
    const start = Date.now();
    const s = collect(fake, { reconnectBaseMs: 50 });
    await waitFor(() => fake.streams.length === 1, 8000, 'connection after 429');
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    s.controller.abort();
    await s.done;
    expect(fake.server.requests.filter((r) => r.path === '/2/tweets/search/stream')).toHaveLength(2);
  });

  it('stops with auth_failed when the bearer token is refused, and on invalid rules', async () => {
    const controller = new AbortController();
    const bad = { ...xAccount(fake.url), credentials: { bearerToken: 'nope' } };
    await expect(adapter.stream!(bad, undefined, async () => undefined, controller.signal)).rejects.toMatchObject({ code: 'auth_failed' });
    const invalid = xAccount(fake.url, { streamRules: [{ value: '((' }] });
    const err = await adapter.stream!(invalid, undefined, async () => undefined, controller.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'invalid_request' });
    expect(fake.server.requests.filter((r) => r.method === 'POST' && r.query.dry_run !== 'true')).toHaveLength(0);
  });

  it('stops and rethrows when the pipeline cannot take events', async () => {
    fake.onStreamConnect.push(messages[0]!);
    const controller = new AbortController();
    const boom = new Error('store down');
    await expect(adapter.stream!(xAccount(fake.url), undefined, async () => Promise.reject(boom), controller.signal)).rejects.toBe(boom);
  });
});
