/**
 * A local Mastodon for tests. REST (startLocalServer): verify_credentials, notifications and tag
 * timelines (newest first, since_id/max_id/limit, Link header), POST /api/v1/statuses with
 * Idempotency-Key. Streaming on its own port: WebSocket /api/v1/streaming (subscribe messages) and SSE
 * /api/v1/streaming/user|hashtag with :thump keep-alives.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { router, sendJson, startLocalServer, type LocalServer, type RecordedRequest } from '../../testing/local-server.js';
import { compareIds } from '../client.js';
import type { MNotification, MStatus } from '../mapping.js';
import { mastodonLength } from '../measure.js';

const fixtures = new URL('../fixtures/', import.meta.url);
export const loadFixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
export const TOKEN = 'test-mastodon-token';

interface Listener {
  streams: string[][];
  send(frame: { stream: string[]; event: string; payload: string }): void;
}

export interface FakeMastodon {
  rest: LocalServer;
  url: string;
  streamingUrl: string;
  notifications: MNotification[];
  tagStatuses: MStatus[];
  posted: Array<{ body: Record<string, unknown>; idempotencyKey?: string }>;
  /** Every status the server holds (replies and posts), by id; deleted ones are removed. */
  statuses: Map<string, MStatus & { text: string }>;
  /** Uploaded media attachments with their description (alt text). */
  media: Array<{ id: string; description: string; bytes: number }>;
  /** Answers the next request as Mastodon does when rate-limited, for a revoked token, or for invalid input. */
  failNext(kind: 'rate_limited' | 'auth_failed' | 'invalid_request'): void;
  /** Frames pushed to every listener as soon as it subscribes (for the contract). */
  onSubscribe?: { event: string; payload: string };
  subscriptions: Array<{ type?: string; stream?: string; tag?: string }>;
  listeners(): number;
  push(stream: string[], event: string, payload: string): void;
  /** Drops every streaming connection (clients should reconnect). */
  dropStreams(): void;
  close(): Promise<void>;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page<T extends { id: string }>(req: RecordedRequest, all: T[], base: string): { items: T[]; link?: string } {
  const limit = Math.min(80, Number(req.query.limit ?? 20));
  const { since_id: since, max_id: max } = req.query;
  const items = [...all]
    .sort((a, b) => compareIds(b.id, a.id))
    .filter((x) => (!since || compareIds(x.id, since) > 0) && (!max || compareIds(x.id, max) < 0))
    .slice(0, limit);
  if (!items.length) return { items };
  const next = `<${base}${req.path}?limit=${limit}&max_id=${items.at(-1)!.id}>; rel="next"`;
  const prev = `<${base}${req.path}?limit=${limit}&min_id=${items[0]!.id}>; rel="prev"`;
  return { items, link: `${next}, ${prev}` };
}

