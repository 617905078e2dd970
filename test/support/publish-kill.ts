/**
 * The SIGKILL run of the publishing flow, shared by test/faults/publishing-kill.test.ts (PostgreSQL, a
 * few hundred posts) and bench/publishing/kill.ts (10,000 posts, either store): N approved posts across
 * A accounts all due now (or at a slot a little ahead, staged first); a worker process (test/support/publish-worker.ts) sends them to a local channel
 * server that counts every delivery by idempotency key; it is SIGKILLed once a share of them went out,
 * and a new worker is started on the same store. Afterwards: which keys reached the channel twice, which
 * posts never reached it, which are not recorded as published, and whether each recorded native id is
 * the one the channel gave for that key (the posts in doubt at the kill were reconciled, not resent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { startRuntime } from '../../src/app/runtime.js';
import { fromAdapters } from '../../src/channels/registry.js';
import { loadConfig } from '../../src/config.js';
import type { Scope } from '../../src/platform/access/scope.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';
import { publishTestAdapter, startPublishServer } from './publish-channel.js';

export interface KillOptions {
  posts: number;
  accounts: number;
  store: 'pglite' | 'postgres';
  /** The worker's claim lease (SOTONG_PUBLISH_LEASE_MS): how soon the new worker takes over the dead one's claims. */
  leaseMs: number;
  /** The share of the posts delivered when the worker is killed. */
  killAt: number;
  /** The slot this far from when the posts are written (0: due at once); a slot ahead lets the worker stage them first. */
  slotInMs?: number;
  /** Give up waiting after this long (ms). */
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface KillResult {
  posts: number;
  deliveredAtKill: number;
  /** Posts whose idempotency record was written, that reached the channel, and were not recorded when the worker died. */
  inDoubtAtKill: number | null;
  deliveries: number;
  sentTwice: number;
  neverSent: number;
  notRecorded: number;
  /** Recorded native ids that differ from the channel's id for that key. */
  mismatched: number;
  reconciled: number;
  /** From the first worker's start to the last delivery. */
  seconds: number;
}

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'publish-worker.ts');

