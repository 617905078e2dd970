import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL cluster and a NATS JetStream server of the test's own, so that fault tests can restart
 * them without touching the machine's shared ones (127.0.0.1:5432 and :4222). Nothing is skipped when
 * a binary is missing: the test fails, as CI must.
 */
export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const NATS_SERVER = '/usr/sbin/nats-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** initdb refuses root: as root the cluster belongs to the postgres user. */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export interface PrivatePostgres {
  port: number;
  url: string;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  for (const bin of ['initdb', 'pg_ctl']) if (!fs.existsSync(path.join(PG_BIN, bin))) throw new Error(`${PG_BIN}/${bin} is missing: install postgresql-15`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const run = (args: string[]) => {
    const [c, a] = asOwner(path.join(PG_BIN, 'pg_ctl'), args);
    execFileSync(c, a, { stdio: 'pipe' });
  };
  const [ic, ia] = asOwner(path.join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  execFileSync(ic, ia, { stdio: 'pipe' });
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=on -c max_connections=200`;
  const start = () => run(['start', '-w', '-t', '60', '-D', data, '-l', path.join(dir, 'log'), '-o', opts]);
  start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(mode = 'immediate') {
      run(['stop', '-w', '-D', data, '-m', mode]);
      start();
    },
    async stop() {
      try {
        run(['stop', '-w', '-D', data, '-m', 'immediate']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface PrivateNats {
  port: number;
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateNats(): Promise<PrivateNats> {
  if (!fs.existsSync(NATS_SERVER)) throw new Error(`${NATS_SERVER} is missing: install nats-server`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-nats-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore' });
    await waitForPort(port, 15_000);
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    async restart() {
      await stop();
      await start();
    },
    async stop() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { waitForPort };
