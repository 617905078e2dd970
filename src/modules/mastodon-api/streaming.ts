/**
 * Streaming (docs.joinmastodon.org/methods/streaming): WebSocket at /api/v1/streaming (the token may come
 * as the Sec-WebSocket-Protocol, which is echoed back, or as ?access_token=; streams chosen by
 * ?stream= or by `subscribe` messages) and server-sent events at /api/v1/streaming/<stream>. Fed from
 * the bus (`microblog.event.<workspace>`), so a post made in one process reaches streams in another.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Bus, Subscription } from '../../platform/bus/bus.js';
import { MICROBLOG_EVENT, type Microblog, type MicroblogEvent, type StreamPlacement, type Viewer } from '../microblog/index.js';
import { baseOf, viewerOf } from './kit.js';
import type { OAuthService } from './oauth.service.js';
import { isMastodonNotification, notification, status } from './render.js';

const tags = ['mastodon'];
const STREAMS = new Set(['user', 'user:notification', 'public', 'public:local', 'hashtag', 'hashtag:local']);

interface Listener {
  viewer: Viewer;
  base: string;
  /** Subscribed streams: the stream name, or `hashtag:<tag>` / `hashtag:local:<tag>`. */
  streams: Map<string, string[]>;
  send(stream: string[], event: string, payload: string): void;
}

function streamKey(stream: string, tag?: string): { key: string; frame: string[] } | null {
  if (!STREAMS.has(stream)) return null;
  if (stream.startsWith('hashtag')) {
    const t = (tag ?? '').replace(/^#/, '').toLowerCase().normalize('NFC');
    return t ? { key: `${stream}:${t}`, frame: [stream, t] } : null;
  }
  return { key: stream, frame: [stream] };
}

export class StreamHub {
  private readonly listeners = new Set<Listener>();
  private sub: Promise<Subscription> | null = null;
  constructor(
    private readonly bus: Bus,
    private readonly mb: Microblog,
  ) {}

  add(l: Listener): () => void {
    this.listeners.add(l);
    this.sub ??= this.bus.subscribe<MicroblogEvent>(`${MICROBLOG_EVENT}.>`, (msg) => this.dispatch(msg.data));
    return () => this.listeners.delete(l);
  }

  get size(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.sub) await (await this.sub).close();
  }

  private async dispatch(e: MicroblogEvent): Promise<void> {
    const here = [...this.listeners].filter((l) => l.viewer.scope.workspaceId === e.workspaceId);
    if (here.length === 0) return;
    if (e.kind === 'delete' || e.kind === 'notification') {
      await Promise.all(here.map((l) => this.deliver(l, e).catch(() => undefined)));
      return;
    }
    // A new or edited post: who sees it where is decided for every open stream at once (one viewer per person).
    const viewers = new Map<number, Viewer>();
    for (const l of here) if (!viewers.has(Number(l.viewer.person.id))) viewers.set(Number(l.viewer.person.id), l.viewer);
    const placed = await this.mb.streams.placements(e.workspaceId, e.postId!, [...viewers.values()]).catch(() => new Map<number, StreamPlacement>());
    const payloads = new Map<string, string>();
    for (const l of here) {
      const p = placed.get(Number(l.viewer.person.id));
      if (!p) continue;
      for (const [key, frame] of l.streams) {
        const on = key === 'user' ? p.home : key === 'public' || key === 'public:local' ? p.local : key.startsWith('hashtag') ? p.tags.includes(frame[1]!) : false;
        if (!on) continue;
        const k = `${l.viewer.person.id} ${l.base}`;
        let payload = payloads.get(k);
        if (payload === undefined) payloads.set(k, (payload = JSON.stringify(status(l.base, p.view))));
        l.send(frame, e.kind, payload);
      }
    }
  }

  private async deliver(l: Listener, e: MicroblogEvent): Promise<void> {
    const v = l.viewer;
    if (e.kind === 'delete') {
      for (const frame of l.streams.values()) l.send(frame, 'delete', String(e.postId));
      return;
    }
    if (e.kind === 'notification') {
      if (e.personId !== v.person.id) return;
      const n = await this.mb.social.notification(v, e.notificationId!);
      if (!isMastodonNotification(n)) return;
      for (const [key, frame] of l.streams) if (key === 'user' || key === 'user:notification') l.send(frame, 'notification', JSON.stringify(notification(l.base, n)));
    }
  }
}

