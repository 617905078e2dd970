import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { runCli } from '../support/io.js';

const KEY = Buffer.alloc(32, 9).toString('base64');
let tdb: TestDatabase;
let dir: string;
let env: Record<string, string>;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-customers-cli-'));
  env = { DATABASE_URL: tdb.url, SOTONG_DATA_DIR: path.join(dir, 'data'), SOTONG_SECRET_KEY: KEY };
  expect((await runCli(['migrate'], env)).code).toBe(0);
  expect((await runCli(['workspace', 'add', '--name', '한빛은행', '--slug', 'hanbit'], env)).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function count(): Promise<number> {
  const c = new pg.Client({ connectionString: tdb.url });
  await c.connect();
  try {
    return Number((await c.query('select count(*)::int as n from customers')).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('sotong customers import', () => {
  it('refuses bad input with one readable line and a non-zero exit', async () => {
    const csv = file('a.csv', '번호,이름\nK1,김하나\n');
    const cases: [string[], RegExp][] = [
      [['customers', 'import', csv], /^sotong customers: --workspace is required\n$/],
      [['customers', 'import', path.join(dir, 'none.csv'), '--workspace', 'hanbit'], /^sotong customers: no such file: .*none\.csv\n$/],
      [['customers', 'import', csv, '--workspace', 'nowhere'], /^sotong customers: no workspace "nowhere"\n$/],
      [['customers', 'export', csv], /^sotong customers: the only subcommand is "import"/],
      [['customers', 'import', csv, '--workspace', 'hanbit', '--mapping', file('bad.json', '{"번호": ')], /^sotong customers: the mapping file .* is not JSON/],
      [['customers', 'import', csv, '--workspace', 'hanbit', '--mapping', file('m1.json', '{"번호":"externalId","주소":"name"}')], /^sotong customers: The mapping names column "주소"/],
      [['customers', 'import', csv, '--workspace', 'hanbit', '--mapping', file('m2.json', '{"번호":"externalId","이름":"nickname"}')], /^sotong customers: .*"nickname", which is not a customer field/],
      [['customers', 'import', csv, '--workspace', 'hanbit'], /^sotong customers: No column maps to externalId/],
    ];
    for (const [argv, line] of cases) {
      const r = await runCli(argv, env);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.stderr, argv.join(' ')).toMatch(line);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
    expect(await count()).toBe(0);
  });

  it('imports with progress, reports bad rows by line (exit 3), and a second run updates', async () => {
    const rows = ['번호,이름,등급,상품'];
    for (let i = 1; i <= 1200; i++) rows.push(i === 700 ? `K${i},"따옴표\n두 줄",일반` : `K${i},고객${i},${i % 2 ? 'VIP' : '일반'},예금;카드`);
    const csv = file('big.csv', `${rows.join('\n')}\n`);
    const mapping = file('map.json', JSON.stringify({ 번호: 'externalId', 이름: 'name', 등급: 'segment', 상품: 'products' }));
    const r = await runCli(['customers', 'import', csv, '--workspace', 'hanbit', '--mapping', mapping], env);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('1199 created, 0 updated, 1 bad rows of 1200 in hanbit\n');
    expect(r.stderr).toContain('line 701: has 3 columns, the header has 4');
    expect(r.stderr).toMatch(/\d+\/1200 rows \(\d+%\)/);
    expect(r.stderr).toContain('1200/1200 rows (100%)');
    expect(await count()).toBe(1199);
    const again = await runCli(['customers', 'import', csv, '--workspace', 'hanbit', '--mapping', mapping], env);
    expect(again.stdout).toBe('0 created, 1199 updated, 1 bad rows of 1200 in hanbit\n');
    expect(await count()).toBe(1199);
  });
});
