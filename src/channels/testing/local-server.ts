/**
 * Local HTTP(S) servers for channel adapter tests: they bind 127.0.0.1 on port 0, record every request
 * (raw bytes included) and can be broken on purpose (answer 5xx, or go away so connections are refused).
 * Test-only: product code never imports from src/channels/testing/.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Header names in lower case; repeated headers joined with ', '. */
  headers: Record<string, string>;
  rawBody: Buffer;
  /** rawBody decoded as UTF-8. */
  text: string;
  /** Parsed body: JSON, or an object for application/x-www-form-urlencoded; undefined otherwise. */
  body: unknown;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse, params: Record<string, string>) => void | Promise<void>;

export interface LocalServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** From now on answer every request with this status (and a JSON error body); undefined restores normal handling. */
  failWith(status: number | undefined, headers?: Record<string, string>): void;
  /** Stop listening and drop open connections: further requests get ECONNREFUSED. */
  goAway(): Promise<void>;
  close(): Promise<void>;
}

export interface LocalServerOptions {
  /** Serve HTTPS with the committed self-signed certificate (valid for 127.0.0.1 and localhost). */
  tls?: boolean;
  handler: Handler;
}

const fixtures = new URL('./fixtures/', import.meta.url);

/** The test-only self-signed certificate and key (PEM); pass `cert` as `ca` to clients. */
export function testTls(): { cert: string; key: string } {
  return {
    cert: readFileSync(new URL('localhost-cert.pem', fixtures), 'utf8'),
    key: readFileSync(new URL('localhost-key.pem', fixtures), 'utf8'),
  };
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let failure: { status: number; headers: Record<string, string> } | undefined;

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const rawBody = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        rawBody,
        text: rawBody.toString('utf8'),
        body: parseBody(rawBody, headers['content-type']),
      };
      requests.push(recorded);
      if (failure) {
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ error: { message: `local server failing with ${failure.status}` } }));
        return;
      }
      Promise.resolve(options.handler(recorded, res, {})).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
  };

  const server = options.tls ? https.createServer({ ...testTls() }, listener) : http.createServer(listener);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closed = false;

  const shutdown = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await done;
  };

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    failWith(status, headers = {}) {
      failure = status === undefined ? undefined : { status, headers };
    },
    goAway: shutdown,
    close: shutdown,
  };
}

/** A route table for startLocalServer: 'POST /v1/items', 'GET /v1/users/:id/items'. Unmatched requests get 404. */
export function router(routes: Record<string, Handler>): Handler {
  const compiled = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const names: string[] = [];
    const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method, re: new RegExp(`^${source}/?$`), names, handler };
  });
  return (req, res) => {
    for (const r of compiled) {
      const m = r.method === req.method ? r.re.exec(req.path) : null;
      if (!m) continue;
      const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      return r.handler(req, res, params);
    }
    sendJson(res, 404, { error: `no route for ${req.method} ${req.path}` });
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
