/**
 * A local PDS/AppView subset and Jetstream for tests. XRPC: createSession, refreshSession, getSession,
 * listNotifications (newest first, cursor paging), getPosts, resolveHandle, createRecord, and the chat
 * convo calls behind the atproto-proxy header. Jetstream: /subscribe over WebSocket with wantedDids and
 * cursor replay.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { router, sendJson, startLocalServer, type LocalServer, type RecordedRequest } from '../../testing/local-server.js';
import type { JetstreamEvent, NotificationView, PostRecord } from '../mapping.js';

const fixtures = new URL('../fixtures/', import.meta.url);
export const readFixture = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
export const loadFixture = <T>(name: string): T => JSON.parse(readFixture(name)) as T;
export const IDENTIFIER = 'sotongbank.bsky.social';
export const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';
export const BANK_DID = 'did:plc:sotongbank4x2q7rwm3kd5y';

type PostView = { uri: string; cid: string; record: PostRecord };

export interface FakeBluesky {
  xrpc: LocalServer;
  url: string;
  jetstreamUrl: string;
  notifications: NotificationView[];
  posts: PostView[];
  handles: Record<string, string>;
  /** Records accepted by createRecord. */
  created: Array<{ repo: string; collection: string; record: PostRecord & { facets?: unknown[] } }>;
  messages: Array<{ convoId: string; message: { text: string; facets?: unknown[] }; proxy?: string }>;
  /** Events replayed to every subscriber (from its cursor) and pushed live. */
  jetEvents: JetstreamEvent[];
  jetRequests: URL[];
  /** Sent to every new subscriber right after it connects (for the contract). */
  onSubscribe?: JetstreamEvent;
  /** Every app.bsky.feed.post record in the bank's repo, by rkey (replies and posts); deleted ones removed. */
  records: Map<string, { uri: string; cid: string; value: PostRecord & { facets?: unknown[]; embed?: { images?: Array<{ alt: string; image: unknown }> } } }>;
  blobs: Map<string, { mimeType: string; size: number }>;
  /** Answers as Bluesky does: 429 RateLimitExceeded, a revoked app password (401s up to and including the next createSession), a 400 InvalidRequest. */
  failNext(kind: 'rate_limited' | 'auth_failed' | 'invalid_request'): void;
  /** From now on the current access token is answered with 400 ExpiredToken. */
  expireAccessToken(): void;
  pushJet(ev: JetstreamEvent): void;
  dropJetstream(): void;
  close(): Promise<void>;
}

type StoredRecord = FakeBluesky['records'] extends Map<string, infer R> ? R : never;

const cidOf = (s: string): string => `bafyrei${createHash('sha256').update(s).digest('hex').slice(0, 52)}`;

