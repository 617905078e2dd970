/**
 * bench/publishing: 10,000 approved posts across 20 accounts, all due in the same minute, sent by the
 * real program (its scheduler fires `publishing.send_due`) to a local channel server that counts every
 * delivery by idempotency key. Measures the lag after the slot (p50/p95/max) and checks exactly once.
 * Baseline, in the same run: the same number of posts sent straight to the same server through the same
 * adapter with the same concurrency (one lane per account) and no records at all (the channel's own cost); the
 * ratio is ours/baseline.
 * Run: npx tsx bench/publishing/run.ts [--posts 10000] [--accounts 20] [--store pglite|postgres]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/app/runtime.js';
import { ALL_ROLES } from '../../src/app/roles.js';
import { fromAdapters } from '../../src/channels/registry.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';
import type { Scope } from '../../src/platform/access/scope.js';
import { publishTestAdapter, startPublishServer } from '../../test/support/publish-channel.js';

const { values } = parseArgs({ options: { posts: { type: 'string', default: '10000' }, accounts: { type: 'string', default: '20' }, store: { type: 'string', default: 'pglite' }, concurrency: { type: 'string', default: '32' } } });
const N = Number(values.posts);
const A = Number(values.accounts);
const log = (line: string) => process.stdout.write(`${line}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? Number.NaN;

async function main() {
  const channel = await startPublishServer();
  const adapter = publishTestAdapter();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-pub-'));
  const tdb = values.store === 'postgres' ? await createTestDatabase('sotong_bench_publishing') : undefined;
  const env: Record<string, string> = { SOTONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...(tdb ? { DATABASE_URL: tdb.url } : {}) };
  const rt = await startRuntime(loadConfig(env), { roles: new Set(ALL_ROLES), demo: true, demoRate: 0, demoHistoryDays: 0, logger: silentLogger, announce: () => undefined, adapters: fromAdapters([adapter]) });
  try {
    const s = rt.services;
    const ws = rt.demoLogin!.workspaceId;
    const scope: Scope = { workspaceId: ws, actor: { userId: crypto.randomUUID(), label: 'bench' }, role: 'admin', tokenScopes: null };
    const accounts: string[] = [];
    for (let i = 0; i < A; i++) accounts.push((await s.accounts.connect(scope, { type: 'pubtest', name: `account ${i}`, settings: { baseUrl: channel.url }, credentials: { token: 'pub-token' } })).id);

    // Baseline: the channel's own cost, N publishes through the adapter with no records, sent the way the
    // sender sends them: each account's posts one after the other, up to `concurrency` accounts at a time.
    const ctxs = await Promise.all(accounts.map(async (id) => s.accounts.context((await s.accounts.byId(id))!)));
    const conc = Math.min(Number(values.concurrency), A);
    let nextAccount = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: conc }, async () => {
        for (let a = nextAccount++; a < A; a = nextAccount++) for (let i = a; i < N; i += A) await adapter.publish!(ctxs[a]!, { target: 'pubtest', text: `baseline ${i}`, idempotencyKey: `baseline-${i}` });
      }),
    );
    const baselineMs = performance.now() - t0;
    channel.deliveries.length = 0;

    // N approved posts, one variant each, across the accounts, all due at the same instant (written with SQL).
    const slot = new Date(Math.ceil((Date.now() + 25_000) / 1000) * 1000);
    const db = s.store.db;
    await sql`insert into publishing_posts (id, workspace_id, title, master_text, status, scheduled_at, round, step, chain, owner_label, created_at, updated_at)
      select md5('p' || g)::uuid, ${ws}, '', '벤치마크 게시물 ' || g, 'approved', ${slot}, 1, 1, '[]', 'bench', now(), now() from generate_series(1, ${N}) g`.execute(db);
    await sql`insert into publishing_variants (id, post_id, workspace_id, account_id, target, text, status, due_at)
      select md5('v' || g)::uuid, md5('p' || g)::uuid, ${ws}, (${JSON.stringify(accounts)}::jsonb ->> (g % ${A}))::uuid, 'pubtest', '벤치마크 게시물 ' || g, 'scheduled', ${slot} from generate_series(1, ${N}) g`.execute(db);
    log(`bench/publishing: ${N} posts across ${A} accounts due at ${slot.toISOString()} (${values.store})`);
    while (channel.deliveries.length < N && Date.now() < slot.getTime() + 600_000) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 2000));
    const lags = channel.deliveries.map((d) => d.at - slot.getTime());
    const counts = [...channel.countByKey().values()];
    const sentMs = Math.max(...channel.deliveries.map((d) => d.at)) - Math.min(...channel.deliveries.map((d) => d.at));
    const published = Number((await sql<{ n: number }>`select count(*)::int as n from publishing_variants where status = 'published'`.execute(db)).rows[0]!.n);
    log(`delivered ${channel.deliveries.length} (distinct keys ${counts.length}, sent twice ${counts.filter((c) => c > 1).length}), recorded published ${published}`);
    log(`lag after the slot: p50 ${(pct(lags, 50) / 1000).toFixed(2)} s, p95 ${(pct(lags, 95) / 1000).toFixed(2)} s, max ${(Math.max(...lags) / 1000).toFixed(2)} s`);
    const fromSlotMs = Math.max(...channel.deliveries.map((d) => d.at)) - slot.getTime();
    log(
      `throughput: ours ${(N / (sentMs / 1000)).toFixed(0)} posts/s from the first delivery to the last (${(N / (fromSlotMs / 1000)).toFixed(0)} posts/s from the slot); baseline (adapter straight to the server, no records, same lanes) ${(N / (baselineMs / 1000)).toFixed(0)} posts/s; ratio ours/baseline time ${(sentMs / baselineMs).toFixed(1)}× (${(fromSlotMs / baselineMs).toFixed(1)}× from the slot)`,
    );
  } finally {
    await rt.stop();
    await channel.close();
    await tdb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
