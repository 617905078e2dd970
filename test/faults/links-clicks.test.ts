import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { startPrivateNats, startPrivatePostgres, type PrivateNats, type PrivatePostgres } from '../support/private-services.js';

/**
 * No click is lost when the store fails mid-load: the redirect answers from memory and publishes the
 * click; the writer's insert fails, the bus redelivers, and the click id as primary key keeps a
 * redelivered click from counting twice.
 */
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

async function load(server: TestServer, code: string, total: number, concurrency: number, midway: () => Promise<void>): Promise<{ cids: string[]; failures: number }> {
  const cids: string[] = [];
  let failures = 0;
  let next = 0;
  let fired = false;
  let fault: Promise<void> = Promise.resolve();
  const one = async () => {
    while (next < total) {
      next++;
      if (!fired && next >= total / 3) {
        fired = true;
        fault = midway();
      }
      const r = await fetch(`${server.url}/l/${code}`, { redirect: 'manual', headers: { 'user-agent': UA } });
      if (r.status !== 302) {
        failures++;
        continue;
      }
      cids.push(new URL(r.headers.get('location')!).searchParams.get('sotong_cid')!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
  await fault;
  return { cids, failures };
}

async function countStored(server: TestServer, linkId: string, expected: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    let n = -1;
    try {
      const r = await sql<{ n: string }>`select count(*) as n from link_clicks where link_id = ${linkId}`.execute(server.runtime.services.store.db);
      n = Number(r.rows[0]!.n);
    } catch {
      /* store still restarting */
    }
    if (n === expected || Date.now() > until) return n;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function makeLink(server: TestServer): Promise<{ id: string; code: string }> {
  const admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  const r = await admin.post(`/api/v1/w/${server.admin.workspaceId}/links`, { url: 'https://bank.example/landing', campaign: 'load', channel: 'x' });
  return r.body.link;
}

describe('clicks survive store failures', () => {
  let server: TestServer | undefined;
  let pgc: PrivatePostgres | undefined;
  let nats: PrivateNats | undefined;
  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await nats?.stop().catch(() => undefined);
    await pgc?.stop().catch(() => undefined);
  }, 60_000);

  it('embedded store: the click table disappears for 1.5 s mid-load; every redirected click is stored once', async () => {
    server = await startTestServer();
    const link = await makeLink(server);
    const db = server.runtime.services.store.db;
    const { cids, failures } = await load(server, link.code, 1500, 20, async () => {
      await sql`alter table link_clicks rename to link_clicks_away`.execute(db);
      await new Promise((r) => setTimeout(r, 1500));
      await sql`alter table link_clicks_away rename to link_clicks`.execute(db);
    });
    expect(failures).toBe(0);
    expect(new Set(cids).size).toBe(1500);
    expect(await countStored(server, link.id, 1500, 60_000)).toBe(1500);
    const ids = await sql<{ id: string }>`select id from link_clicks where link_id = ${link.id}`.execute(db);
    expect(new Set(ids.rows.map((r) => r.id))).toEqual(new Set(cids));
    await server.close();
    server = undefined;
  }, 180_000);

  it('PostgreSQL 15 + NATS JetStream: PostgreSQL crashes (immediate stop) and NATS restarts mid-load; no click is lost or doubled', async () => {
    [pgc, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
    server = await startTestServer({ env: { DATABASE_URL: pgc.url, NATS_URL: nats.url, SOTONG_NATS_STREAM: 'linksfaults' } });
    const link = await makeLink(server);
    const { cids, failures } = await load(server, link.code, 1500, 20, async () => {
      await pgc!.restart('immediate');
      await nats!.restart();
    });
    // The redirect answered from memory throughout: no request failed while the store was down.
    expect(failures).toBe(0);
    expect(await countStored(server, link.id, cids.length, 120_000)).toBe(cids.length);
    const ids = await sql<{ id: string }>`select id from link_clicks where link_id = ${link.id}`.execute(server.runtime.services.store.db);
    expect(new Set(ids.rows.map((r) => r.id))).toEqual(new Set(cids));
  }, 300_000);
});
