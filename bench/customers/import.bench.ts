/**
 * Customer import throughput on PostgreSQL: 20,000 CSV rows through the mapping, sealing three personal
 * fields each, upserted by external id; then the same file again (all updates). Baseline in the same
 * run: the same rows inserted in the same batches without parsing, mapping or encryption.
 * Run: npx tsx bench/customers/import.bench.ts (needs PostgreSQL at 127.0.0.1:5432).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { closePlatform, openPlatform } from '../../src/app/runtime.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';
import { cliActor } from '../../src/platform/actor.js';

const N = Number(process.argv[2] ?? 20_000);
const tdb = await createTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-customers-'));
const s = await openPlatform(loadConfig({ DATABASE_URL: tdb.url, SOTONG_DATA_DIR: dir, SOTONG_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'), LOG_LEVEL: 'silent' }), silentLogger);
try {
  const wsId = (await s.workspaces.create({ ...cliActor, isInstanceAdmin: true }, { name: '벤치은행', slug: 'bench' })).id;
  const scope = { workspaceId: wsId, actor: cliActor, role: 'admin' as const, tokenScopes: null };
  const rows = ['고객번호,성명,이메일,휴대폰,등급,보유상품,담당RM'];
  for (let i = 0; i < N; i++) rows.push(`B${i},고객${i},c${i}@bank.test,010-${String(1000 + (i % 9000))}-${String(1000 + (i % 8999))},${i % 3 ? '일반' : 'VIP'},예금;카드,RM${i % 50}`);
  const csv = rows.join('\n');
  const mapping = { 고객번호: 'externalId', 성명: 'name', 이메일: 'email', 휴대폰: 'phone', 등급: 'segment', 보유상품: 'products', 담당RM: 'manager' } as const;
  let t = performance.now();
  const first = await s.customers.customers.importCsv(scope, { csv, mapping });
  const firstMs = performance.now() - t;
  t = performance.now();
  const second = await s.customers.customers.importCsv(scope, { csv, mapping });
  const secondMs = performance.now() - t;
  // Baseline: plain batched inserts of the same number of rows, nothing else.
  await sql`create table bench_plain (id uuid primary key, workspace_id uuid, external_id text, name text, email text, phone text, segment text, products jsonb, manager text, unique (workspace_id, external_id))`.execute(s.store.db);
  t = performance.now();
  for (let i = 0; i < N; i += 500) {
    const values = Array.from({ length: Math.min(500, N - i) }, (_, k) => ({
      id: crypto.randomUUID(),
      workspace_id: wsId,
      external_id: `B${i + k}`,
      name: `고객${i + k}`,
      email: `c${i + k}@bank.test`,
      phone: '010-0000-0000',
      segment: '일반',
      products: JSON.stringify(['예금', '카드']),
      manager: 'RM',
    }));
    await (s.store.db as never as import('kysely').Kysely<{ bench_plain: Record<string, unknown> }>).insertInto('bench_plain').values(values).execute();
  }
  const plainMs = performance.now() - t;
  const rate = (ms: number) => Math.round(N / (ms / 1000));
  console.log(
    JSON.stringify({
      rows: N,
      created: first.created,
      updated: second.updated,
      importRowsPerSecond: rate(firstMs),
      reimportRowsPerSecond: rate(secondMs),
      baselinePlainInsertRowsPerSecond: rate(plainMs),
      ratioToBaseline: Math.round((plainMs / firstMs) * 100) / 100,
    }),
  );
} finally {
  await closePlatform(s);
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
