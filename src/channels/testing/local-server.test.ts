import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { router, sendJson, startLocalServer, testTls, type LocalServer } from './local-server.js';

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('local test servers', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('serves HTTPS with the committed self-signed certificate for 127.0.0.1, routes with params, records requests', async () => {
    server = await startLocalServer({ tls: true, handler: router({ 'GET /v1/users/:id/items': (_req, res, p) => sendJson(res, 200, { id: p.id }) }) });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ok = await httpsGet(`${server.url}/v1/users/42/items?max_results=5`, testTls().cert);
    expect(ok).toEqual({ status: 200, body: '{"id":"42"}' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/users/42/items', query: { max_results: '5' } });
    expect((await httpsGet(`${server.url}/nope`, testTls().cert)).status).toBe(404);
  });

  it('fails on request and goes away', async () => {
    server = await startLocalServer({ handler: (_req, res) => sendJson(res, 200, {}) });
    server.failWith(503, { 'retry-after': '3' });
    const res = await fetch(`${server.url}/a`, { method: 'POST', body: 'a=1&b=%ED%95%9C', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(server.requests[0]!.body).toEqual({ a: '1', b: '한' });
    await server.goAway();
    await expect(fetch(`${server.url}/a`)).rejects.toThrow();
  });
});
