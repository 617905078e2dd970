/**
 * Issue #14, finding 6: a correctly signed delivery whose text held \u0000 or a lone surrogate got 200,
 * then dead-lettered forever. Over real HTTP against the started program, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { signedDelivery } from '../support/webhook-sender.js';

const SECRET = 'storable-text-secret-123';

for (const store of ['pglite', 'postgres'] as const) {
  describe(`acknowledged deliveries are never lost to their text (${store})`, () => {
    let server: TestServer;
    let api: ApiClient;
    let ws: string;
    let hook: string;
    beforeAll(async () => {
      server = await startTestServer({ store });
      api = new ApiClient(server.url);
      await api.login(server.admin.email, server.admin.password);
      ws = server.admin.workspaceId;
      const r = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'nul hook', settings: {}, credentials: { signingSecret: SECRET } });
      hook = r.body.account.webhookPath;
    }, 60_000);
    afterAll(async () => server.close());

    it('stores NUL-bearing and lone-surrogate text as valid text and dead-letters nothing', async () => {
      // JSON.stringify writes NUL as \u0000 and lone surrogates as \ud800 escapes: valid JSON, signed correctly.
      const events = [
        { id: 'nul-1', type: 'post', author: { id: 'c1', handle: 'nul\u0000user', name: '널\u0000' }, text: '카드\u0000 결제 오류', createdAt: new Date().toISOString() },
        { id: 'sur-1', type: 'post', author: { id: 'c2', handle: 'sur', name: 'S' }, text: '앱 오류 \ud800 끝 \udfff 😀', createdAt: new Date().toISOString() },
      ];
      const body = JSON.stringify({ events });
      expect(body).toContain('\\u0000');
      expect(body).toContain('\\ud800');
      const r = await fetch(server.url + hook, { method: 'POST', headers: signedDelivery(SECRET, body), body });
      expect(r.status).toBe(200);
      let texts: Record<string, string> = {};
      for (let i = 0; i < 150 && Object.keys(texts).length < 2; i++) {
        const items = (await api.get(`/api/v1/w/${ws}/items?limit=50`)).body.items as Array<{ nativeId: string; text: string }>;
        texts = Object.fromEntries(items.filter((x) => x.nativeId === 'nul-1' || x.nativeId === 'sur-1').map((x) => [x.nativeId, x.text]));
        if (Object.keys(texts).length < 2) await new Promise((res) => setTimeout(res, 100));
      }
      expect(texts['nul-1']).toBe('카드 결제 오류');
      expect(texts['sur-1']).toBe('앱 오류 \uFFFD 끝 \uFFFD 😀');
      expect((await api.get(`/api/v1/w/${ws}/dead-letters`)).body.deadLetters).toEqual([]);
    }, 60_000);
  });
}
