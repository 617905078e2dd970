/**
 * A test-only channel that publishes to a local HTTP server: `POST /statuses` `{ text, title?, media }`
 * with an `Idempotency-Key` header (the server does not deduplicate: it counts every delivery by key, so a
 * post sent twice shows), `GET /statuses?key=K` finds what was published under a key. After publishing:
 * `GET /statuses/:id/metrics` (the figures the test sets, each read counted), `PUT /statuses/:id` (edit),
 * `DELETE /statuses/:id` (taken down; reading it then answers 404).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelError, type AccountContext, type ChannelAdapter, type PublishRequest } from '../../src/channels/port.js';

export interface Delivery {
  id: string;
  key: string;
  text: string;
  at: number;
  edits?: string[];
  deleted?: boolean;
}

export interface Metrics {
  replies: number;
  reposts: number;
  favourites: number;
  views: number;
}

export interface PublishServer {
  url: string;
  deliveries: Delivery[];
  /** Deliveries per idempotency key. */
  countByKey(): Map<string, number>;
  /** The next n POSTs answer 429 (nothing published). */
  refuseNext(n: number): void;
  /** What GET /statuses/:id/metrics answers for a post, and how many times it was read. */
  metrics: Map<string, Metrics>;
  metricReads: Map<string, number>;
  close(): Promise<void>;
}

export async function startPublishServer(): Promise<PublishServer> {
  const deliveries: Delivery[] = [];
  const metrics = new Map<string, Metrics>();
  const metricReads = new Map<string, number>();
  let refuse = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== 'Bearer pub-token') return void res.writeHead(401).end('{}');
    if (req.method === 'GET' && url.pathname === '/statuses') {
      const found = deliveries.find((d) => d.key === url.searchParams.get('key'));
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(found ? { id: found.id, url: `https://pub.test/s/${found.id}` } : { error: 'not found' }));
      return;
    }
    const one = /^\/statuses\/([^/]+)(\/metrics)?$/.exec(url.pathname);
    const found = one ? deliveries.find((d) => d.id === one[1] && !d.deleted) : undefined;
    if (one && !found) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    if (one && found && req.method === 'GET' && one[2]) {
      metricReads.set(found.id, (metricReads.get(found.id) ?? 0) + 1);
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metrics.get(found.id) ?? { replies: 0, reposts: 0, favourites: 0, views: 0 }));
    }
    if (one && found && req.method === 'DELETE') {
      found.deleted = true;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }
    if (one && found && req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
        found.edits = [...(found.edits ?? []), body.text];
        found.text = body.text;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: found.id, url: `https://pub.test/s/${found.id}` }));
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/statuses') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (refuse > 0) {
          refuse--;
          return void res.writeHead(429, { 'retry-after': '1' }).end('{}');
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
        const d = { id: String(deliveries.length + 1), key: String(req.headers['idempotency-key'] ?? ''), text: body.text, at: Date.now() };
        deliveries.push(d);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: d.id, url: `https://pub.test/s/${d.id}` }));
      });
      return;
    }
    res.writeHead(404).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    countByKey() {
      const m = new Map<string, number>();
      for (const d of deliveries) m.set(d.key, (m.get(d.key) ?? 0) + 1);
      return m;
    },
    refuseNext(n) {
      refuse = n;
    },
    metrics,
    metricReads,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const base = (a: AccountContext) => String(a.settings.baseUrl);
const auth = (a: AccountContext) => ({ authorization: `Bearer ${a.credentials.token}` });

/** The adapter; `hooks.afterCall` runs after the server answered and before publish() returns (a crash there). */
export function publishTestAdapter(hooks: { afterCall?: (req: PublishRequest) => Promise<void> } = {}): ChannelAdapter {
  return {
    type: 'pubtest',
    displayName: 'Publish test channel',
    settingsSchema: { type: 'object', required: ['baseUrl'], properties: { baseUrl: { type: 'string' } } },
    credentialsSchema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
    limits: () => ({ maxLength: 280, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false }),
    sendReply: async () => {
      throw new ChannelError('invalid_request', 'no replies', false);
    },
    health: async () => ({ status: 'ok' }),
    publishTargets: ['pubtest'],
    measure: (text) => ({ unit: 'graphemes', length: [...new Intl.Segmenter('ko', { granularity: 'grapheme' }).segment(text)].length, limit: 500 }),
    async publish(account, post) {
      const res = await fetch(`${base(account)}/statuses`, {
        method: 'POST',
        headers: { ...auth(account), 'content-type': 'application/json', 'idempotency-key': post.idempotencyKey },
        body: JSON.stringify({ text: post.text, title: post.title, media: post.media }),
      });
      if (res.status === 429) throw new ChannelError('rate_limited', 'rate limited', true, 1000);
      if (!res.ok) throw new ChannelError('unavailable', `HTTP ${res.status}`, true);
      const body = (await res.json()) as { id: string; url: string };
      await hooks.afterCall?.(post);
      return { nativeId: body.id, url: body.url };
    },
    async editPublished(account, nativeId, post) {
      const res = await fetch(`${base(account)}/statuses/${encodeURIComponent(nativeId)}`, { method: 'PUT', headers: { ...auth(account), 'content-type': 'application/json' }, body: JSON.stringify({ text: post.text }) });
      if (res.status === 404) throw new ChannelError('not_found', 'gone', false);
      if (!res.ok) throw new ChannelError('unavailable', `HTTP ${res.status}`, true);
      const body = (await res.json()) as { id: string; url: string };
      return { nativeId: body.id, url: body.url };
    },
    async deletePublished(account, _target, nativeId) {
      const res = await fetch(`${base(account)}/statuses/${encodeURIComponent(nativeId)}`, { method: 'DELETE', headers: auth(account) });
      if (!res.ok && res.status !== 404) throw new ChannelError('unavailable', `HTTP ${res.status}`, true);
    },
    async engagement(account, _target, nativeId) {
      const res = await fetch(`${base(account)}/statuses/${encodeURIComponent(nativeId)}/metrics`, { headers: auth(account) });
      if (res.status === 404) throw new ChannelError('not_found', 'gone', false);
      if (!res.ok) throw new ChannelError('unavailable', `HTTP ${res.status}`, true);
      const m = (await res.json()) as Metrics;
      return { replies: m.replies, shares: m.reposts, likes: m.favourites, views: m.views };
    },
    async findPublished(account, _target, key) {
      const res = await fetch(`${base(account)}/statuses?key=${encodeURIComponent(key)}`, { headers: auth(account) });
      if (res.status === 404) return null;
      if (!res.ok) return undefined;
      const body = (await res.json()) as { id: string; url: string };
      return { nativeId: body.id, url: body.url };
    },
  };
}
