/**
 * Issue #14, finding 3: parallel logins passed the throttle (failures were counted after the password
 * check), and behind a proxy the left-most, client-written X-Forwarded-For was taken as the address.
 * Over real HTTP against the started program, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

const PW = 'the right password 123';

for (const store of ['pglite', 'postgres'] as const) {
  describe(`login throttle on ${store}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ store, env: { SOTONG_TRUST_PROXY: 'true' } });
      const admin = new ApiClient(server.url);
      await admin.login(server.admin.email, server.admin.password);
      expect((await admin.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'target@bank.test', name: 'T', role: 'agent', password: PW })).status).toBe(201);
    }, 60_000);
    afterAll(async () => server.close());

    const login = (email: string, password: string, xff = '192.0.2.1') =>
      fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ email, password }) });

    it('60 parallel tries against a limit of 5: at most 5 passwords are checked, the right one last is refused', async () => {
      const tries = [...Array.from({ length: 59 }, (_, i) => login('target@bank.test', `wrong-${i}`)), login('target@bank.test', PW)];
      const statuses = (await Promise.all(tries)).map((r) => r.status);
      const checked = statuses.filter((s) => s !== 429);
      expect(checked.length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(55);
      expect(statuses.at(-1)).toBe(429);
      expect((await login('target@bank.test', PW)).status).toBe(429);
    }, 120_000);

    it('the address comes from the trusted hop, not from what the client wrote first', async () => {
      // The proxy appends the real client (203.0.113.9); the client forges a new left-most address each time.
      for (let i = 0; i < 30; i++) expect((await login(`nobody${i}@bank.test`, 'x', `198.51.100.${i}, 203.0.113.9`)).status).toBe(401);
      const blocked = await login('nobody-else@bank.test', 'x', '198.51.100.200, 203.0.113.9');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another real client behind the same proxy is not blocked.
      expect((await login('nobody-else@bank.test', 'x', '198.51.100.200, 203.0.113.10')).status).toBe(401);
    }, 120_000);
  });
}
