/**
 * bench/ingest: sustained items/s end to end (signed webhook → raw event → worker → item.ingested) on
 * the embedded default and on PostgreSQL + NATS with two worker processes, beside a plain batched
 * INSERT of the same rows into the same store in the same run; p50/p95 from receipt to item.ingested.
 * Run: npx tsx bench/ingest/run.ts [--items 20000] [--batch 50] [--concurrency 16] [--only embedded|postgres]
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
import { INGESTED_SUBJECT, type IngestedBatch } from '../../src/flows/ingest/pipeline.js';
import { ApiClient } from '../../test/support/client.js';
import { signedDelivery } from '../../test/support/webhook-sender.js';

const { values } = parseArgs({ options: { items: { type: 'string', default: '20000' }, batch: { type: 'string', default: '50' }, concurrency: { type: 'string', default: '16' }, only: { type: 'string' } } });
const ITEMS = Number(values.items);
const BATCH = Number(values.batch);
const CONC = Number(values.concurrency);
const SECRET = 'bench-signing-secret-0123456789';

const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

interface Result {
  setup: string;
  itemsPerSec: number;
  baselinePerSec: number;
  p50: number;
  p95: number;
}

async function run(setup: string, env: Record<string, string>, roles: Set<ProcessRole>, workers: number, busForLatency: (rt: Runtime) => Promise<Bus>): Promise<Result> {
  const rt = await startRuntime(loadConfig(env), { roles, demo: true, logger: silentLogger, announce: () => undefined });
  const children: ChildProcess[] = [];
  try {
    for (let w = 0; w < workers; w++) {
      children.push(spawn(process.execPath, [...(process.env.BENCH_WORKER_ARGS ? process.env.BENCH_WORKER_ARGS.split(' ') : []), '--import', 'tsx', 'src/main.ts', 'start', '--roles=worker', '--no-demo'], { env: { ...process.env, ...env }, stdio: 'ignore' }));
    }
    if (workers) await new Promise((r) => setTimeout(r, 5000));
    const api = new ApiClient(rt.url!);
    await api.login(rt.demoLogin!.email, rt.demoLogin!.password);
    const ws = rt.demoLogin!.workspaceId;
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'bench', credentials: { signingSecret: SECRET } });
    const hook = rt.url! + acc.body.account.webhookPath;
    const bus = await busForLatency(rt);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let seen = 0;
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => (resolveAll = r));
    const sub = await bus.subscribe<IngestedBatch>(INGESTED_SUBJECT, (m) => {
      const now = performance.now();
      for (const it of m.data.items) {
        const t = sentAt.get(it.nativeId);
        if (t === undefined) continue;
        latencies.push(now - t);
        sentAt.delete(it.nativeId);
        if (++seen === ITEMS) resolveAll();
      }
    });
    const deliveries = Math.ceil(ITEMS / BATCH);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (next < deliveries) {
          const d = next++;
          const events = Array.from({ length: Math.min(BATCH, ITEMS - d * BATCH) }, (_, i) => ({ id: `d${d}-${i}`, type: 'post', author: { id: `c${(d * BATCH + i) % 5000}`, handle: `c${(d * BATCH + i) % 5000}` }, text: `한빛카드 해외결제가 자꾸 거절돼요 ${d}-${i}`, createdAt: new Date().toISOString() }));
          const body = JSON.stringify({ events });
          const t = performance.now();
          for (const e of events) sentAt.set(e.id, t);
          const r = await fetch(hook, { method: 'POST', headers: signedDelivery(SECRET, body), body });
          if (r.status !== 200) throw new Error(`delivery failed: ${r.status} ${await r.text()}`);
        }
      }),
    );
    await Promise.race([all, new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout: ${seen}/${ITEMS} ingested`)), 600_000))]);
    const seconds = (performance.now() - started) / 1000;
    await sub.close();
    if (bus !== rt.services.bus) await bus.close();

    // Baseline: the same rows, inserted in batches of 500 straight into the same store.
    const db = rt.services.store.db;
    const accountId = acc.body.account.id as string;
    const author = await db.selectFrom('authors').select('id').where('workspace_id', '=', ws).executeTakeFirstOrThrow();
    const t0 = performance.now();
    for (let i = 0; i < ITEMS; i += 500) {
      const rows = Array.from({ length: Math.min(500, ITEMS - i) }, (_, k) => ({
        id: crypto.randomUUID(), workspace_id: ws, account_id: accountId, channel: 'webhook', native_id: `base-${i + k}`, kind: 'post', author_id: author.id,
        thread_native_id: `base-${i + k}`, text: `한빛카드 해외결제가 자꾸 거절돼요 ${i + k}`, links: '[]', media: '[]', is_private: false, direction: 'inbound', created_at: new Date(), received_at: new Date(),
      }));
      await db.insertInto('items').values(rows).execute();
    }
    const baselinePerSec = ITEMS / ((performance.now() - t0) / 1000);
    return { setup, itemsPerSec: ITEMS / seconds, baselinePerSec, p50: pct(latencies, 50), p95: pct(latencies, 95) };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await rt.stop();
  }
}

const results: Result[] = [];
if (values.only !== 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-'));
  results.push(await run('embedded (PGlite + in-process bus, one process)', { SOTONG_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' }, new Set(ALL_ROLES), 0, async (rt) => rt.services.bus));
  fs.rmSync(dir, { recursive: true, force: true });
}
if (values.only !== 'embedded') {
  const tdb = await createTestDatabase('sotong_bench');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-'));
  const stream = `bench_${crypto.randomBytes(4).toString('hex')}`;
  const env = { DATABASE_URL: tdb.url, NATS_URL: TEST_NATS_URL, SOTONG_NATS_STREAM: stream, SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'), SOTONG_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' };
  try {
    results.push(await run('PostgreSQL + NATS, web + 2 worker processes', env, new Set(['web', 'scheduler']), 2, () => openBus({ natsUrl: TEST_NATS_URL, stream })));
  } finally {
    await tdb.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\n${ITEMS} items in deliveries of ${BATCH}, ${CONC} concurrent senders, ${new Date().toISOString()}, ${os.cpus().length} cores`);
console.log('| setup | end-to-end items/s | plain batched INSERT items/s | ratio | p50 receipt→item.ingested ms | p95 ms |');
console.log('|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.setup} | ${r.itemsPerSec.toFixed(0)} | ${r.baselinePerSec.toFixed(0)} | ${(r.itemsPerSec / r.baselinePerSec).toFixed(3)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} |`);
{ const st = (globalThis as any).__sq as Map<string, {n:number; ms:number}> | undefined; if (st) for (const [k, e] of [...st].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) console.log(e.n.toString().padStart(7), e.ms.toFixed(0).padStart(7), k); }
process.exit(0);
