import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/platform/db/data-lock.js';
import { runCli } from '../support/io.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The embedded store is opened by one process only. A CLI command beside a running server refuses in
 * one line with a non-zero exit (it used to print success for a user the server never saw, lost at the
 * next restart); a lock left by a crashed process is taken over.
 */
const KEY = Buffer.alloc(32, 3).toString('base64');
const BIN = path.resolve('bin/sotong.js');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { SOTONG_SECRET_KEY: KEY } });
}, 60_000);
afterAll(async () => server?.close());

function runBin(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('one process per data folder', () => {
  it('the running server holds the data folder with its pid', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(server.dataDir, LOCK_FILE), 'utf8'));
    expect(lock.pid).toBe(process.pid);
  });

  it('`sotong user add` from another process refuses in one line, exit 1, and writes nothing', async () => {
    const env = { SOTONG_DATA_DIR: server.dataDir, SOTONG_SECRET_KEY: KEY };
    const r = await runBin(['user', 'add', '--workspace', 'demo', '--email', 'late@demo.sotong.local', '--role', 'agent'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `sotong user: the data folder ${server.dataDir} is in use by a running Sotong (pid ${process.pid}); the embedded store can be opened by one process only: stop it first, or run this command against PostgreSQL (DATABASE_URL)\n`,
    );
    const users = await server.runtime.services.store.db
      .selectFrom('users' as never)
      .select('email' as never)
      .execute();
    expect((users as Array<{ email: string }>).map((u) => u.email)).not.toContain('late@demo.sotong.local');
  }, 60_000);

  it('a second open in the same process is refused too', async () => {
    const r = await runCli(['migrate'], { SOTONG_DATA_DIR: server.dataDir, SOTONG_SECRET_KEY: KEY });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is in use by a running Sotong');
  });

  it('a lock left by a process that is gone (a crash) is taken over, and released after', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-lock-'));
    try {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const pid = Number(dead.stdout);
      expect(pid).toBeGreaterThan(0);
      fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, at: new Date().toISOString() }));
      const r = await runCli(['migrate'], { SOTONG_DATA_DIR: dir, SOTONG_SECRET_KEY: KEY });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
      // A half-written lock file (crash while writing) is stale as well.
      fs.writeFileSync(path.join(dir, LOCK_FILE), '{"pi');
      expect((await runCli(['migrate'], { SOTONG_DATA_DIR: dir, SOTONG_SECRET_KEY: KEY })).code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('errors', () => {
  it('are one clean line that names the command once', async () => {
    const r = await runCli(['analyze', '--task', 'nope', '--in', '-', '--out', '-'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sotong analyze: unknown task "nope" \(.+\)\n$/);
    expect(r.stderr).not.toContain('analyze: analyze');
  });

  it('`sotong --help` does not load the runtime: it answers quickly', async () => {
    const t0 = Date.now();
    const r = await runBin(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('start');
    // Generous for a loaded CI machine; it took 44 s through npx before.
    expect(Date.now() - t0).toBeLessThan(8_000);
  }, 30_000);
});
