/**
 * bench/ingest: sustained items/s end to end (signed webhook → raw event → worker → item.ingested) on
 * the embedded default and on PostgreSQL + NATS with two worker processes, beside a plain batched
 * INSERT of the same rows into the same store in the same run; p50/p95 from receipt to item.ingested.
 * Also: when the inbox (grouping and routing, which yield to intake under load: see PriorityBus) had
 * routed the whole burst, and, with --rate R, a steady offered load of R items/s for --seconds: the rate
 * sent and ingested, p50/p95 from sending to `item.ingested` (the latency goal is about a load the system
 * sustains; under an unbounded burst, latency only measures the queue), and how long after the last
 * item was ingested the inbox had routed them all. SOTONG_INTAKE_FIRST=false compares without priority.
 * Run: npx tsx bench/ingest/run.ts [--items 20000] [--batch 50] [--concurrency 16] [--rate 1000 --seconds 20] [--only embedded|postgres]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { ALL_ROLES, type ProcessRole } from '../../src/app/roles.js';
import { openBus } from '../../src/platform/bus/open.js';
import type { Bus } from '../../src/platform/bus/bus.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, TEST_NATS_URL } from '../../src/platform/testing/postgres.js';
import { INGESTED_SUBJECT, type IngestedBatch } from '../../src/modules/items/items.events.js';
import { ApiClient } from '../../test/support/client.js';
import { signedDelivery } from '../../test/support/webhook-sender.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '16' },
    only: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string', default: '20' },
  },
});
const RATE = values.rate ? Number(values.rate) : 0;
const RATE_SECONDS = Number(values.seconds);
const ITEMS = Number(values.items);
const BATCH = Number(values.batch);
const CONC = Number(values.concurrency);
const SECRET = 'bench-signing-secret-0123456789';
/** Items sent first and not measured. */
const WARMUP = 2_000;

const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

interface Result {
  setup: string;
  itemsPerSec: number;
  baselinePerSec: number;
  p50: number;
  p95: number;
  /** Items/s until the inbox had routed and listening had matched the whole burst. */
  drainedPerSec: number;
  /** Offered RATE items/s: rate sent, rate ingested (all of them / time until the last was ingested), latency, and how long after the last was ingested the inbox had routed them all. */
  paced?: { rate: number; sent: number; ingested: number; p50: number; p95: number; inboxBehindMs: number };
}

async function run(setup: string, env: Record<string, string>, roles: Set<ProcessRole>, workers: number, busForLatency: (rt: Runtime) => Promise<Bus>): Promise<Result> {
  const rt = await startRuntime(loadConfig(env), { roles, demo: true, demoRate: 0, demoHistoryDays: 0, logger: silentLogger, announce: () => undefined });
  const children: ChildProcess[] = [];
  try {
    for (let w = 0; w < workers; w++) {
      children.push(
        spawn(process.execPath, [...(process.env.BENCH_WORKER_ARGS ? process.env.BENCH_WORKER_ARGS.split(' ') : []), '--import', 'tsx', 'src/main.ts', 'start', '--roles=worker', '--no-demo'], {
          env: { ...process.env, ...env },
          stdio: 'ignore',
        }),
      );
    }
    if (workers) await new Promise((r) => setTimeout(r, 5000));
    const api = new ApiClient(rt.url!);
    await api.login(rt.demoLogin!.email, rt.demoLogin!.password);
    const ws = rt.demoLogin!.workspaceId;
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'bench', credentials: { signingSecret: SECRET } });
    const hook = rt.url! + acc.body.account.webhookPath;
    const bus = await busForLatency(rt);
    const db = rt.services.store.db;
    const accountId = acc.body.account.id as string;
    const sentAt = new Map<string, number>();
    let latencies: number[] = [];
    let waiting = 0;
    let resolveAll: () => void = () => undefined;
    const sub = await bus.subscribe<IngestedBatch>(INGESTED_SUBJECT, (m) => {
      const now = performance.now();
      for (const it of m.data.items) {
        const t = sentAt.get(it.nativeId);
        if (t === undefined) continue;
        latencies.push(now - t);
        sentAt.delete(it.nativeId);
        if (--waiting === 0) resolveAll();
      }
    });
    const deliver = async (prefix: string, d: number, n: number) => {
      const events = Array.from({ length: n }, (_, i) => ({
        id: `${prefix}${d}-${i}`,
        type: 'post',
        author: { id: `c${(d * BATCH + i) % 5000}`, handle: `c${(d * BATCH + i) % 5000}` },
        text: `한빛카드 해외결제가 자꾸 거절돼요 ${d}-${i}`,
        createdAt: new Date().toISOString(),
      }));
      const body = JSON.stringify({ events });
      const t = performance.now();
      for (const e of events) sentAt.set(e.id, t);
      const r = await fetch(hook, { method: 'POST', headers: signedDelivery(SECRET, body), body });
      if (r.status !== 200) throw new Error(`delivery failed: ${r.status} ${await r.text()}`);
    };
    const expect = (n: number) => {
      latencies = [];
      waiting = n;
      return new Promise<void>((resolve, reject) => {
        resolveAll = resolve;
        setTimeout(() => reject(new Error(`timeout: ${n - waiting}/${n} ingested`)), 600_000).unref();
      });
    };

    // Every item is a new post: one conversation each, routed once the inbox caught up.
    const routedAll = async (n: number, since: number) => {
      for (;;) {
        const r = await db
          .selectFrom('conversations')
          .select((eb) => eb.fn.count<number>('routed_at').as('routed'))
          .where('account_id', '=', accountId)
          .executeTakeFirstOrThrow();
        if (Number(r.routed) >= n) return performance.now();
        if (performance.now() - since > 900_000) throw new Error(`inbox did not catch up: ${r.routed}/${n} routed`);
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    // 0. Warm-up (not measured): freshly started processes compile their hot paths first.
    const warm = expect(WARMUP);
    await Promise.all(Array.from({ length: WARMUP / BATCH }, (_, d) => deliver('w', d, BATCH)));
    await warm;
    await routedAll(WARMUP, performance.now());

    // 1. A burst of ITEMS from CONC concurrent senders: throughput, and when the consumers caught up.
    const all = expect(ITEMS);
    const deliveries = Math.ceil(ITEMS / BATCH);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (next < deliveries) {
          const d = next++;
          await deliver('d', d, Math.min(BATCH, ITEMS - d * BATCH));
        }
      }),
    );
    await all;
    const seconds = (performance.now() - started) / 1000;
    const burst = { p50: pct(latencies, 50), p95: pct(latencies, 95) };
    const drainedPerSec = ITEMS / (((await routedAll(WARMUP + ITEMS, started)) - started) / 1000);

    // 2. A steady offered load: deliveries of BATCH every BATCH/RATE seconds.
    let paced: Result['paced'];
    if (RATE > 0) {
      await new Promise((r) => setTimeout(r, 2000));
      const total = Math.round(RATE * RATE_SECONDS);
      const done = expect(total);
      const t0 = performance.now();
      const sends: Promise<void>[] = [];
      for (let d = 0; d * BATCH < total; d++) {
        const due = t0 + (d * BATCH * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        sends.push(deliver('p', d, Math.min(BATCH, total - d * BATCH)));
      }
      await Promise.all(sends);
      const sentFor = performance.now() - t0;
      await done;
      const ingestedFor = performance.now() - t0;
      const p = { p50: pct(latencies, 50), p95: pct(latencies, 95) };
      const routedFor = (await routedAll(WARMUP + ITEMS + total, t0)) - t0;
      paced = { rate: RATE, sent: total / (sentFor / 1000), ingested: total / (ingestedFor / 1000), ...p, inboxBehindMs: routedFor - ingestedFor };
    }
    await sub.close();
    if (bus !== rt.services.bus) await bus.close();

    // Baseline: the same rows, inserted in batches of 500 straight into the same store.
    const author = await db.selectFrom('authors').select('id').where('workspace_id', '=', ws).executeTakeFirstOrThrow();
    const t0 = performance.now();
    for (let i = 0; i < ITEMS; i += 500) {
      const rows = Array.from({ length: Math.min(500, ITEMS - i) }, (_, k) => ({
        id: crypto.randomUUID(),
        workspace_id: ws,
        account_id: accountId,
        channel: 'webhook',
        native_id: `base-${i + k}`,
        kind: 'post',
        author_id: author.id,
        thread_native_id: `base-${i + k}`,
        text: `한빛카드 해외결제가 자꾸 거절돼요 ${i + k}`,
        links: '[]',
        media: '[]',
        is_private: false,
        direction: 'inbound',
        created_at: new Date(),
        received_at: new Date(),
      }));
      await db.insertInto('items').values(rows).execute();
    }
    const baselinePerSec = ITEMS / ((performance.now() - t0) / 1000);
    return { setup, itemsPerSec: ITEMS / seconds, baselinePerSec, ...burst, drainedPerSec, ...(paced ? { paced } : {}) };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await rt.stop();
  }
}

