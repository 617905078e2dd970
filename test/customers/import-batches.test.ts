import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { closePlatform, openPlatform } from '../../src/app/runtime.js';
import type { Services } from '../../src/app/services.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { cliActor } from '../../src/platform/actor.js';

// The import writes batches of 1,000 rows, two in flight on two connections (PostgreSQL): many batches,
// values that need escaping in an array literal, and a re-import that names fewer fields.
const N = 3_500;
let tdb: TestDatabase;
let dir: string;
let s: Services;
let scope: { workspaceId: string; actor: typeof cliActor; role: 'admin'; tokenScopes: null };

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-import-batches-'));
  s = await openPlatform(loadConfig({ DATABASE_URL: tdb.url, SOTONG_DATA_DIR: dir, SOTONG_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'), LOG_LEVEL: 'silent' }), silentLogger);
  const ws = await s.workspaces.create({ ...cliActor, isInstanceAdmin: true }, { name: '한빛은행', slug: 'hanbit' });
  scope = { workspaceId: ws.id, actor: cliActor, role: 'admin', tokenScopes: null };
}, 120_000);
afterAll(async () => {
  await closePlatform(s);
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const nameOf = (i: number) => (i % 7 === 0 ? `김"따옴표"\\${i}` : `고객 ${i}, 님`);

describe('customer import in batches (PostgreSQL)', () => {
  it('writes every row of many batches, escaping quotes and backslashes, and counts created and updated', async () => {
    const rows = ['고객번호,성명,이메일,등급,보유상품'];
    for (let i = 0; i < N; i++) rows.push(`C${i},"${nameOf(i).replace(/"/g, '""')}",c${i}@bank.test,${i % 3 ? '일반' : 'VIP'},예금;카드`);
    const mapping = { 고객번호: 'externalId', 성명: 'name', 이메일: 'email', 등급: 'segment', 보유상품: 'products' } as const;
    const progress: number[] = [];
    const first = await s.customers.customers.importCsv(scope, { csv: rows.join('\n'), mapping }, (done: number) => progress.push(done));
    expect(first).toMatchObject({ total: N, created: N, updated: 0, failed: 0 });
    expect(progress.at(-1)).toBe(N);
    expect(progress.length).toBeGreaterThanOrEqual(4);

    // A second file names only the segment: names and e-mails stay, segments change, nothing is created.
    const again = ['고객번호,등급', ...Array.from({ length: N }, (_, i) => `C${i},골드`)];
    const second = await s.customers.customers.importCsv(scope, { csv: again.join('\n'), mapping: { 고객번호: 'externalId', 등급: 'segment' } });
    expect(second).toMatchObject({ created: 0, updated: N });

    for (const i of [0, 7, 1001, 2999, N - 1]) {
      const row = await s.customers.customers.rowByExternalId(scope.workspaceId, `C${i}`);
      expect(row).toBeDefined();
      const view = s.customers.customers.present(scope, row!);
      expect(view).toMatchObject({ externalId: `C${i}`, name: nameOf(i), email: `c${i}@bank.test`, segment: '골드', products: ['예금', '카드'] });
    }
  }, 120_000);
});
