import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it is. */
  json: unknown;
}

export interface SimResponse {
  status: number;
  body?: unknown;
}

/**
 * The demo audience's reactions to a post the bank published on a simulator: they grow with the post's
 * age (a square root of its minutes), so the demo's engagement pulls have something to show.
 */
export function simulatedAudience(createdAt: string | Date, now = Date.now()): { replies: number; reposts: number; likes: number } {
  const age = (now - new Date(createdAt).getTime()) / 60_000;
  const minutes = Number.isFinite(age) ? Math.max(0, age) : 0;
  const likes = Math.floor(Math.sqrt(minutes) * 3);
  return { replies: Math.floor(likes / 8), reposts: Math.floor(likes / 4), likes };
}

/** A random token a simulator accepts; nothing else gets in. */
export const simulatorToken = (): string => crypto.randomBytes(18).toString('base64url');

export const bearerOf = (req: SimRequest): string | undefined => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];

/** A JSON HTTP server on 127.0.0.1 and a random port, for the channel simulators (demo only). */
export async function startHttpSimulator(handle: (req: SimRequest) => SimResponse | Promise<SimResponse>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      Promise.resolve(handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, json }))
        .catch(() => ({ status: 500, body: { error: 'simulator failure' } }))
        .then((out) => {
          res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8' });
          res.end(out.body === undefined ? '' : JSON.stringify(out.body));
        });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
