import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { signedDelivery, webhookEvents } from '../support/webhook-sender.js';
import { freePort, startPrivateNats, startPrivatePostgres, type PrivateNats, type PrivatePostgres } from '../support/private-services.js';

/**
 * Faults under load, on a PostgreSQL cluster and a NATS server of this test's own (the machine's
 * shared ones are never touched): while signed webhooks arrive and agents reply, PostgreSQL is
 * restarted (immediate shutdown, i.e. a crash), NATS is restarted, a worker and the web are
 * SIGKILLed. Afterwards: every acknowledged item is stored exactly once, and every accepted reply
 * reached the channel (counted at the channel by idempotency key), a second time only when the
 * sender was killed between the channel's answer and the record of it.
 */
const SECRET = 'faults-test-signing-secret-0123456789';
let pgc: PrivatePostgres;
let nats: PrivateNats;
let env: Record<string, string>;
let dataDir: string;
let webPort: number;
const procs = new Map<string, ChildProcess>();
const logs = new Map<string, string>();

// The channel's reply endpoint: an idempotent receiver, as the webhook contract asks of bridges.
const received = new Map<string, number>();
let replyServer: http.Server;
let replyUrl: string;

// Should the test runner go away before afterAll, the programs it started go with it.
process.once('exit', () => {
  for (const c of procs.values()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function startSotong(name: string, roles: string, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', `--roles=${roles}`, ...extra], {
    env: { ...process.env, ...env, ...(roles.includes('web') ? { PORT: String(webPort) } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.set(name, child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  child.on('exit', () => logs.set(name, out.slice(-4000)));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (child.exitCode !== null) {
        clearInterval(t);
        reject(new Error(`${name} exited: ${out.slice(-2000)}`));
      } else if (roles.includes('web') ? out.includes('Sotong is listening') : out.length >= 0 && Date.now() - started > 5000) {
        clearInterval(t);
        resolve(child);
      }
    }, 100);
    const started = Date.now();
    (child as ChildProcess & { output?: () => string }).output = () => out;
  });
}

async function kill(name: string): Promise<void> {
  const c = procs.get(name)!;
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  [pgc, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-faults-'));
  webPort = await freePort();
  env = { DATABASE_URL: pgc.url, NATS_URL: nats.url, SOTONG_NATS_STREAM: 'faults', SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'), SOTONG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  replyServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      received.set(key, (received.get(key) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sent-${key}` }));
    });
  });
  await new Promise<void>((r) => replyServer.listen(0, '127.0.0.1', r));
  replyUrl = `http://127.0.0.1:${(replyServer.address() as { port: number }).port}/reply`;
}, 120_000);

