/**
 * bench/publishing/calendar.ts: the calendar's month view (a 6-week grid, 42 days) at 100,000 posts with
 * 1–3 channel variants each, spread over three years, plus another workspace's 100,000 posts in the same
 * tables. Measures p50/p95 of the month view through the service (calendar.service.ts) and through the
 * HTTP API (JSON included), filtered by channel too; baseline in the same run: a plain indexed select of
 * the same posts (no variants) on the same store. Ratio = calendar / baseline.
 * Run: npx tsx bench/publishing/calendar.ts [--posts 100000] [--rounds 40] [--store pglite|postgres]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ALL_ROLES } from '../../src/app/roles.js';
import { startRuntime } from '../../src/app/runtime.js';
import { loadConfig } from '../../src/config.js';
import type { Scope } from '../../src/platform/access/scope.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';
import { ApiClient } from '../../test/support/client.js';

const { values } = parseArgs({ options: { posts: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '40' }, store: { type: 'string', default: 'pglite' } } });
const N = Number(values.posts);
const ROUNDS = Number(values.rounds);
const DAY = 86_400_000;
const SPAN_DAYS = 3 * 365;
const log = (line: string) => process.stdout.write(`${line}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? Number.NaN;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-cal-'));
  const tdb = values.store === 'postgres' ? await createTestDatabase('sotong_bench_calendar') : undefined;
  const env: Record<string, string> = { SOTONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ...(tdb ? { DATABASE_URL: tdb.url } : {}) };
  const rt = await startRuntime(loadConfig(env), { roles: new Set(ALL_ROLES.filter((r) => r === 'web')), demo: true, demoRate: 0, demoHistoryDays: 0, logger: silentLogger, announce: () => undefined });
  try {
    const s = rt.services;
    const ws = rt.demoLogin!.workspaceId;
    const db = s.store.db;
    const scope: Scope = { workspaceId: ws, actor: { userId: crypto.randomUUID(), label: 'bench' }, role: 'admin', tokenScopes: null };
    // Another workspace with as many posts, so that the workspace condition has to select.
    const other = crypto.randomUUID();
    await sql`insert into workspaces (id, name, slug, created_at) values (${other}, 'other bank', ${`other-${other.slice(0, 8)}`}, now())`.execute(db);
    const start = new Date(Date.UTC(2025, 0, 1));
    const t0 = performance.now();
    for (const w of [ws, other]) {
      for (let from = 1; from <= N; from += 20_000) {
        const to = Math.min(N, from + 19_999);
        // Posts at random minutes over three years, in every state the calendar shows.
        await sql`insert into publishing_posts (id, workspace_id, title, master_text, status, scheduled_at, round, step, chain, owner_label, created_at, updated_at)
          select md5(${w} || 'p' || g)::uuid, ${w}, '게시물 ' || g, '캘린더 벤치마크 게시물 본문 ' || g || ' 입니다. 정기예금 특판 안내.', (array['approved','published','in_review','draft','failed'])[1 + g % 5],
                 ${start}::timestamptz + ((hashtext(${w} || g::text)::bigint & 2147483647) % ${SPAN_DAYS * 1440}) * interval '1 minute', 1, 1, '[]', 'bench', now(), now()
          from generate_series(${from}::int, ${to}::int) g`.execute(db);
        await sql`insert into publishing_variants (id, post_id, workspace_id, account_id, target, text, status, due_at, position)
          select md5(${w} || 'v' || g || '-' || k)::uuid, md5(${w} || 'p' || g)::uuid, ${w}, null, (array['x','facebook','instagram','mastodon','bluesky','builtin-blog'])[1 + (g + k) % 6], '', 'scheduled', null, k
          from generate_series(${from}::int, ${to}::int) g, generate_series(0, 2) k where k <= g % 3`.execute(db);
      }
    }
    await sql`analyze publishing_posts`.execute(db);
    await sql`analyze publishing_variants`.execute(db);
    const counts = (await sql<{ p: number; v: number }>`select (select count(*)::int from publishing_posts) as p, (select count(*)::int from publishing_variants) as v`.execute(db)).rows[0]!;
    log(`bench/publishing/calendar: ${counts.p} posts, ${counts.v} variants in two workspaces (${values.store}), written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    // Month views: a 6-week grid starting at a random Monday-ish day within the span (same windows for every measure).
    const windows = Array.from({ length: ROUNDS + 5 }, (_, i) => {
      const day = Math.floor(((i * 7919) % (SPAN_DAYS - 42)) + 0);
      const from = new Date(start.getTime() + day * DAY);
      return { from: from.toISOString(), to: new Date(from.getTime() + 42 * DAY).toISOString() };
    });
    const time = async (fn: (w: { from: string; to: string }) => Promise<number>) => {
      const ms: number[] = [];
      let rows = 0;
      for (const [i, w] of windows.entries()) {
        const t = performance.now();
        const n = await fn(w);
        if (i >= 5) {
          ms.push(performance.now() - t);
          rows += n;
        }
      }
      return { ms, rows: rows / ROUNDS };
    };
    const baseline = await time(
      async (w) =>
        (
          await sql`select id, title, master_text, status, product, campaign_id, scheduled_at from publishing_posts
          where workspace_id = ${ws} and scheduled_at >= ${new Date(w.from)} and scheduled_at < ${new Date(w.to)} order by scheduled_at limit 5000`.execute(db)
        ).rows.length,
    );
    const service = await time(async (w) => (await s.publishing.calendar.entries(scope, w)).entries.length);
    const filtered = await time(async (w) => (await s.publishing.calendar.entries(scope, { ...w, target: 'instagram' })).entries.length);
    const api = new ApiClient(rt.url!);
    await api.login(rt.demoLogin!.email, rt.demoLogin!.password);
    const http = await time(async (w) => {
      const r = await api.get(`/api/v1/w/${ws}/publishing/calendar?from=${encodeURIComponent(w.from)}&to=${encodeURIComponent(w.to)}`);
      if (r.status !== 200) throw new Error(`calendar: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      return (r.body.entries as unknown[]).length;
    });
    const ratio = (xs: number[]) => (pct(xs, 95) / pct(baseline.ms, 95)).toFixed(1);
    log(`month view (42 days), ${ROUNDS} windows, ~${baseline.rows.toFixed(0)} posts each:`);
    log(`  baseline (plain indexed select of the posts): ${fmt(baseline.ms)}`);
    log(`  calendar service: ${fmt(service.ms)} (p95 ×${ratio(service.ms)}), ~${service.rows.toFixed(0)} entries`);
    log(`  calendar service, one channel: ${fmt(filtered.ms)} (p95 ×${ratio(filtered.ms)}), ~${filtered.rows.toFixed(0)} entries`);
    log(`  HTTP GET /calendar (JSON): ${fmt(http.ms)} (p95 ×${ratio(http.ms)})`);
  } finally {
    await rt.stop();
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