export async function runKillScenario(o: KillOptions): Promise<KillResult> {
  const log = o.log ?? (() => undefined);
  const channel = await startPublishServer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-pubkill-'));
  const tdb = o.store === 'postgres' ? await createTestDatabase('sotong_pubkill') : undefined;
  const env: Record<string, string> = {
    SOTONG_DATA_DIR: dataDir,
    SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
    SOTONG_PUBLISH_LEASE_MS: String(o.leaseMs),
    LOG_LEVEL: 'error',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: tdb?.url ?? '',
    NATS_URL: '',
  };
  const open = (demo: boolean) => startRuntime(loadConfig(env), { roles: new Set(), demo, demoRate: 0, demoHistoryDays: 0, logger: silentLogger, announce: () => undefined, adapters: fromAdapters([publishTestAdapter()]) });
  const children: ChildProcess[] = [];
  const outputs: string[] = [];
  const startWorker = (): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER, 'worker,scheduler'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      const index = outputs.push('') - 1;
      const onData = (d: Buffer) => {
        out += d;
        outputs[index] = out.slice(-4000);
        if (out.includes('publish worker ready')) resolve(child);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready: ${out.slice(-2000)}`)));
    });
  const killHard = async (c: ChildProcess) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const until = async (what: string, ok: () => boolean | Promise<boolean>) => {
    const end = Date.now() + o.timeoutMs;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out waiting until ${what}; worker output:\n${outputs.join('\n---\n')}`);
      await sleep(100);
    }
  };
  try {
    // The store with N approved posts due now, written by the program once and closed (the embedded store is one process's).
    let rt = await open(true);
    const ws = rt.demoLogin!.workspaceId;
    const scope: Scope = { workspaceId: ws, actor: { userId: crypto.randomUUID(), label: 'kill-run' }, role: 'admin', tokenScopes: null };
    const accounts: string[] = [];
    for (let i = 0; i < o.accounts; i++) accounts.push((await rt.services.accounts.connect(scope, { type: 'pubtest', name: `account ${i}`, settings: { baseUrl: channel.url }, credentials: { token: 'pub-token' } })).id);
    const slot = new Date(Date.now() + (o.slotInMs ?? 0));
    const db = rt.services.store.db;
    await sql`insert into publishing_posts (id, workspace_id, title, master_text, status, scheduled_at, round, step, chain, owner_label, created_at, updated_at)
      select md5('p' || g)::uuid, ${ws}, '', '게시물 ' || g, 'approved', ${slot}, 1, 1, '[]', 'kill-run', now(), now() from generate_series(1, ${o.posts}) g`.execute(db);
    await sql`insert into publishing_variants (id, post_id, workspace_id, account_id, target, text, status, due_at)
      select md5('v' || g)::uuid, md5('p' || g)::uuid, ${ws}, (${JSON.stringify(accounts)}::jsonb ->> (g % ${o.accounts}))::uuid, 'pubtest', '게시물 ' || g, 'scheduled', ${slot} from generate_series(1, ${o.posts}) g`.execute(db);
    const variantIds = (await sql<{ id: string }>`select id from publishing_variants where workspace_id = ${ws} and target = 'pubtest'`.execute(db)).rows.map((r) => r.id);
    await rt.stop();

    const t0 = Date.now();
    const first = await startWorker();
    await until(`${Math.round(o.killAt * 100)}% were delivered`, () => channel.deliveries.length >= o.posts * o.killAt);
    await killHard(first);
    const deliveredAtKill = channel.deliveries.length;
    log(`worker SIGKILLed with ${deliveredAtKill} of ${o.posts} delivered`);
    let inDoubtAtKill: number | null = null;
    let watch: Awaited<ReturnType<typeof open>> | undefined;
    if (o.store === 'postgres') {
      // PostgreSQL can be read while the workers run: what the dead worker left in doubt.
      watch = await open(false);
      const delivered = new Set(channel.deliveries.map((d) => d.key));
      const unfinished = (await sql<{ key: string }>`select idempotency_key as key from publishing_sends where finished_at is null`.execute(watch.services.store.db)).rows;
      inDoubtAtKill = unfinished.filter((r) => delivered.has(r.key)).length;
      log(`${inDoubtAtKill} posts in doubt (delivered, record not finished) at the kill`);
    }
    const second = await startWorker();
    await until('every post reached the channel', () => channel.countByKey().size >= o.posts);
    const seconds = (Math.max(...channel.deliveries.map((d) => d.at)) - t0) / 1000;
    if (watch) {
      const w = watch;
      await until(
        'every post is recorded',
        async () => Number((await sql<{ n: number }>`select count(*)::int as n from publishing_variants where workspace_id = ${ws} and status = 'published'`.execute(w.services.store.db)).rows[0]!.n) >= o.posts,
      ).catch((err) => log(String(err).slice(0, 300)));
      await w.stop();
    } else {
      // The embedded store is read once the worker is done: its claims lapsed and were reconciled, then it stops cleanly.
      await sleep(o.leaseMs + 5000);
    }
    const stopped = new Promise((r) => second.once('exit', r));
    second.kill('SIGTERM');
    await stopped;

    rt = await open(false);
    try {
      const rdb = rt.services.store.db;
      const rows = (await sql<{ id: string; status: string; native_id: string | null }>`select id, status, native_id from publishing_variants where workspace_id = ${ws} and target = 'pubtest'`.execute(rdb)).rows;
      const reconciled = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where workspace_id = ${ws} and action = 'publishing.published' and after ->> 'how' = 'reconciled'`.execute(rdb)).rows[0]!.n);
      const counts = channel.countByKey();
      const idOfKey = new Map(channel.deliveries.map((d) => [d.key, d.id]));
      const key = (id: string) => `sotong-post-${id}`;
      return {
        posts: o.posts,
        deliveredAtKill,
        inDoubtAtKill,
        deliveries: channel.deliveries.length,
        sentTwice: [...counts.values()].filter((n) => n > 1).length,
        neverSent: variantIds.filter((id) => !counts.has(key(id))).length,
        notRecorded: rows.filter((r) => r.status !== 'published').length,
        mismatched: rows.filter((r) => r.status === 'published' && r.native_id !== idOfKey.get(key(r.id))).length,
        reconciled,
        seconds,
      };
    } finally {
      await rt.stop();
    }
  } finally {
    for (const c of children) await killHard(c).catch(() => undefined);
    await channel.close();
    await tdb?.drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
