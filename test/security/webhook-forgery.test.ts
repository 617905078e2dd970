/**
 * Issue #14, finding 1 (X webhook forgery through the CRC handshake) and finding 10 (webhook 401s
 * said why). Over real HTTP against the started program, on the embedded store.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { signedDelivery } from '../support/webhook-sender.js';

const CONSUMER_SECRET = 'x-consumer-secret-forgery-test';
let server: TestServer;
let api: ApiClient;
let ws: string;
let xHook: string;
let genericHook: string;

beforeAll(async () => {
  server = await startTestServer();
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  ws = server.admin.workspaceId;
  const x = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'x', name: 'X forgery target', settings: { userId: '999000' }, credentials: { consumerSecret: CONSUMER_SECRET } });
  expect(x.status).toBe(201);
  xHook = x.body.account.webhookPath;
  const g = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'generic', settings: {}, credentials: { signingSecret: 'generic-signing-secret-1234' } });
  expect(g.status).toBe(201);
  genericHook = g.body.account.webhookPath;
});
afterAll(async () => server.close());

const forged = JSON.stringify({ data: { id: '1777000000000000001', text: 'FORGED 위조된 게시물', author_id: '555', created_at: '2026-11-20T00:00:00.000Z' } });

describe('X CRC cannot be used as a signing oracle (finding 1)', () => {
  it('answers a real-looking crc_token with the HMAC X expects', async () => {
    const token = 'NzA5YjM4YjUtNDA4ZC00NTliLTg0OTctOTI5ZjU1ZDI4YTgz';
    const r = await fetch(`${server.url}${xHook}?crc_token=${encodeURIComponent(token)}`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ response_token: `sha256=${createHmac('sha256', CONSUMER_SECRET).update(token).digest('base64')}` });
  });

  it('refuses to answer a crc_token that is a JSON body, so it cannot mint a delivery signature', async () => {
    const r = await fetch(`${server.url}${xHook}?crc_token=${encodeURIComponent(forged)}`);
    expect(r.status).toBe(401);
    expect((await r.json()).error.code).toBe('hook.bad_signature');
  });

  it('rejects a delivery carrying a signature over a body that a CRC answer could have produced', async () => {
    // Even given the right HMAC (as if the oracle had answered), a delivery must be a JSON object.
    for (const body of [forged, ` ${forged}`, 'abc']) {
      const sig = `sha256=${createHmac('sha256', CONSUMER_SECRET).update(body).digest('base64')}`;
      const r = await fetch(server.url + xHook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': sig }, body });
      if (body === forged)
        expect(r.status).toBe(200); // the real X signature over a real object body is still accepted
      else expect(r.status).toBe(401);
    }
  });

  it('no forged item appears after an oracle attempt', async () => {
    const token = forged;
    const crc = await fetch(`${server.url}${xHook}?crc_token=${encodeURIComponent(token)}`);
    const text = await crc.text();
    expect(text).not.toContain('response_token');
  });
});

describe('webhook 401s do not say why (finding 10)', () => {
  it('a wrong secret, a stale timestamp and a missing X signature all get the same generic 401', async () => {
    const body = JSON.stringify({ events: [{ id: 'e1', type: 'post', author: { id: 'a' }, text: 'hi', createdAt: new Date().toISOString() }] });
    const noSecret = await fetch(server.url + genericHook, { method: 'POST', headers: signedDelivery('whatever', body), body });
    expect(noSecret.status).toBe(401);
    const a = await noSecret.json();
    const stale = await fetch(server.url + genericHook, { method: 'POST', headers: signedDelivery('generic-signing-secret-1234', body, new Date(Date.now() - 3_600_000)), body });
    expect(stale.status).toBe(401);
    const b = await stale.json();
    expect(a).toEqual(b);
    expect(a.error.code).toBe('hook.bad_signature');
    expect(JSON.stringify(a)).not.toMatch(/secret|tolerance|away from now|header|match/i);
    const xBad = await fetch(server.url + xHook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await xBad.json()).toEqual(a);
  });
});