afterAll(async () => {
  for (const name of procs.keys()) await kill(name).catch(() => undefined);
  replyServer?.close();
  await nats?.stop().catch(() => undefined);
  await pgc?.stop().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('faults under load (private PostgreSQL 15 + NATS JetStream)', () => {
  it('loses no acknowledged item, stores none twice and sends no reply twice through restarts and SIGKILLs', async () => {
    const web = await startSotong('web', 'web', ['--demo-rate', '0']);
    const login = /Log in as (\S+) with password (\S+)/.exec((web as ChildProcess & { output: () => string }).output());
    expect(login).not.toBeNull();
    await startSotong('worker1', 'worker,scheduler', ['--no-demo']);
    await startSotong('worker2', 'worker', ['--no-demo']);
    const base = `http://127.0.0.1:${webPort}`;
    const api = new ApiClient(base);
    expect((await api.login(login![1]!, login![2]!)).status).toBe(200);
    const ws = (await api.get('/api/v1/auth/me')).body.workspaces[0].id as string;
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'Bank app', credentials: { signingSecret: SECRET }, settings: { replyUrl } });
    expect(acc.status, JSON.stringify(acc.body)).toBe(201);
    const hookPath = acc.body.account.webhookPath as string;

    // Load: deliveries of 10 events, 4 at a time, until told to stop. Only a 200 acknowledges.
    const acked = new Set<string>();
    let refused = 0;
    let stop = false;
    let batch = 0;
    const sender = async () => {
      while (!stop) {
        const b = batch++;
        const body = webhookEvents(`f${b}`, 10);
        try {
          const r = await fetch(base + hookPath, { method: 'POST', headers: signedDelivery(SECRET, body), body, signal: AbortSignal.timeout(10_000) });
          if (r.status === 200) for (let i = 0; i < 10; i++) acked.add(`f${b}-${i}`);
          else refused++;
          await r.arrayBuffer().catch(() => undefined);
          await new Promise((r) => setTimeout(r, 40));
        } catch {
          refused++; // the web is down: not acknowledged, the sender would retry
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);

    // Replies: agents answer conversations as they appear, before and during the faults.
    const queued = new Set<string>();
    const replied = new Set<string>();
    const replyRound = async () => {
      const r = await api.get(`/api/v1/w/${ws}/inbox/conversations?limit=50`).catch(() => undefined);
      if (r?.status !== 200) return;
      for (const c of r.body.conversations as Array<{ id: string }>) {
        if (replied.has(c.id) || replied.size >= 40) continue;
        const s = await api.post(`/api/v1/w/${ws}/inbox/conversations/${c.id}/replies`, { text: `확인 후 안내드리겠습니다 (${c.id.slice(0, 8)})` }).catch(() => undefined);
        if (s?.status === 201 || s?.status === 202) {
          replied.add(c.id);
          queued.add(s.body.reply?.id ?? s.body.id);
        }
      }
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const faults: string[] = [];

    await sleep(6000);
    await replyRound();
    faults.push(`postgres restart at ${acked.size} acked`);
    await pgc.restart('immediate');
    await sleep(5000);
    await replyRound();
    faults.push(`nats restart at ${acked.size} acked`);
    await nats.restart();
    await sleep(5000);
    await replyRound();
    faults.push(`worker2 SIGKILL at ${acked.size} acked`);
    await kill('worker2');
    await sleep(3000);
    await startSotong('worker2b', 'worker', ['--no-demo']);
    await replyRound();
    faults.push(`web SIGKILL at ${acked.size} acked`);
    await kill('web');
    await sleep(1000);
    await startSotong('web2', 'web', ['--no-demo']);
    expect((await api.login(login![1]!, login![2]!)).status).toBe(200);
    await sleep(4000);
    await replyRound();
    stop = true;
    await Promise.all(senders);

    // Everything settles: count in the database directly.
    const db = new pg.Client({ connectionString: pgc.url });
    await db.connect();
    try {
      const count = async () => Number((await db.query('select count(*) n from items where workspace_id = $1', [ws])).rows[0].n);
      await expect
        .poll(count, { timeout: 90_000, interval: 1000 })
        .toBeGreaterThanOrEqual(acked.size)
        .catch(async (err) => {
          const raw = (await db.query(`select status, left(coalesce(last_error, ''), 200) e, count(*)::int n from raw_events group by 1, 2`)).rows;
          console.log(`not settled: raw events ${JSON.stringify(raw)}; ${faults.join('; ')}`);
          for (const [name, c] of procs) console.log(`--- ${name}\n${((c as ChildProcess & { output?: () => string }).output?.() ?? '').slice(-6000)}`);
          throw err;
        });
      const rows = (await db.query('select native_id, count(*)::int n from items where workspace_id = $1 group by native_id', [ws])).rows as Array<{ native_id: string; n: number }>;
      const stored = new Set(rows.map((r) => r.native_id));
      const lost = [...acked].filter((id) => !stored.has(id));
      const twice = rows.filter((r) => r.n > 1);
      console.log(`faults: ${faults.join('; ')}; ${acked.size} items acknowledged, ${refused} deliveries refused or unanswered, ${stored.size} stored, ${lost.length} lost, ${twice.length} stored twice; ${queued.size} replies queued`);
      expect(acked.size).toBeGreaterThan(1000);
      expect(lost).toEqual([]);
      expect(twice).toEqual([]);

      // Replies: each queued one is sent, and reached the channel once.
      expect(queued.size).toBeGreaterThan(5);
      const pendingReplies = async () => Number((await db.query(`select count(*) n from outbox where workspace_id = $1 and status <> 'sent'`, [ws])).rows[0].n);
      await expect.poll(pendingReplies, { timeout: 120_000, interval: 1000 }).toBe(0);
      const outbox = (await db.query('select id, idempotency_key from outbox where workspace_id = $1', [ws])).rows as Array<{ id: string; idempotency_key: string }>;
      expect(new Set(outbox.map((o) => o.id))).toEqual(queued);
      const wire = outbox.map((o) => received.get(o.idempotency_key) ?? 0);
      console.log(`replies: ${outbox.length} sent; deliveries per reply at the channel: ${JSON.stringify(wire.reduce<Record<number, number>>((a, n) => ((a[n] = (a[n] ?? 0) + 1), a), {}))}`);
      // Each reached the channel, under its own key. A repeat on the wire is allowed only where a
      // sender died between the channel's answer and the record (the SIGKILL of worker2, which holds
      // at most 4 sends at once); it carries the same key, so the idempotent receiver drops it. A
      // store restart after the channel's answer must not cause one (the record is retried).
      expect(wire.every((n) => n >= 1)).toBe(true);
      expect(wire.reduce((a, n) => a + (n - 1), 0)).toBeLessThanOrEqual(4);
      expect(received.size).toBe(outbox.length);
    } finally {
      await db.end();
    }
  }, 300_000);
});
