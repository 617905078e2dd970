/**
 * bench/listening: a 30-day dashboard (all its queries, via the HTTP API) and full-text search, on N
 * items in PostgreSQL generated with INSERT … SELECT generate_series (see generate.ts), and the minute's crisis
 * check over every query with and without its look across the hour boundary.
 * Run: npx tsx bench/listening/run.ts [--items 10000000] [--days 90] [--runs 40] [--keep-db NAME]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/app/runtime.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, TEST_PG_URL } from '../../src/platform/testing/postgres.js';
import { ApiClient } from '../../test/support/client.js';
import { AlertDetector } from '../../src/modules/listening/alerts.detector.js';
import { BANKS, generate } from './generate.js';

const { values } = parseArgs({
  options: { items: { type: 'string', default: '10000000' }, days: { type: 'string', default: '90' }, runs: { type: 'string', default: '40' }, db: { type: 'string' }, authors: { type: 'string', default: '500000' } },
});
const ITEMS = Number(values.items);
const RUNS = Number(values.runs);
const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function main(): Promise<void> {
  let url: string;
  let fresh = false;
  if (values.db) {
    const u = new URL(TEST_PG_URL);
    u.pathname = `/${values.db}`;
    url = u.toString();
  } else {
    const tdb = await createTestDatabase('sotong_bench');
    url = tdb.url;
    fresh = true;
    log(`database ${tdb.name} (kept after the run; drop it by hand)`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-'));
  const rt = await startRuntime(loadConfig({ SOTONG_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: url }), {
    roles: new Set(['web']),
    demo: fresh,
    demoRate: 0,
    demoHistoryDays: 0,
    logger: silentLogger,
    announce: () => undefined,
  });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    let login = rt.demoLogin;
    if (fresh) {
      fs.writeFileSync(path.join(os.tmpdir(), 'sotong-bench-login.json'), JSON.stringify(login));
    } else {
      login = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), 'sotong-bench-login.json'), 'utf8'));
    }
    const api = new ApiClient(rt.url!);
    await api.login(login!.email, login!.password);
    const ws = login!.workspaceId;
    const base = `/api/v1/w/${ws}/listening`;
    let queries = (await api.get(`${base}/queries`)).body.queries as Array<{ id: string; name: string }>;
    if (queries.length === 0) {
      for (const b of BANKS) await api.post(`${base}/queries`, { name: b, expression: b, kind: b === BANKS[0] ? 'brand' : 'competitor', setId: 'banks', backfillDays: 0 });
      queries = (await api.get(`${base}/queries`)).body.queries;
    }
    const end = new Date('2026-11-23T00:00:00Z');
    if (fresh) {
      const t = Date.now();
      await generate(c, { items: ITEMS, days: Number(values.days), authors: Number(values.authors), end, workspaceId: ws, queryIds: queries.map((q) => q.id), log });
      log(`generated ${ITEMS} items in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    const sizes = (
      await c.query(`select pg_size_pretty(pg_total_relation_size('items')) as items, pg_size_pretty(pg_total_relation_size('query_matches')) as matches,
      (select count(*) from items) as n, (select count(*) from query_matches) as m, (select count(*) from listening_rollups_hourly) as h`)
    ).rows[0];
    log(`items ${sizes.n} (${sizes.items}), matches ${sizes.m} (${sizes.matches}), hourly rollup rows ${sizes.h}`);
    const from = new Date(end.getTime() - 30 * 86_400_000).toISOString();
    const to = end.toISOString();
    const time = async (path: string): Promise<number> => {
      const t = performance.now();
      const r = await api.get(path);
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return performance.now() - t;
    };
    const measure = async (label: string, paths: string[]) => {
      for (const p of paths) await time(p); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) ms.push(await time(paths[i % paths.length]!));
      log(`${label}: p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms (${RUNS} requests)`);
      return { p50: pct(ms, 50), p95: pct(ms, 95) };
    };
    const q0 = queries[0]!.id;
    const results: Record<string, { p50: number; p95: number }> = {};
    results['dashboard: query, 30 days, daily buckets'] = await measure('dashboard query 30d/day', [`${base}/queries/${q0}/dashboard?from=${from}&to=${to}&bucket=day`]);
    results['dashboard: query, 30 days, hourly buckets'] = await measure('dashboard query 30d/hour', [`${base}/queries/${q0}/dashboard?from=${from}&to=${to}&bucket=hour`]);
    results['dashboard: share-of-voice set (4 queries), 30 days'] = await measure('dashboard set 30d/day', [`${base}/sets/banks/dashboard?from=${from}&to=${to}&bucket=day`]);
    results['drill-down: one day of a query'] = await measure('drill-down day', [`${base}/queries/${q0}/items?bucket=day&at=2026-11-20&limit=50`]);
    const terms = ['국민은행', '금리', '로그인 오류', '"카드 해지"', '보이스피싱', '모임통장', '수수료', '앱'];
    const enc = encodeURIComponent;
    results['search: one or two words (8 terms)'] = await measure(
      'search',
      terms.map((t) => `${base}/search?q=${enc(t)}&limit=50`),
    );
    results['search with filters (sentiment, channel, 30 days)'] = await measure(
      'search+filters',
      terms.map((t) => `${base}/search?q=${enc(t)}&sentiment=negative&channel=x&from=${from}&to=${to}&limit=50`),
    );
    const second: string[] = [];
    for (const t of terms) {
      const first = await api.get(`${base}/search?q=${enc(t)}&limit=50`);
      if (first.body.nextCursor) second.push(`${base}/search?q=${enc(t)}&limit=50&cursor=${first.body.nextCursor}`);
    }
    results['search: second page (keyset)'] = await measure('search page 2', second);
    results['crisis check, every query (with / without the hour-boundary look)'] = await crisisCheck(rt, c, end);
    process.stdout.write(`${JSON.stringify({ items: Number(sizes.n), matches: Number(sizes.m), results }, null, 2)}\n`);
  } finally {
    await c.end();
    await rt.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The minute's crisis check over every query, 20 minutes into the data's last hour, with the look across the
 * hour boundary (the shipped detector) and without it (the baseline), alternating; history from the data's start.
 */
async function crisisCheck(rt: Awaited<ReturnType<typeof startRuntime>>, c: pg.Client, end: Date): Promise<{ p50: number; p95: number }> {
  await c.query(`update listening_queries set history_from = $1, alert = coalesce(alert, '{}'::jsonb) || '{"enabled": true}'::jsonb`, [new Date(end.getTime() - 90 * 86_400_000)]);
  const clock = { now: () => new Date(end.getTime() - 40 * 60_000) };
  const l = rt.services.listening;
  const make = (acrossBoundary: boolean) => new AlertDetector(rt.services.store, clock, silentLogger, l.alerts, l.delivery, { acrossBoundary });
  const detectors = { with: make(true), without: make(false) };
  const ms: Record<'with' | 'without', number[]> = { with: [], without: [] };
  let raised = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    for (const k of ['with', 'without'] as const) {
      const t = performance.now();
      raised += await detectors[k].run();
      if (i >= 2) ms[k].push(performance.now() - t);
    }
  }
  const n = Number((await c.query('select count(*) as n from listening_queries')).rows[0].n);
  const w = pct(ms.with, 50);
  const wo = pct(ms.without, 50);
  log(`crisis check (${n} queries, ${raised} alerts raised): with the boundary look p50 ${w.toFixed(1)} ms, p95 ${pct(ms.with, 95).toFixed(1)} ms; without p50 ${wo.toFixed(1)} ms; ratio ${(w / wo).toFixed(2)}`);
  return { p50: w, p95: pct(ms.with, 95) };
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
