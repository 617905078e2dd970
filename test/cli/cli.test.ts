import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { runCli } from '../support/io.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
let tdb: TestDatabase;
let dir: string;
let pgEnv: Record<string, string>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-cli-'));
  pgEnv = { DATABASE_URL: tdb.url, SOTONG_DATA_DIR: path.join(dir, 'pg-data'), SOTONG_SECRET_KEY: KEY };
});
afterAll(async () => {
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function sqlOn(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

describe('sotong CLI', () => {
  it('prints help and rejects unknown commands and options with one line and exit code 2', async () => {
    const help = await runCli(['--help'], {});
    expect(help.stdout).toContain('audit');
    expect((await runCli(['user', '--help'], {})).stdout).toMatch(/^Usage: sotong user add/);
    const unknown = await runCli(['frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const badOpt = await runCli(['user', 'add', '--bogus'], pgEnv);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toMatch(/^sotong user: unknown option --bogus\n$/);
    const badRole = await runCli(['start', '--roles=web,cook'], pgEnv);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('unknown role "cook"');
  });

  it('reports bad configuration in one line and exit 1', async () => {
    const r = await runCli(['migrate'], { PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sotong migrate: PORT must be a whole number, got "eighty"\n');
  });

  it('migrates, adds a workspace and a user, and verifies the audit trail', async () => {
    expect((await runCli(['migrate'], pgEnv)).code).toBe(0);
    expect((await runCli(['migrate'], pgEnv)).stdout).toContain('up to date');
    const ws = await runCli(['workspace', 'add', '--name', '한빛카드', '--slug', 'hanbit'], pgEnv);
    expect(ws.code).toBe(0);
    const user = await runCli(['user', 'add', '--workspace', 'hanbit', '--email', 'Kim@Hanbit.test', '--name', '김상담', '--role', 'agent'], pgEnv);
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/added kim@hanbit\.test to hanbit as agent; password: \S{19}/);
    await runCli(['user', 'add', '--workspace', 'hanbit', '--email', 'lee@hanbit.test', '--role', 'compliance'], pgEnv);
    const ok = await runCli(['audit', 'verify'], pgEnv);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit trail intact: 3 entries/);
  });

  it('detects an edited, a deleted and a truncated audit entry', async () => {
    const edit = await sqlOn(tdb.url, `update audit_log set after = jsonb_set(after, '{role}', '"admin"') where action = 'user.created' and seq = 2 returning chain`);
    expect(edit.rowCount).toBe(1);
    let r = await runCli(['audit', 'verify'], pgEnv);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TAMPERED chain \S+ entry 2: entry 2 was changed/);
    await sqlOn(tdb.url, `update audit_log set after = jsonb_set(after, '{role}', '"agent"') where action = 'user.created' and seq = 2`);
    expect((await runCli(['audit', 'verify'], pgEnv)).code).toBe(0);
    const snapshot = await sqlOn(tdb.url, 'select * from audit_log order by chain, seq');
    await sqlOn(tdb.url, 'delete from audit_log where seq = 2');
    r = await runCli(['audit', 'verify'], pgEnv);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entries 2\.\.2 are missing/);
    await sqlOn(tdb.url, 'delete from audit_log where seq = 3');
    r = await runCli(['audit', 'verify'], pgEnv);
    expect(r.stdout).toMatch(/chain ends at entry 1 but its head says 3/);
    // Put the rows back exactly: the chain verifies again.
    for (const row of snapshot.rows.filter((x) => Number(x.seq) >= 2)) {
      await sqlOn(tdb.url, `insert into audit_log select * from json_populate_record(null::audit_log, '${JSON.stringify(row).replace(/'/g, "''")}')`);
    }
    expect((await runCli(['audit', 'verify'], pgEnv)).code).toBe(0);
  });

  it('backs up a workspace on PostgreSQL and restores it on the embedded store, chain intact', async () => {
    const file = path.join(dir, 'hanbit.sotong.gz');
    const b = await runCli(['backup', file, '--workspace', 'hanbit'], pgEnv);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/wrote \d+ rows/);
    const liteEnv = { SOTONG_DATA_DIR: path.join(dir, 'lite'), SOTONG_SECRET_KEY: KEY };
    const r = await runCli(['restore', file], liteEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('restored workspace hanbit');
    // The restore adds its own entry to the restored chain (issue #14, finding 9).
    expect((await runCli(['audit', 'verify', '--workspace', 'hanbit'], liteEnv)).stdout).toMatch(/intact: 4 entries/);
    const again = await runCli(['restore', file], liteEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--replace');
    expect((await runCli(['restore', file, '--replace'], liteEnv)).code).toBe(0);
    // And back: embedded → PostgreSQL, replacing what is there.
    const file2 = path.join(dir, 'hanbit2.sotong.gz');
    expect((await runCli(['backup', file2, '--workspace', 'hanbit'], liteEnv)).code).toBe(0);
    expect((await runCli(['restore', file2, '--replace'], pgEnv)).code).toBe(0);
    const users = await sqlOn(tdb.url, `select u.email from users u join memberships m on m.user_id = u.id join workspaces w on w.id = m.workspace_id where w.slug = 'hanbit' order by 1`);
    expect(users.rows.map((x) => x.email)).toEqual(['kim@hanbit.test', 'lee@hanbit.test']);
    const broken = path.join(dir, 'broken.gz');
    fs.writeFileSync(broken, 'not gzip');
    const bad = await runCli(['restore', broken], liteEnv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/damaged|not a Sotong backup/);
  }, 120_000);
});
