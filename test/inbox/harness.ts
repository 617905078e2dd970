import { expect } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import type { Clock } from '../../src/platform/clock/clock.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { sign } from '../support/test-channel.js';
import type { InboxChannel, InboxPost } from './channel.js';

export const SECRET = 'inbox-test-secret';

/** Polls until `ok(value)` (usable in hooks, unlike expect.poll). */
export async function waitFor<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface InboxHarness {
  server: TestServer;
  api: ApiClient;
  ws: string;
  base: string;
  accounts: Record<string, { id: string; hook: string }>;
  deliver(type: string, posts: InboxPost[]): Promise<void>;
  /** The conversation holding the item with this native id, once routing has run for it. */
  routed(nativeId: string): Promise<{ id: string; conversation: any }>;
  /** A member with a role, logged in. */
  member(email: string, role: string, name: string): Promise<{ id: string; api: ApiClient }>;
  relogin(): Promise<void>;
  db: any;
  close(): Promise<void>;
}

/** The program with the given test channels; with a manual clock the scheduler role is left out, so tests run the jobs themselves. */
export async function startInbox(channels: InboxChannel[], opts: { clock?: Clock; store?: 'pglite' | 'postgres' } = {}): Promise<InboxHarness> {
  const server = await startTestServer({ adapters: fromAdapters(channels), ...(opts.clock ? { clock: opts.clock, roles: ['web', 'worker'] } : {}), ...(opts.store ? { store: opts.store } : {}) });
  const api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const ws = server.admin.workspaceId;
  const base = `/api/v1/w/${ws}/inbox`;
  const accounts: InboxHarness['accounts'] = {};
  for (const c of channels) {
    const r = await api.post(`/api/v1/w/${ws}/accounts`, { type: c.type, name: `${c.type} 공식`, credentials: { secret: SECRET } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    accounts[c.type] = { id: r.body.account.id, hook: r.body.account.webhookPath };
  }
  const db = server.runtime.services.store.db;
  const logins: Array<{ api: ApiClient; email: string; password: string }> = [{ api, email: server.admin.email, password: server.admin.password }];
  return {
    server,
    api,
    ws,
    base,
    accounts,
    db,
    async deliver(type, posts) {
      const body = JSON.stringify({ events: posts });
      const r = await fetch(server.url + accounts[type]!.hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
      expect(r.status).toBe(200);
    },
    async routed(nativeId) {
      const row = await waitFor(
        () =>
          db
            .selectFrom('items as i')
            .innerJoin('conversation_items as ci', 'ci.item_id', 'i.id')
            .innerJoin('conversations as c', 'c.id', 'ci.conversation_id')
            .select(['c.id', 'c.routed_at'])
            .where('i.workspace_id', '=', ws)
            .where('i.native_id', '=', nativeId)
            .executeTakeFirst(),
        (r: { routed_at: Date | null } | undefined) => !!r?.routed_at,
        `routing of ${nativeId}`,
      );
      const id = row!.id as string;
      // The SLA sync and audit commit with routed_at; give the bus a moment for follow-ups.
      const r = await api.get(`${base}/conversations/${id}`);
      return { id, conversation: r.body };
    },
    async member(email, role, name) {
      const password = 'inbox member password 1';
      const r = await api.post(`/api/v1/w/${ws}/users`, { email, name, role, password });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const client = new ApiClient(server.url);
      await client.login(email, password);
      logins.push({ api: client, email, password });
      return { id: r.body.user.id, api: client };
    },
    async relogin() {
      for (const l of logins) await l.api.login(l.email, l.password);
    },
    close: () => server.close(),
  };
}
