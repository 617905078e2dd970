/** Shared set-up for the listening tests: a server with a signed test channel, and helpers. */
import { sql } from 'kysely';
import { expect } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { sign, testChannel, type TestPost } from '../support/test-channel.js';
import type { Clock } from '../../src/platform/clock/clock.js';
import type { ChannelEvent } from '../../src/channels/port.js';
import { startHookReceiver, startSmtpSink, type HookReceiver, type SmtpSink } from '../support/notify-sinks.js';

export const SECRET = 'whsec-listening-test';

export interface Env {
  server: TestServer;
  api: ApiClient;
  ws: string;
  base: string;
  hook: string;
  accountId: string;
  deliver(posts: TestPost[]): Promise<void>;
  close(): Promise<void>;
}

export async function startEnv(opts: { clock?: Clock; store?: 'pglite' | 'postgres' } = {}): Promise<Env> {
  const server = await startTestServer({ adapters: fromAdapters([testChannel()]), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.store ? { store: opts.store } : {}) });
  const api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  const ws = server.admin.workspaceId;
  const r = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'testchan', name: '리스닝 테스트', settings: {}, credentials: { secret: SECRET } });
  expect(r.status).toBe(201);
  const hook = r.body.account.webhookPath as string;
  return {
    server,
    api,
    ws,
    base: `/api/v1/w/${ws}/listening`,
    hook,
    accountId: r.body.account.id,
    async deliver(posts) {
      for (let i = 0; i < posts.length; i += 100) {
        const body = JSON.stringify({ events: posts.slice(i, i + 100) });
        const res = await fetch(server.url + hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
        expect(res.status).toBe(200);
      }
    },
    close: () => server.close(),
  };
}

export interface NotifyEnv extends Env {
  /** The local SMTP server the alert and report mails go to. */
  smtp: SmtpSink;
  /** The local webhook receiver (set `receiver.secret` once the channel shows it). */
  receiver: HookReceiver;
}

/** `startEnv` with a local SMTP server and webhook receiver (checking signatures on the env's clock); `close` stops all three. */
export async function startNotifyEnv(opts: { clock?: Clock; store?: 'pglite' | 'postgres'; smtpLogin?: { user: string; password: string } } = {}): Promise<NotifyEnv> {
  const smtp = await startSmtpSink(opts.smtpLogin ? { login: opts.smtpLogin } : {});
  const receiver = await startHookReceiver({ now: () => opts.clock?.now() ?? new Date() });
  let env: Env;
  try {
    env = await startEnv({ ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.store ? { store: opts.store } : {}) });
  } catch (err) {
    await smtp.close();
    await receiver.close();
    throw err;
  }
  return {
    ...env,
    smtp,
    receiver,
    async close() {
      await env.close();
      await smtp.close();
      await receiver.close();
    },
  };
}

/** Waits until `check` is true (usable outside tests too, unlike expect.poll). */
export async function until(check: () => Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Items stored (by native id): waits until all are there. */
export async function waitForItems(env: Env, nativeIds: string[]): Promise<void> {
  await until(
    async () => {
      const r = await env.api.get(`/api/v1/w/${env.ws}/items?limit=200`);
      const have = new Set((r.body.items as Array<{ nativeId: string }>).map((i) => i.nativeId));
      return nativeIds.every((n) => have.has(n));
    },
    15_000,
    'items',
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts as channel events: one per time, texts taken in turn, authors from a pool of 97. */
export function postEvents(times: Date[], prefix: string, texts: string[]): ChannelEvent[] {
  return times.map((t, i) => ({
    type: 'upsert',
    item: {
      nativeId: `${prefix}-${i}`,
      kind: 'post',
      author: { nativeId: `u${i % 97}`, handle: `user${i % 97}`, followers: 100 + (i % 13) * 50 },
      text: texts[i % texts.length]!,
      links: [],
      media: [],
      createdAt: t,
      isPrivate: false,
      direction: 'inbound',
      interactions: [],
      raw: null,
    },
  }));
}

/** Stores events as the account's import (the ingest path, without the webhook), 200 at a time. */
export async function ingestAs(server: TestServer, accountId: string, events: ChannelEvent[]): Promise<void> {
  const s = server.runtime.services;
  const account = await s.store.db.selectFrom('channel_accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  for (let i = 0; i < events.length; i += 200) await s.ingest.ingestEvents(account as never, events.slice(i, i + 200), 'import');
}

/** How many items a listening query has matched so far. */
export async function matchCount(server: TestServer, queryId: string): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*)::int8 as n from query_matches where query_id = ${queryId}`.execute(server.runtime.services.store.db)).rows[0]!.n);
}
