/**
 * Issue #14, finding 9: the audit chain had no key. An edited entry with every later hash recomputed
 * passed `audit verify`; so did deleting a workspace's whole chain while its data remained; and
 * `restore --replace` silently rolled the trail back. CLI against PostgreSQL, exit codes as documented.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { entryHash } from '../../src/modules/audit/audit.store.js';
import { runCli } from '../support/io.js';

const KEY = Buffer.alloc(32, 9).toString('base64');
let tdb: TestDatabase;
let dir: string;
let env: Record<string, string>;

async function sql(text: string) {
  const c = new pg.Client({ connectionString: tdb.url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-audit-'));
  env = { DATABASE_URL: tdb.url, SOTONG_DATA_DIR: path.join(dir, 'data'), SOTONG_SECRET_KEY: KEY };
  expect((await runCli(['workspace', 'add', '--name', '감사은행', '--slug', 'audited'], env)).code).toBe(0);
  expect((await runCli(['user', 'add', '--workspace', 'audited', '--email', 'a@audited.test', '--role', 'agent'], env)).code).toBe(0);
  expect((await runCli(['user', 'add', '--workspace', 'audited', '--email', 'b@audited.test', '--role', 'analyst'], env)).code).toBe(0);
  expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the audit chain has a key', () => {
  it('an edited entry with every later hash (and the head) recomputed fails verification', async () => {
    const ws = (await sql(`select id from workspaces where slug = 'audited'`)).rows[0].id as string;
    const snapshot = (await sql(`select * from audit_log where chain = '${ws}' order by seq`)).rows;
    const head = (await sql(`select * from audit_heads where chain = '${ws}'`)).rows[0];
    // The forger edits entry 2 and recomputes the chain from there, exactly as verify computes it.
    let prev = snapshot[0].prev_hash;
    for (const row of snapshot) {
      const after = Number(row.seq) === 2 ? { ...row.after, role: 'admin' } : row.after;
      const hash = entryHash({ ...row, after, prev_hash: prev });
      await sql(`update audit_log set after = '${JSON.stringify(after)}'::jsonb, prev_hash = '${prev}', hash = '${hash}' where chain = '${ws}' and seq = ${row.seq}`);
      prev = hash;
    }
    await sql(`update audit_heads set hash = '${prev}' where chain = '${ws}'`);
    const r = await runCli(['audit', 'verify'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TAMPERED chain \S+ entry 2: entry 2 is not signed by the audit key/);
    // Put it back: intact again.
    for (const row of snapshot) await sql(`update audit_log set after = '${JSON.stringify(row.after)}'::jsonb, prev_hash = '${row.prev_hash}', hash = '${row.hash}' where chain = '${ws}' and seq = ${row.seq}`);
    await sql(`update audit_heads set hash = '${head.hash}' where chain = '${ws}'`);
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });

  it("deleting a workspace's whole chain while its data remains fails verification, also for --workspace", async () => {
    const ws = (await sql(`select id from workspaces where slug = 'audited'`)).rows[0].id as string;
    const rows = (await sql(`select * from audit_log where chain = '${ws}' order by seq`)).rows;
    const head = (await sql(`select * from audit_heads where chain = '${ws}'`)).rows[0];
    await sql(`delete from audit_log where chain = '${ws}'`);
    await sql(`delete from audit_heads where chain = '${ws}'`);
    for (const args of [
      ['audit', 'verify'],
      ['audit', 'verify', '--workspace', 'audited'],
    ]) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toMatch(/audit chain is gone/);
    }
    for (const row of rows) await sql(`insert into audit_log select * from json_populate_record(null::audit_log, '${JSON.stringify(row).replace(/'/g, "''")}')`);
    await sql(`insert into audit_heads select * from json_populate_record(null::audit_heads, '${JSON.stringify(head).replace(/'/g, "''")}')`);
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });

  it('restore --replace writes its own entry naming the head it replaced', async () => {
    const file = path.join(dir, 'audited.gz');
    expect((await runCli(['backup', file, '--workspace', 'audited'], env)).code).toBe(0);
    expect((await runCli(['user', 'add', '--workspace', 'audited', '--email', 'c@audited.test', '--role', 'agent'], env)).code).toBe(0);
    const ws = (await sql(`select id from workspaces where slug = 'audited'`)).rows[0].id as string;
    const before = (await sql(`select seq, hash from audit_heads where chain = '${ws}'`)).rows[0];
    expect((await runCli(['restore', file, '--replace'], env)).code).toBe(0);
    const last = (await sql(`select * from audit_log where chain = '${ws}' order by seq desc limit 1`)).rows[0];
    expect(last.action).toBe('workspace.restored');
    expect(last.before.auditHeads).toEqual([{ chain: ws, seq: Number(before.seq), hash: before.hash }]);
    expect(last.after.replaced).toBe(true);
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });
});