const results: Result[] = [];
/** SOTONG_INTAKE_FIRST=false runs the same bench without intake priority (for comparison). */
const passThrough: Record<string, string> = process.env.SOTONG_INTAKE_FIRST ? { SOTONG_INTAKE_FIRST: process.env.SOTONG_INTAKE_FIRST } : {};
if (values.only !== 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-'));
  results.push(await run('embedded (PGlite + in-process bus, one process)', { SOTONG_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', ...passThrough }, new Set(ALL_ROLES), 0, async (rt) => rt.services.bus));
  fs.rmSync(dir, { recursive: true, force: true });
}
if (values.only !== 'embedded') {
  const tdb = await createTestDatabase('sotong_bench');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-'));
  const stream = `bench_${crypto.randomBytes(4).toString('hex')}`;
  const env = { ...passThrough, DATABASE_URL: tdb.url, NATS_URL: TEST_NATS_URL, SOTONG_NATS_STREAM: stream, SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'), SOTONG_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' };
  try {
    results.push(await run('PostgreSQL + NATS, web + 2 worker processes', env, new Set(['web', 'scheduler']), 2, () => openBus({ natsUrl: TEST_NATS_URL, stream })));
  } finally {
    await tdb.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\n${ITEMS} items in deliveries of ${BATCH}, ${CONC} concurrent senders, ${new Date().toISOString()}, ${os.cpus().length} cores`);
console.log(
  '| setup | burst: end-to-end items/s | plain batched INSERT items/s | ratio | burst p50 / p95 ms | burst: items/s until inbox routed all | steady: offered / sent / ingested items/s | steady p50 / p95 ms | steady: inbox done after the last item.ingested |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const steady = r.paced ? `${r.paced.rate} / ${r.paced.sent.toFixed(0)} / ${r.paced.ingested.toFixed(0)} | ${r.paced.p50.toFixed(0)} / ${r.paced.p95.toFixed(0)} | ${(r.paced.inboxBehindMs / 1000).toFixed(1)} s` : '– | – | –';
  console.log(`| ${r.setup} | ${r.itemsPerSec.toFixed(0)} | ${r.baselinePerSec.toFixed(0)} | ${(r.itemsPerSec / r.baselinePerSec).toFixed(3)} | ${r.p50.toFixed(0)} / ${r.p95.toFixed(0)} | ${r.drainedPerSec.toFixed(0)} | ${steady} |`);
}
process.exit(0);
