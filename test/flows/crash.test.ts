import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, TEST_NATS_URL, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { ApiClient } from '../support/client.js';
import { signedDelivery, webhookEvents } from '../support/webhook-sender.js';

const SECRET = 'crash-test-signing-secret';
let tdb: TestDatabase;
let web: Runtime;
let env: Record<string, string>;
let dataDir: string;
const children: ChildProcess[] = [];

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--roles=worker', '--no-demo'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const t = setInterval(() => {
      // The worker has no listener line; it is up once its consumer exists, shortly after start.
      if (child.exitCode !== null) {
        clearInterval(t);
        reject(new Error(`worker exited: ${out}`));
      }
    }, 100);
    setTimeout(() => {
      clearInterval(t);
      resolve(child);
    }, 4000);
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-crash-'));
  env = {
    DATABASE_URL: tdb.url,
    NATS_URL: TEST_NATS_URL,
    SOTONG_NATS_STREAM: `crash_${crypto.randomBytes(4).toString('hex')}`,
    SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
    SOTONG_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
  };
  web = await startRuntime(loadConfig(env), { roles: new Set(['web']), demo: true, logger: silentLogger, announce: () => undefined });
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await web.stop();
  await tdb.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety on PostgreSQL + NATS JetStream', () => {
  it('after a SIGKILL of the worker mid-burst and a restart, every acknowledged event is stored exactly once', async () => {
    const api = new ApiClient(web.url!);
    await api.login(web.demoLogin!.email, web.demoLogin!.password);
    const ws = web.demoLogin!.workspaceId;
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'Bank app', credentials: { signingSecret: SECRET } });
    expect(acc.status).toBe(201);
    const hook = web.url! + acc.body.account.webhookPath;
    const worker = await startWorker();

    const acked = new Set<string>();
    const send = async (batch: number) => {
      const body = webhookEvents(`b${batch}`, 10);
      const r = await fetch(hook, { method: 'POST', headers: signedDelivery(SECRET, body), body });
      if (r.status === 200) for (let i = 0; i < 10; i++) acked.add(`b${batch}-${i}`);
      else throw new Error(`delivery ${batch}: ${r.status} ${await r.text()}`);
    };
    const db = web.services.store.db;
    const stored = async () =>
      Number(
        (
          await db
            .selectFrom('items')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('workspace_id', '=', ws)
            .executeTakeFirstOrThrow()
        ).n,
      );

    // A burst of 150 deliveries (1,500 items), 10 at a time. Once the worker is busy with the first
    // part, it is killed with SIGKILL; the rest of the burst arrives while no worker runs.
    let killedAt = -1;
    for (let b = 0; b < 150; b += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => send(b + k)));
      if (b === 40) {
        await expect.poll(stored, { timeout: 60_000, interval: 50 }).toBeGreaterThan(100);
        worker.kill('SIGKILL');
        killedAt = await stored();
      }
    }
    expect(killedAt).toBeGreaterThan(0);
    expect(acked.size).toBe(1500);
    expect(await stored()).toBeLessThan(1500);

    await startWorker();
    await expect.poll(stored, { timeout: 60_000, interval: 500 }).toBe(1500);
    const rows = await db.selectFrom('items').select(['native_id']).where('workspace_id', '=', ws).execute();
    const ids = rows.map((r) => r.native_id as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(acked);
    const pending = await db
      .selectFrom('raw_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '!=', 'processed')
      .executeTakeFirstOrThrow();
    expect(pending.n).toBe(0);
  }, 120_000);
});