export function streamingRoutes(app: FastifyInstance, oauth: OAuthService, hub: StreamHub): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, handleProtocols: (protocols) => protocols.values().next().value ?? false });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/v1/streaming' && url.pathname !== '/api/v1/streaming/') return;
    const protocol = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')[0]
      ?.trim();
    const auth = req.headers.authorization;
    const token = url.searchParams.get('access_token') ?? (auth && /^bearer /i.test(auth) ? auth.slice(7).trim() : undefined) ?? protocol;
    const ip = req.socket.remoteAddress ?? '';
    oauth
      .authenticate(token || undefined, ip)
      .then((caller) => {
        if (!caller?.viewer || !caller.scopes.some((s) => s === 'read' || s.startsWith('read:'))) throw new Error('unauthorized');
        const viewer = caller.viewer;
        wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
          const base = `http://${req.headers.host ?? 'localhost'}`;
          const listener: Listener = { viewer, base, streams: new Map(), send: (stream, event, payload) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ stream, event, payload })) };
          const first = streamKey(url.searchParams.get('stream') ?? '', url.searchParams.get('tag') ?? undefined);
          if (first) listener.streams.set(first.key, first.frame);
          const remove = hub.add(listener);
          ws.on('message', (data) => {
            let m: { type?: unknown; stream?: unknown; tag?: unknown };
            try {
              m = JSON.parse(String(data));
            } catch {
              return ws.send(JSON.stringify({ error: 'Malformed message' }));
            }
            const k = typeof m.stream === 'string' ? streamKey(m.stream, typeof m.tag === 'string' ? m.tag : undefined) : null;
            if (!k) return ws.send(JSON.stringify({ error: 'Unknown stream type' }));
            if (m.type === 'subscribe') listener.streams.set(k.key, k.frame);
            else if (m.type === 'unsubscribe') listener.streams.delete(k.key);
          });
          const ping = setInterval(() => ws.readyState === ws.OPEN && ws.ping(), 30_000);
          ws.on('close', () => {
            clearInterval(ping);
            remove();
          });
        });
      })
      .catch(() => {
        socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":"The access token is invalid"}');
      });
  };
  app.server.on('upgrade', onUpgrade);
  // Open streams end before the HTTP server waits for its connections to close (else it waits for them).
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const c of wss.clients) c.terminate();
    wss.close();
  });
  app.addHook('onClose', async () => {
    await hub.close();
  });

  app.get('/api/v1/streaming/health', { schema: { tags, summary: 'Mastodon streaming: health' } }, async (_req, reply) => reply.type('text/plain').send('OK'));
  const sse = (path: string, stream: string) =>
    app.get(path, { schema: { tags, summary: `Mastodon streaming (server-sent events): ${stream}` } }, async (req, reply) => {
      const viewer = await viewerOf(oauth, req, 'read');
      const k = streamKey(stream, (req.query as { tag?: string }).tag);
      if (!k) return reply.status(400).send({ error: 'A tag is needed.' });
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(':)\n\n');
      const remove = hub.add({ viewer, base: baseOf(req), streams: new Map([[k.key, k.frame]]), send: (_s, event, payload) => res.write(`event: ${event}\ndata: ${payload}\n\n`) });
      const ping = setInterval(() => res.write(':thump\n\n'), 15_000);
      req.raw.on('close', () => {
        clearInterval(ping);
        remove();
      });
    });
  sse('/api/v1/streaming/user', 'user');
  sse('/api/v1/streaming/user/notification', 'user:notification');
  sse('/api/v1/streaming/public', 'public');
  sse('/api/v1/streaming/public/local', 'public:local');
  sse('/api/v1/streaming/hashtag', 'hashtag');
  sse('/api/v1/streaming/hashtag/local', 'hashtag:local');
}
