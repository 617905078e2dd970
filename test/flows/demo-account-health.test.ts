import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue #15: channel cards tell the truth. After the demo's history is written, every demo account's
 * card data (GET /accounts) says when it last received something and what its health check found —
 * not "nothing received" and "never checked" — and the KakaoTalk bridge names its source.
 */
let server: TestServer;
let api: ApiClient;
let ws: string;

interface Account {
  id: string;
  type: string;
  settings: Record<string, unknown>;
  health: { status?: string; lastEventAt?: string; checkedAt?: string; message?: string; lastError?: string; lagMs?: number };
}

const accounts = async (): Promise<Account[]> => (await api.get(`${ws}/accounts`)).body.accounts;

beforeAll(async () => {
  server = await startTestServer({ demoHistoryDays: 1, demoRate: 0 });
  api = new ApiClient(server.url);
  expect((await api.login(server.admin.email, server.admin.password)).status).toBe(200);
  ws = `/api/v1/w/${server.admin.workspaceId}`;
  const db = server.runtime.services.store.db;
  const deadline = Date.now() + 90_000;
  while (Number((await sql<{ n: number }>`select count(*)::int8 as n from items`.execute(db)).rows[0]!.n) < 60) {
    if (Date.now() > deadline) throw new Error('demo history not stored in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}, 120_000);
afterAll(async () => server?.close());

describe('demo channel cards', () => {
  it('show the last delivery and a health check for every demo account', async () => {
    const started = Date.now() - 5 * 60_000;
    await expect.poll(async () => (await accounts()).filter((a) => !a.health.lastEventAt || !a.health.checkedAt || !a.health.status).map((a) => a.type), { timeout: 20_000 }).toEqual([]);
    const list = await accounts();
    // One account per channel the first day of history reaches.
    expect(list.map((a) => a.type)).toEqual(expect.arrayContaining(['x', 'meta', 'webhook', 'email']));
    for (const a of list) {
      expect(a.settings.demo, a.type).toBe(true);
      expect(a.health.status, `${a.type}: ${a.health.lastError ?? ''}`).toBe('ok');
      expect(a.health.message, a.type).toBeUndefined(); // no adapter words about simulators on a card
      expect(Date.parse(a.health.lastEventAt!), a.type).toBeGreaterThan(started);
      expect(Date.parse(a.health.checkedAt!), a.type).toBeGreaterThan(started);
      expect(a.health.lagMs, a.type).toBeGreaterThanOrEqual(0);
    }
  });

  it('names the KakaoTalk bridge’s source on the webhook account', async () => {
    const hook = (await accounts()).find((a) => a.type === 'webhook')!;
    expect(hook.settings.source).toBe('kakaotalk');
  });

  it('fills a missing last delivery from the account’s raw events when it is checked (data from before ingestion noted it)', async () => {
    const db = server.runtime.services.store.db;
    const x = (await accounts()).find((a) => a.type === 'x')!;
    const newest = (await sql<{ at: Date }>`select max(received_at) as at from raw_events where account_id = ${x.id}`.execute(db)).rows[0]!.at;
    await sql`update channel_accounts set health = health - 'lastEventAt' - 'checkedAt' - 'status' where id = ${x.id}`.execute(db);
    expect((await accounts()).find((a) => a.id === x.id)!.health.lastEventAt).toBeUndefined();
    expect(await server.runtime.services.accounts.checkHealth({ accountId: x.id })).toBe(1);
    const after = (await accounts()).find((a) => a.id === x.id)!;
    expect(after.health.lastEventAt).toBe(new Date(newest).toISOString());
    expect(after.health.status).toBe('ok');
  });
});