export async function startFakeBluesky(): Promise<FakeBluesky> {
  const state = {
    notifications: loadFixture<{ notifications: NotificationView[] }>('listNotifications.json').notifications,
    posts: loadFixture<{ posts: PostView[] }>('getPosts.json').posts,
    handles: { 'sotongbank.bsky.social': BANK_DID, 'kimjisu.bsky.social': 'did:plc:kimjisu7d3k2lq9xw4nmv8ab' } as Record<string, string>,
    created: [] as FakeBluesky['created'],
    messages: [] as FakeBluesky['messages'],
    jetEvents: readFixture('jetstream-events.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JetstreamEvent),
    jetRequests: [] as URL[],
  };
  let generation = 1;
  let expired: string | undefined;
  let seq = 0;
  const records: FakeBluesky['records'] = new Map();
  const blobs: FakeBluesky['blobs'] = new Map();
  let failure: 'rate_limited' | 'invalid_request' | undefined;
  let authRevoked = false;
  const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
  const access = (): string => `access-${generation}`;
  const authed = (req: RecordedRequest, res: http.ServerResponse): boolean => {
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (token && token === expired) sendJson(res, 400, { error: 'ExpiredToken', message: 'Token has expired' });
    else if (token !== access()) sendJson(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
    else return true;
    return false;
  };
  const session = (): unknown => ({ ...loadFixture<Record<string, unknown>>('createSession.json'), accessJwt: access(), refreshJwt: `refresh-${generation}` });

  const routes = router({
    'POST /xrpc/com.atproto.server.createSession': (req, res) => {
      const body = req.body as { identifier?: string; password?: string } | undefined;
      if (body?.identifier !== IDENTIFIER || body.password !== APP_PASSWORD) return sendJson(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
      sendJson(res, 200, session());
    },
    'POST /xrpc/com.atproto.server.refreshSession': (req, res) => {
      if (req.headers.authorization !== `Bearer refresh-${generation}`) return sendJson(res, 400, { error: 'ExpiredToken', message: 'Token has expired' });
      generation++;
      sendJson(res, 200, session());
    },
    'GET /xrpc/com.atproto.server.getSession': (req, res) => {
      if (authed(req, res)) sendJson(res, 200, { handle: IDENTIFIER, did: BANK_DID, active: true });
    },
    'GET /xrpc/app.bsky.notification.listNotifications': (req, res) => {
      if (!authed(req, res)) return;
      const limit = Number(req.query.limit ?? 50);
      const all = [...state.notifications].sort((a, b) => b.indexedAt.localeCompare(a.indexedAt));
      const start = req.query.cursor ? all.findIndex((n) => n.indexedAt < req.query.cursor!) : 0;
      const notifications = start < 0 ? [] : all.slice(start, start + limit);
      const cursor = notifications.length === limit ? notifications.at(-1)!.indexedAt : undefined;
      sendJson(res, 200, { notifications, cursor, priority: false, seenAt: '2026-01-04T23:00:00.000Z' }, { 'ratelimit-limit': '3000', 'ratelimit-remaining': '2999', 'ratelimit-reset': '1767579300', 'ratelimit-policy': '3000;w=300' });
    },
    'GET /xrpc/app.bsky.feed.getPosts': (req, res) => {
      if (!authed(req, res)) return;
      const own = [...records.values()]
        .filter((r) => r.uri === req.query.uris)
        .map((r) => ({ uri: r.uri, cid: r.cid, record: r.value, author: { did: BANK_DID, handle: IDENTIFIER }, replyCount: 1, repostCount: 2, likeCount: 7, quoteCount: 1, indexedAt: r.value.createdAt }));
      sendJson(res, 200, { posts: [...state.posts.filter((p) => p.uri === req.query.uris), ...own] });
    },
    'GET /xrpc/com.atproto.identity.resolveHandle': (req, res) => {
      const did = state.handles[req.query.handle ?? ''];
      if (did) sendJson(res, 200, { did });
      else sendJson(res, 400, { error: 'InvalidRequest', message: 'Unable to resolve handle' });
    },
    'POST /xrpc/com.atproto.repo.createRecord': (req, res) => {
      if (!authed(req, res)) return;
      const body = req.body as FakeBluesky['created'][number] & { rkey?: string; record: StoredRecord['value'] };
      if (body?.repo !== BANK_DID || body.collection !== 'app.bsky.feed.post' || typeof body.record?.text !== 'string') return sendJson(res, 400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record' });
      if ([...segmenter.segment(body.record.text)].length > 300 || Buffer.byteLength(body.record.text) > 3000)
        return sendJson(res, 400, { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes' });
      if (body.rkey !== undefined && !TID.test(body.rkey)) return sendJson(res, 400, { error: 'InvalidRequest', message: `Invalid record key: ${body.rkey}` });
      const images = body.record.embed?.images ?? [];
      if (images.some((i) => !blobs.has((i.image as { ref?: { $link?: string } })?.ref?.$link ?? '') || typeof i.alt !== 'string'))
        return sendJson(res, 400, { error: 'InvalidRequest', message: 'Invalid app.bsky.embed.images: unknown blob or missing alt' });
      const rkey = body.rkey ?? `3lf4r${String(++seq).padStart(8, '0')}`;
      if (records.has(rkey)) return sendJson(res, 400, { error: 'InvalidRequest', message: `Record already exists: at://${BANK_DID}/app.bsky.feed.post/${rkey}` });
      state.created.push(body);
      const uri = `at://${BANK_DID}/app.bsky.feed.post/${rkey}`;
      records.set(rkey, { uri, cid: cidOf(uri), value: body.record });
      sendJson(res, 200, { uri, cid: cidOf(uri), commit: { cid: cidOf(`c${uri}`), rev: '3lf4rev0000' }, validationStatus: 'valid' });
    },
    'GET /xrpc/com.atproto.repo.getRecord': (req, res) => {
      if (!authed(req, res)) return;
      const r = req.query.repo === BANK_DID && req.query.collection === 'app.bsky.feed.post' ? records.get(req.query.rkey ?? '') : undefined;
      if (!r) return sendJson(res, 400, { error: 'RecordNotFound', message: `Could not locate record: at://${req.query.repo}/${req.query.collection}/${req.query.rkey}` });
      sendJson(res, 200, r);
    },
    'POST /xrpc/com.atproto.repo.deleteRecord': (req, res) => {
      if (!authed(req, res)) return;
      const body = req.body as { repo?: string; collection?: string; rkey?: string } | undefined;
      if (body?.repo !== BANK_DID) return sendJson(res, 400, { error: 'InvalidRequest', message: 'repo does not match the session' });
      records.delete(body.rkey ?? '');
      sendJson(res, 200, { commit: { cid: cidOf(`d${body.rkey}`), rev: '3lf4rev0001' } });
    },
    'POST /xrpc/com.atproto.repo.uploadBlob': (req, res) => {
      if (!authed(req, res)) return;
      const mimeType = req.headers['content-type'] ?? '';
      if (!mimeType.startsWith('image/') || req.rawBody.length === 0) return sendJson(res, 400, { error: 'InvalidRequest', message: 'unsupported blob' });
      const link = cidOf(req.rawBody.toString('base64'));
      blobs.set(link, { mimeType, size: req.rawBody.length });
      sendJson(res, 200, { blob: { $type: 'blob', ref: { $link: link }, mimeType, size: req.rawBody.length } });
    },
    'GET /xrpc/chat.bsky.convo.getConvoForMembers': (req, res) => {
      if (!authed(req, res)) return;
      if (req.headers['atproto-proxy'] !== 'did:web:api.bsky.chat#bsky_chat') return sendJson(res, 400, { error: 'InvalidRequest', message: 'missing proxy' });
      sendJson(res, 200, { convo: { id: `convo-${req.query.members}`, rev: '1', members: [], muted: false, unreadCount: 0 } });
    },
    'POST /xrpc/chat.bsky.convo.sendMessage': (req, res) => {
      if (!authed(req, res)) return;
      const body = req.body as { convoId: string; message: { text: string } };
      state.messages.push({ ...body, proxy: req.headers['atproto-proxy'] });
      sendJson(res, 200, { id: `msg-${++seq}`, rev: '2', text: body.message.text, sender: { did: BANK_DID }, sentAt: '2026-01-05T04:00:00.000Z' });
    },
  });
  const xrpc = await startLocalServer({
    handler: (req, res, params) => {
      if (authRevoked) {
        // Revoked until the client tries to sign in again: that attempt fails too, then the password works.
        if (req.path.endsWith('/com.atproto.server.createSession')) authRevoked = false;
        return sendJson(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
      }
      const f = failure;
      failure = undefined;
      if (f === 'rate_limited')
        return sendJson(
          res,
          429,
          { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
          { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 300), 'ratelimit-policy': '5000;w=3600' },
        );
      if (f === 'invalid_request') return sendJson(res, 400, { error: 'InvalidRequest', message: 'Input/repo must be a valid did or a handle' });
      return routes(req, res, params);
    },
  });

  const subscribers = new Set<{ ws: WebSocket; dids: string[] }>();
  const sockets = new Set<Socket>();
  const jet = http.createServer((_req, res) => sendJson(res, 404, { error: 'not found' }));
  const wss = new WebSocketServer({ noServer: true });
  const wanted = (sub: { dids: string[] }, ev: JetstreamEvent): boolean => (!sub.dids.length || sub.dids.includes(ev.did)) && (ev.kind !== 'commit' || ev.commit?.collection === 'app.bsky.feed.post');
  jet.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/subscribe') return socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    state.jetRequests.push(url);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const sub = { ws, dids: url.searchParams.getAll('wantedDids') };
      subscribers.add(sub);
      ws.on('close', () => subscribers.delete(sub));
      if (fake.onSubscribe) ws.send(JSON.stringify(fake.onSubscribe));
      const cursor = url.searchParams.get('cursor');
      if (cursor === null) return;
      for (const ev of state.jetEvents) if (ev.time_us >= Number(cursor) && wanted(sub, ev)) ws.send(JSON.stringify(ev));
    });
  });
  jet.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => jet.listen(0, '127.0.0.1', resolve));

  const fake: FakeBluesky = Object.assign(state, {
    records,
    blobs,
    failNext(kind: 'rate_limited' | 'auth_failed' | 'invalid_request') {
      if (kind === 'auth_failed') authRevoked = true;
      else failure = kind;
    },
    xrpc,
    url: xrpc.url,
    jetstreamUrl: `ws://127.0.0.1:${(jet.address() as AddressInfo).port}`,
    expireAccessToken() {
      expired = access();
    },
    pushJet(ev: JetstreamEvent) {
      state.jetEvents.push(ev);
      for (const sub of subscribers) if (wanted(sub, ev)) sub.ws.send(JSON.stringify(ev));
    },
    dropJetstream() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      wss.close();
      await new Promise<void>((resolve) => jet.close(() => resolve()));
      await xrpc.close();
    },
  });
  return fake;
}
