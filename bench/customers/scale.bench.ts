/**
 * bench/customers/scale: issue #17's scale on PostgreSQL — 1,000,000 customers imported through the CSV path,
 * 5,000,000 linked social identities, 2,000,000 items from them over 90 days. Measured, with a baseline of
 * the same run for each:
 * - import rows/s (baseline: plain batched inserts of the same rows, no parsing or sealing);
 * - the customer page (the customer, audited, and the first page of its timeline with the sentiment series)
 *   p50/p95 over random customers (baseline: the customer's row by primary key);
 * - churn-risk scoring of every customer (baseline: one query reading what the scorer reads).
 * Run: npx tsx bench/customers/scale.bench.ts [--customers 1000000] [--per 5] [--items 2000000] [--pages 300]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { closePlatform, openPlatform } from '../../src/app/runtime.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';
import { cliActor } from '../../src/platform/actor.js';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '1000000' }, per: { type: 'string', default: '5' }, items: { type: 'string', default: '2000000' }, pages: { type: 'string', default: '300' } } });
const N = Number(values.customers);
const PER = Number(values.per);
const ITEMS = Number(values.items);
const PAGES = Number(values.pages);
const log = (line: string) => process.stdout.write(`${line}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

const tdb = await createTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-scale-'));
const s = await openPlatform(loadConfig({ DATABASE_URL: tdb.url, SOTONG_DATA_DIR: dir, SOTONG_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'), LOG_LEVEL: 'silent' }), silentLogger);
const db = s.store.db;
try {
  log(
    `bench/customers/scale: ${N.toLocaleString('en')} customers, ${(N * PER).toLocaleString('en')} linked identities, ${ITEMS.toLocaleString('en')} items (PostgreSQL, ${os.cpus().length} cores, node ${process.version}, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, ${new Date().toISOString()})`,
  );
  const ws = (await s.workspaces.create({ ...cliActor, isInstanceAdmin: true }, { name: '벤치은행', slug: 'bench' })).id;
  const scope = { workspaceId: ws, actor: cliActor, role: 'admin' as const, tokenScopes: null };
  const mapping = { 고객번호: 'externalId', 성명: 'name', 이메일: 'email', 휴대폰: 'phone', 등급: 'segment', 보유상품: 'products', 담당RM: 'manager' } as const;

  // 1. Import through the CSV path, in files of 100,000 rows (as a bank's nightly extract would be split).
  const CHUNK = 100_000;
  let importMs = 0;
  for (let from = 0; from < N; from += CHUNK) {
    const rows = ['고객번호,성명,이메일,휴대폰,등급,보유상품,담당RM'];
    for (let i = from; i < Math.min(N, from + CHUNK); i++) rows.push(`B${i},고객${i},c${i}@bank.test,010-${String(1000 + (i % 9000))}-${String(1000 + (i % 8999))},${i % 3 ? '일반' : 'VIP'},예금;카드,RM${i % 50}`);
    const t = performance.now();
    const r = await s.customers.customers.importCsv(scope, { csv: rows.join('\n'), mapping });
    importMs += performance.now() - t;
    if (r.created !== Math.min(CHUNK, N - from)) throw new Error(`import created ${r.created}`);
  }
  await sql`create table bench_plain (id uuid primary key, workspace_id uuid, external_id text, name text, email text, phone text, segment text, products jsonb, manager text, unique (workspace_id, external_id))`.execute(db);
  let plainMs = 0;
  const PLAIN = Math.min(N, 200_000);
  for (let i = 0; i < PLAIN; i += 1000) {
    const t = performance.now();
    await sql`insert into bench_plain select gen_random_uuid(), ${ws}::uuid, 'B' || g, '고객' || g, 'c' || g || '@bank.test', '010-0000-0000', '일반', '["예금","카드"]'::jsonb, 'RM' from generate_series(${i}::int, ${Math.min(PLAIN, i + 1000) - 1}::int) g`.execute(
      db,
    );
    plainMs += performance.now() - t;
  }
  const importRate = N / (importMs / 1000);
  const plainRate = PLAIN / (plainMs / 1000);
  log(
    `import: ${Math.round(importRate).toLocaleString('en')} rows/s (${(importMs / 1000).toFixed(1)} s); baseline plain inserts of generated rows ${Math.round(plainRate).toLocaleString('en')} rows/s; ratio ${(importRate / plainRate).toFixed(2)}`,
  );

  // 2. Identities, links and items, generated in the database.
  let t = performance.now();
  const account = (await sql<{ id: string }>`insert into channel_accounts (id, workspace_id, type, name, webhook_key) values (gen_random_uuid(), ${ws}, 'bench', 'bench', md5(random()::text)) returning id`.execute(db)).rows[0]!.id;
  const A = N * PER;
  for (let g = 0; g < A; g += 1_000_000) {
    await sql`insert into authors (id, workspace_id, channel, native_id, handle, display_name, followers, first_seen_at, last_seen_at)
      select md5('a' || g)::uuid, ${ws}, 'bench', 'n' || g, 'h' || g, '작성자' || g, 10, now(), now() from generate_series(${g}::int, ${Math.min(A, g + 1_000_000) - 1}::int) g`.execute(db);
  }
  await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at)
    select md5('l' || c.n || '-' || k)::uuid, ${ws}, c.id, md5('a' || (c.n::bigint * ${PER} + k))::uuid, 'service', '{}'::jsonb, 'bench', now()
    from (select id, substr(external_id, 2)::int as n from customers where workspace_id = ${ws}) c, generate_series(0, ${PER - 1}::int) k`.execute(db);
  for (let g = 0; g < ITEMS; g += 500_000) {
    await sql`insert into items (id, workspace_id, account_id, channel, native_id, kind, author_id, text, is_private, direction, created_at, received_at, analysis)
      select md5('i' || g)::uuid, ${ws}, ${account}, 'bench', 'i' || g, 'post', md5('a' || ((g::bigint * 7919) % ${A}))::uuid, '앱 로그인이 또 안 돼요 ' || g, false, 'inbound',
        now() - (g % 7776000) * interval '1 second', now(),
        jsonb_build_object('sentiment', jsonb_build_object('probs', jsonb_build_object('positive', (g % 5) / 10.0, 'negative', 0.5 - (g % 5) / 10.0, 'neutral', 0.5)), 'intents', jsonb_build_object('labels', case when g % 4 = 0 then '["complaint"]'::jsonb when g % 9 = 0 then '["churn"]'::jsonb else '[]'::jsonb end))
      from generate_series(${g}::int, ${Math.min(ITEMS, g + 500_000) - 1}::int) g`.execute(db);
  }
  await sql`analyze`.execute(db);
  log(`generated ${A.toLocaleString('en')} identities, links and ${ITEMS.toLocaleString('en')} items in ${((performance.now() - t) / 1000).toFixed(0)} s`);

  // 3. The customer page against a primary-key read of the same customers.
  const ids = (await sql<{ id: string }>`select id from customers where workspace_id = ${ws} order by random() limit ${PAGES}`.execute(db)).rows.map((r) => r.id);
  for (const id of ids.slice(0, 20)) await s.customers.links.timeline(scope, id, {});
  const page: number[] = [];
  const base: number[] = [];
  let entries = 0;
  for (const id of ids) {
    t = performance.now();
    await sql`select * from customers where id = ${id}`.execute(db);
    base.push(performance.now() - t);
    t = performance.now();
    await s.customers.customers.get(scope, id);
    const tl = await s.customers.links.timeline(scope, id, {});
    page.push(performance.now() - t);
    entries += tl.entries.length;
  }
  log(
    `customer page (customer + timeline first page + sentiment), ${ids.length} random customers (${(entries / ids.length).toFixed(1)} entries each): p50 ${ms(pct(page, 50))}, p95 ${ms(pct(page, 95))}; baseline row by id p50 ${ms(pct(base, 50))}, p95 ${ms(pct(base, 95))}; goal p95 < 50 ms: ${pct(page, 95) < 50 ? 'met' : 'NOT met'}`,
  );

  // 4. Scoring every customer against one query reading the same data.
  t = performance.now();
  await sql`select count(*), count(distinct l.customer_id), sum(length(i.text)) from customers c join customer_links l on l.workspace_id = c.workspace_id and l.customer_id = c.id and l.revoked_at is null
    left join items i on i.workspace_id = c.workspace_id and i.author_id = l.author_id and i.direction = 'inbound' and i.created_at >= now() - interval '90 days' where c.workspace_id = ${ws}`.execute(db);
  const readMs = performance.now() - t;
  t = performance.now();
  const scored = await s.customers.insights.scoreWorkspace(ws);
  const scoreMs = performance.now() - t;
  const atRisk = (await sql<{ n: number }>`select count(*)::int as n from customers where workspace_id = ${ws} and churn_score is not null`.execute(db)).rows[0]!.n;
  log(
    `scoring: ${scored.toLocaleString('en')} customers in ${(scoreMs / 1000).toFixed(1)} s (${atRisk.toLocaleString('en')} with a score); baseline one query reading the same rows ${(readMs / 1000).toFixed(1)} s; ratio ${(scoreMs / readMs).toFixed(1)}; goal < 120 s: ${scoreMs < 120_000 ? 'met' : 'NOT met'}`,
  );
  log(
    `load average after: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await closePlatform(s);
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