export async function startFakeMastodon(): Promise<FakeMastodon> {
  const listeners = new Set<Listener>();
  const sockets = new Set<Socket>();
  const state = {
    notifications: loadFixture<MNotification[]>('notifications.json'),
    tagStatuses: loadFixture<MStatus[]>('tag-timeline.json'),
    posted: [] as FakeMastodon['posted'],
    subscriptions: [] as FakeMastodon['subscriptions'],
    onSubscribe: undefined as FakeMastodon['onSubscribe'],
  };
  const byKey = new Map<string, MStatus>();
  const statuses = new Map<string, MStatus & { text: string }>();
  const media: FakeMastodon['media'] = [];
  let failure: 'rate_limited' | 'auth_failed' | 'invalid_request' | undefined;
  let seq = 0;
  const rate = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '299', 'x-ratelimit-reset': '2026-01-05T04:05:00.000Z' };
  const authed = (req: RecordedRequest, res: http.ServerResponse): boolean => {
    const f = failure;
    failure = undefined;
    if (f === 'rate_limited') {
      sendJson(res, 429, { error: 'Too many requests' }, { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + 120_000).toISOString() });
      return false;
    }
    if (f === 'auth_failed') {
      sendJson(res, 401, { error: 'The access token was revoked' });
      return false;
    }
    if (f === 'invalid_request') {
      sendJson(res, 422, { error: 'Validation failed: Visibility is not included in the list' });
      return false;
    }
    if (req.headers.authorization === `Bearer ${TOKEN}`) return true;
    sendJson(res, 401, { error: 'The access token is invalid' });
    return false;
  };

  const rest = await startLocalServer({
    handler: router({
      'GET /api/v1/accounts/verify_credentials': (req, res) => {
        if (authed(req, res)) sendJson(res, 200, loadFixture('account.json'), rate);
      },
      'GET /api/v1/notifications': (req, res) => {
        if (!authed(req, res)) return;
        // the recorder keeps one value per query name: a types[] filter is taken as "not favourites"
        const wanted = state.notifications.filter((n) => !req.query['types[]'] || n.type !== 'favourite');
        const { items, link } = page(req, wanted, rest.url);
        sendJson(res, 200, items, { ...rate, ...(link ? { link } : {}) });
      },
      'GET /api/v1/timelines/tag/:tag': (req, res, params) => {
        if (!authed(req, res)) return;
        const tagged = state.tagStatuses.filter((s) => (s.reblog ?? s).tags?.some((t) => t.name.toLowerCase() === params.tag?.toLowerCase()));
        const { items, link } = page(req, tagged, rest.url);
        sendJson(res, 200, items, { ...rate, ...(link ? { link } : {}) });
      },
      'POST /api/v1/statuses': (req, res) => {
        if (!authed(req, res)) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        const key = req.headers['idempotency-key'];
        const earlier = key ? byKey.get(key) : undefined;
        if (earlier) return sendJson(res, 200, earlier, rate);
        if (typeof body.status !== 'string' || body.status.trim() === '') return sendJson(res, 422, { error: "Validation failed: Text can't be blank" });
        if (mastodonLength(body.status) > 500) return sendJson(res, 422, { error: 'Validation failed: Text character limit of 500 exceeded' });
        const mediaIds = Array.isArray(body.media_ids) ? (body.media_ids as unknown[]) : [];
        if (mediaIds.some((id) => !media.some((m) => m.id === id))) return sendJson(res, 422, { error: 'Validation failed: Media attachments are invalid' });
        state.posted.push({ body, idempotencyKey: key });
        const created = {
          ...loadFixture<MStatus>('status-created.json'),
          id: `1138000000000001${String(++seq).padStart(2, '0')}`,
          in_reply_to_id: (body.in_reply_to_id as string) ?? null,
          visibility: (body.visibility as MStatus['visibility']) ?? 'public',
          content: `<p>${escapeHtml(body.status)}</p>`,
          replies_count: 2,
          reblogs_count: 3,
          favourites_count: 5,
          media_attachments: mediaIds.map((id) => ({ id: String(id), type: 'image', url: `https://social.example/media/${String(id)}.png`, description: media.find((m) => m.id === id)?.description ?? null })),
        };
        created.url = `https://social.example/@sotongbank/${created.id}`;
        if (key) byKey.set(key, created);
        statuses.set(created.id, { ...created, text: body.status });
        sendJson(res, 200, created, rate);
      },
      'POST /api/v2/media': (req, res) => {
        if (!authed(req, res)) return;
        if (!req.headers['content-type']?.startsWith('multipart/form-data')) return sendJson(res, 422, { error: 'Validation failed: File content type is invalid' });
        const description = /name="description"\r\n\r\n([\s\S]*?)\r\n--/.exec(req.text)?.[1] ?? '';
        const id = `1138100000000${String(media.length + 1).padStart(5, '0')}`;
        media.push({ id, description, bytes: req.rawBody.length });
        sendJson(res, 200, { id, type: 'image', url: `https://social.example/media/${id}.png`, description }, rate);
      },
      'GET /api/v1/statuses/:id': (req, res, params) => {
        if (!authed(req, res)) return;
        const st = statuses.get(params.id ?? '');
        if (!st) return sendJson(res, 404, { error: 'Record not found' });
        const { text: _t, ...view } = st;
        sendJson(res, 200, view, rate);
      },
      'PUT /api/v1/statuses/:id': (req, res, params) => {
        if (!authed(req, res)) return;
        const st = statuses.get(params.id ?? '');
        if (!st) return sendJson(res, 404, { error: 'Record not found' });
        const body = (req.body ?? {}) as { status?: unknown };
        if (typeof body.status !== 'string' || body.status.trim() === '') return sendJson(res, 422, { error: "Validation failed: Text can't be blank" });
        if (mastodonLength(body.status) > 500) return sendJson(res, 422, { error: 'Validation failed: Text character limit of 500 exceeded' });
        const edited = { ...st, text: body.status, content: `<p>${escapeHtml(body.status)}</p>`, edited_at: new Date().toISOString() };
        statuses.set(st.id, edited);
        const { text: _t, ...view } = edited;
        sendJson(res, 200, view, rate);
      },
      'DELETE /api/v1/statuses/:id': (req, res, params) => {
        if (!authed(req, res)) return;
        const st = statuses.get(params.id ?? '');
        if (!st) return sendJson(res, 404, { error: 'Record not found' });
        statuses.delete(st.id);
        sendJson(res, 200, st, rate);
      },
    }),
  });

  const streaming = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(res, 401, { error: 'Error: Missing access token' });
    const sse: Record<string, string[] | undefined> = { '/api/v1/streaming/user': ['user'], '/api/v1/streaming/hashtag': ['hashtag', url.searchParams.get('tag') ?? ''] };
    const stream = sse[url.pathname];
    if (!stream) return sendJson(res, 404, { error: 'Not found' });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'transfer-encoding': 'chunked' });
    res.write(':)\n');
    const thump = setInterval(() => res.write(':thump\n'), 50);
    const listener: Listener = { streams: [stream], send: (f) => res.write(`event: ${f.event}\ndata: ${f.payload}\n\n`) };
    listeners.add(listener);
    state.subscriptions.push({ type: 'sse', stream: stream[0], tag: stream[1] });
    if (state.onSubscribe) listener.send({ stream, ...state.onSubscribe });
    req.on('close', () => {
      clearInterval(thump);
      listeners.delete(listener);
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  streaming.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/v1/streaming' || req.headers.authorization !== `Bearer ${TOKEN}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n{"error":"Error: Missing access token"}');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const listener: Listener = { streams: [], send: (f) => ws.send(JSON.stringify(f)) };
      listeners.add(listener);
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { type?: string; stream?: string; tag?: string };
        state.subscriptions.push(msg);
        if (msg.type !== 'subscribe' || !msg.stream) return;
        const stream = msg.stream === 'hashtag' ? ['hashtag', msg.tag ?? ''] : [msg.stream];
        listener.streams.push(stream);
        if (state.onSubscribe) listener.send({ stream, ...state.onSubscribe });
      });
      ws.on('close', () => listeners.delete(listener));
    });
  });
  streaming.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => streaming.listen(0, '127.0.0.1', resolve));
  const port = (streaming.address() as AddressInfo).port;

  return Object.assign(state, {
    statuses,
    media,
    failNext(kind: 'rate_limited' | 'auth_failed' | 'invalid_request') {
      failure = kind;
    },
    rest,
    url: rest.url,
    streamingUrl: `http://127.0.0.1:${port}`,
    listeners: () => listeners.size,
    push(stream: string[], event: string, payload: string) {
      for (const l of listeners) if (l.streams.some((s) => s.join(':').toLowerCase() === stream.join(':').toLowerCase())) l.send({ stream, event, payload });
    },
    dropStreams() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      wss.close();
      await new Promise<void>((resolve) => streaming.close(() => resolve()));
      await rest.close();
    },
  });
}
