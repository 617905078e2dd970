/**
 * bench/soak: a steady 500 items/s (signed webhooks of 10 events, paced) into one Sotong process with
 * every role on the embedded store, for --minutes (an hour by default), sampling memory every 10 s.
 * "Flat" is judged against a baseline taken in the same run: the heap after a forced GC and the RSS
 * at the end of the warm-up (the first fifth of the run, at least a minute) against the last samples,
 * with the slope of a least-squares line through the samples after warm-up. Also: items acknowledged
 * vs stored (the pipeline kept up), and the offered vs achieved rate.
 * Run: node --expose-gc --import tsx bench/soak/run.ts [--minutes 60] [--rate 500] [--store embedded|postgres] [--nats]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/app/runtime.js';
import { ALL_ROLES } from '../../src/app/roles.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { ApiClient } from '../../test/support/client.js';
import { signedDelivery, webhookEvents } from '../../test/support/webhook-sender.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '60' }, rate: { type: 'string', default: '500' }, store: { type: 'string', default: 'embedded' }, nats: { type: 'boolean', default: false } } });
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);
const PER_DELIVERY = 10;
const SECRET = 'soak-signing-secret-0123456789abcdef';
const gc = (globalThis as { gc?: () => void }).gc;

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  sent: number;
  acked: number;
  /** Items stored by then (counted every minute), and the 1-minute load average of the machine. */
  stored?: number;
  load: number;
}

function slopePerMinute(xs: Array<[number, number]>): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, [x]) => a + x, 0) / n;
  const my = xs.reduce((a, [, y]) => a + y, 0) / n;
  const num = xs.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = xs.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den ? (num / den) * 60_000 : 0;
}

async function main(): Promise<void> {
  if (!gc) console.warn('run with node --expose-gc for heap figures after GC');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-soak-'));
  let tdb: TestDatabase | undefined;
  if (values.store === 'postgres') tdb = await createTestDatabase();
  const rt = await startRuntime(
    loadConfig({ SOTONG_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ...(tdb ? { DATABASE_URL: tdb.url } : {}), ...(values.nats ? { NATS_URL: 'nats://127.0.0.1:4222', SOTONG_NATS_STREAM: `soak${process.pid}` } : {}) }),
    {
      roles: new Set(ALL_ROLES),
      demo: true,
      demoRate: 0,
      demoHistoryDays: 0,
      logger: silentLogger,
      announce: () => undefined,
    },
  );
  const api = new ApiClient(rt.url!);
  await api.login(rt.demoLogin!.email, rt.demoLogin!.password);
  const ws = rt.demoLogin!.workspaceId;
  const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'Soak', credentials: { signingSecret: SECRET } });
  const hook = rt.url! + acc.body.account.webhookPath;
  const db = rt.services.store.db;
  const stored = async () =>
    Number(
      (
        await db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', ws)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const started = Date.now();
  const end = started + MINUTES * 60_000;
  const warmupMs = Math.max(60_000, (MINUTES * 60_000) / 5);
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let seq = 0;
  const samples: Sample[] = [];
  let ticks = 0;
  const sample = async () => {
    gc?.();
    const m = process.memoryUsage();
    const s: Sample = { t: Date.now() - started, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, sent, acked, load: os.loadavg()[0]! };
    samples.push(s);
    if (ticks++ % 6 === 0) s.stored = await stored().catch(() => undefined);
  };
  const sampler = setInterval(() => void sample(), 10_000);
  // Paced: every 100 ms, the deliveries due by now (RATE/10 items per tick), a bounded number in flight.
  let inFlight = 0;
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE) - sent;
    for (let i = 0; i < Math.floor(due / PER_DELIVERY) && inFlight < 64; i++) {
      const body = webhookEvents(`s${seq++}`, PER_DELIVERY);
      sent += PER_DELIVERY;
      inFlight++;
      fetch(hook, { method: 'POST', headers: signedDelivery(SECRET, body), body })
        .then(async (r) => {
          await r.arrayBuffer();
          if (r.status === 200) acked += PER_DELIVERY;
          else failed++;
        })
        .catch(() => failed++)
        .finally(() => inFlight--);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
  clearInterval(sampler);
  await sample();
  const drainStart = Date.now();
  while ((await stored()) < acked && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 500));
  const finalStored = await stored();
  const drainMs = Date.now() - drainStart;

  const after = samples.filter((s) => s.t >= warmupMs);
  const base = after[0] ?? samples[0]!;
  const last = samples.slice(-3);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const result = {
    minutes: MINUTES,
    store: values.store,
    bus: values.nats ? 'nats' : 'in-process',
    offeredRate: RATE,
    achievedRate: Math.round(acked / ((end - started) / 1000)),
    acked,
    stored: finalStored,
    failedDeliveries: failed,
    drainAfterLoadMs: drainMs,
    rssMb: { baseline: +base.rssMb.toFixed(1), end: +avg(last.map((s) => s.rssMb)).toFixed(1), ratio: +(avg(last.map((s) => s.rssMb)) / base.rssMb).toFixed(3), slopePerMin: +slopePerMinute(after.map((s) => [s.t, s.rssMb])).toFixed(2) },
    heapMb: {
      baseline: +base.heapMb.toFixed(1),
      end: +avg(last.map((s) => s.heapMb)).toFixed(1),
      ratio: +(avg(last.map((s) => s.heapMb)) / base.heapMb).toFixed(3),
      slopePerMin: +slopePerMinute(after.map((s) => [s.t, s.heapMb])).toFixed(2),
      afterGc: Boolean(gc),
    },
    samples: samples.map((s) => [Math.round(s.t / 1000), Math.round(s.rssMb), Math.round(s.heapMb), s.stored ?? null, +s.load.toFixed(1)]),
  };
  console.log(JSON.stringify(result, null, 1));
  await rt.stop();
  await tdb?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
