/** Set-up for the corrections tests: a server with a signed test channel, posts in, helpers to wait. */
import { expect } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { sign, testChannel, type TestPost } from '../support/test-channel.js';

const SECRET = 'whsec-corrections-test';

export interface CorrectionsEnv {
  server: TestServer;
  api: ApiClient;
  ws: string;
  deliver(posts: TestPost[]): Promise<void>;
  /** Items of the workspace by the post id they came from. */
  items(): Promise<Map<string, { id: string; text: string; analysis: any }>>;
  close(): Promise<void>;
}

export async function startCorrectionsEnv(opts: { store?: 'pglite' | 'postgres'; env?: Record<string, string> } = {}): Promise<CorrectionsEnv> {
  const server = await startTestServer({ adapters: fromAdapters([testChannel()]), ...(opts.store ? { store: opts.store } : {}), ...(opts.env ? { env: opts.env } : {}) });
  const api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const ws = server.admin.workspaceId;
  const r = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'testchan', name: '교정 테스트 채널', settings: {}, credentials: { secret: SECRET } });
  expect(r.status).toBe(201);
  const hook = r.body.account.webhookPath as string;
  return {
    server,
    api,
    ws,
    async deliver(posts) {
      const body = JSON.stringify({ events: posts });
      const res = await fetch(server.url + hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
      expect(res.status).toBe(200);
    },
    async items() {
      const list = await api.get(`/api/v1/w/${ws}/items?limit=200`);
      expect(list.status).toBe(200);
      return new Map(list.body.items.map((i: { nativeId: string; id: string; text: string; analysis: unknown }) => [i.nativeId, i]));
    },
    close: () => server.close(),
  };
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export const post = (id: string, text: string, minutesAgo = 5): TestPost => ({ id, author: `author-${id}`, text, at: new Date(Date.now() - minutesAgo * 60_000).toISOString() });
