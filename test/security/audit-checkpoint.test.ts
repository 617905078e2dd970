/**
 * Issue #14, finding 9, the part the MACs cannot do alone: a rollback. Putting back an older copy of the
 * audit tables leaves a chain that is whole and signed, only shorter, and `audit verify` passed it.
 * Checkpoints of the chain heads, signed and kept outside the store (the scheduler's file, backups),
 * catch it; a restore that rolls back on purpose is recorded and explained. CLI against PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { runCli } from '../support/io.js';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/app/runtime.js';
import { silentLogger } from '../../src/platform/log/log.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
let tdb: TestDatabase;
let dir: string;
let env: Record<string, string>;
let cpFile: string;
let ws: string;

async function sql(text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: tdb.url });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}
const rowsOf = async (chain: string) => (await sql('select * from audit_log where chain = $1 order by seq', [chain])).rows;
const headOf = async (chain: string) => (await sql('select * from audit_heads where chain = $1', [chain])).rows[0];
async function putBack(rows: Record<string, unknown>[], head: Record<string, unknown>) {
  await sql('delete from audit_log where chain = $1', [ws]);
  await sql('delete from audit_heads where chain = $1', [ws]);
  for (const row of rows) await sql('insert into audit_log select * from json_populate_record(null::audit_log, $1)', [JSON.stringify(row)]);
  await sql('insert into audit_heads select * from json_populate_record(null::audit_heads, $1)', [JSON.stringify(head)]);
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-audit-cp-'));
  env = { DATABASE_URL: tdb.url, SOTONG_DATA_DIR: path.join(dir, 'data'), SOTONG_SECRET_KEY: KEY };
  cpFile = path.join(dir, 'data', 'audit-checkpoints', 'audit-checkpoints.jsonl');
  expect((await runCli(['workspace', 'add', '--name', '체크은행', '--slug', 'checked'], env)).code).toBe(0);
  expect((await runCli(['user', 'add', '--workspace', 'checked', '--email', 'a@checked.test', '--role', 'agent'], env)).code).toBe(0);
  ws = (await sql(`select id from workspaces where slug = 'checked'`)).rows[0].id as string;
}, 120_000);
afterAll(async () => {
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit checkpoints outside the store', () => {
  it('appends a signed checkpoint only when a head moved', async () => {
    const first = await runCli(['audit', 'checkpoint'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/appended a checkpoint of \d+ chain/);
    const again = await runCli(['audit', 'checkpoint'], env);
    expect(again.stdout).toMatch(/no chain moved/);
    const lines = fs.readFileSync(cpFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const cp = JSON.parse(lines[0]!);
    const head = await headOf(ws);
    expect(cp.heads).toContainEqual({ chain: ws, seq: Number(head.seq), hash: head.hash });
    expect(cp.mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/checked against 1 checkpoint\(s\)/);
  });

  it('a rollback to an older, whole and signed copy of the chain passes without checkpoints and fails with them', async () => {
    const oldRows = await rowsOf(ws);
    const oldHead = await headOf(ws);
    expect((await runCli(['user', 'add', '--workspace', 'checked', '--email', 'b@checked.test', '--role', 'admin'], env)).code).toBe(0);
    expect((await runCli(['audit', 'checkpoint'], env)).code).toBe(0);
    const newRows = await rowsOf(ws);
    const newHead = await headOf(ws);
    expect(Number(newHead.seq)).toBeGreaterThan(Number(oldHead.seq));
    // The intruder puts back the older copy of the tables: the admin's creation is gone from the trail.
    await putBack(oldRows, oldHead);
    const blind = await runCli(['audit', 'verify'], { ...env, SOTONG_AUDIT_CHECKPOINT_DIR: path.join(dir, 'empty') });
    expect(blind.code).toBe(0);
    const r = await runCli(['audit', 'verify'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`chain ${ws} ends at entry ${oldHead.seq}, but had reached entry ${newHead.seq}`);
    expect(r.stdout).toMatch(/rolled back/);
    await putBack(newRows, newHead);
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });

  it('a chain rewritten from a checkpointed entry on, or deleted with its workspace, fails', async () => {
    const rows = await rowsOf(ws);
    const head = await headOf(ws);
    // The last entry replaced by another one, signed (copied from elsewhere in the chain: its MAC is valid).
    const other = rows[0]!;
    const last = rows[rows.length - 1]!;
    await sql('update audit_log set hash = $1, mac = $2 where chain = $3 and seq = $4', [other.hash, other.mac, ws, last.seq]);
    const r = await runCli(['audit', 'verify', '--workspace', 'checked'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`entry ${last.seq} of chain ${ws} is not the one checkpointed`));
    await putBack(rows, head);
    // The whole workspace and its trail gone: only the checkpoint remembers it.
    const backup = path.join(dir, 'before-delete.gz');
    expect((await runCli(['backup', backup, '--workspace', 'checked'], env)).code).toBe(0);
    expect((await runCli(['audit', 'checkpoint'], env)).code).toBe(0);
    await sql('delete from workspaces where id = $1', [ws]);
    await sql('delete from audit_log where chain = $1', [ws]);
    await sql('delete from audit_heads where chain = $1', [ws]);
    const gone = await runCli(['audit', 'verify'], env);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(new RegExp(`chain ${ws} had \\d+ entries at .* and is gone`));
    // Restored from the backup (recorded): the checkpoint is explained up to the restore.
    expect((await runCli(['restore', backup], env)).code).toBe(0);
    const back = await runCli(['audit', 'verify'], env);
    expect(back.stdout).not.toMatch(/is gone/);
    expect(back.code).toBe(0);
  });

  it('a forged checkpoint file is refused, and a damaged one is named', async () => {
    const forged = path.join(dir, 'forged.jsonl');
    const cp = JSON.parse(fs.readFileSync(cpFile, 'utf8').trim().split('\n').at(-1)!);
    fs.writeFileSync(forged, `${JSON.stringify({ ...cp, heads: [{ chain: ws, seq: 999, hash: 'f'.repeat(64) }] })}\n`);
    const r = await runCli(['audit', 'verify', '--checkpoints', forged], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/is not signed by the audit key: ignored/);
    expect(r.stdout).not.toMatch(/999/);
    fs.writeFileSync(forged, '{"format":"sotong-audit-checkpoint"\n');
    const bad = await runCli(['audit', 'verify', '--checkpoints', forged], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/forged\.jsonl line 1: not JSON/);
  });

  it('a backup carries its signed checkpoint; a backup whose audit rows were cut is refused at restore', async () => {
    const file = path.join(dir, 'carry.gz');
    expect((await runCli(['backup', file, '--workspace', 'checked'], env)).code).toBe(0);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    const head = await headOf(ws);
    expect(header.auditCheckpoint.heads).toEqual([{ chain: ws, seq: Number(head.seq), hash: head.hash }]);
    // The backup's checkpoint works as a --checkpoints file too (written out by hand here).
    const out = path.join(dir, 'from-backup.json');
    fs.writeFileSync(out, JSON.stringify({ auditCheckpoint: header.auditCheckpoint }));
    expect((await runCli(['audit', 'verify', '--checkpoints', out], env)).code).toBe(0);
    // Cut the newest audit entry out of the file and point its head back, with the older entry's values.
    const entries = lines.map((l) => JSON.parse(l)).filter((o) => o.t === 'audit_log');
    const newest = entries.reduce((a, b) => (Number(b.r.seq) > Number(a.r.seq) ? b : a));
    const prev = entries.find((e) => Number(e.r.seq) === Number(newest.r.seq) - 1)!;
    const cut = lines
      .filter((l) => l !== JSON.stringify(newest))
      .map((l) => {
        const o = JSON.parse(l);
        return o.t === 'audit_heads' ? JSON.stringify({ t: 'audit_heads', r: { ...o.r, seq: prev.r.seq, hash: prev.r.hash } }) : l;
      });
    const tampered = path.join(dir, 'tampered.gz');
    fs.writeFileSync(tampered, zlib.gzipSync(`${cut.join('\n')}\n`));
    const r = await runCli(['restore', tampered, '--replace'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/audit trail does not end where its signed checkpoint says/);
    // Nothing was replaced: the live chain is as it was.
    expect(Number((await headOf(ws)).seq)).toBe(Number(head.seq));
    const ok = await runCli(['restore', file, '--replace'], env);
    expect(ok.code).toBe(0);
    const last = (await sql('select after from audit_log where chain = $1 order by seq desc limit 1', [ws])).rows[0];
    expect(last.after.auditCheckpoint).toBe('matched');
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });

  it('the scheduler role writes a checkpoint, and a last one when it stops', async () => {
    const out = path.join(dir, 'scheduler-checkpoints');
    const rt = await startRuntime(loadConfig({ ...env, PORT: '0', SOTONG_AUDIT_CHECKPOINT_DIR: out }), { roles: new Set(['scheduler']), demo: false, logger: silentLogger, announce: () => undefined });
    await rt.stop();
    const lines = fs.readFileSync(path.join(out, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const head = await headOf(ws);
    expect(JSON.parse(lines.at(-1)!).heads).toContainEqual({ chain: ws, seq: Number(head.seq), hash: head.hash });
  });
});
