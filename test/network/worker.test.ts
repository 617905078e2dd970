/**
 * The recompute runs on a worker process: the web role (here, in this process) queues the run and publishes
 * the job; a separate `sotong start --roles=worker` process on the same PostgreSQL and NATS JetStream
 * ingests the deliveries and computes the network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, TEST_NATS_URL, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { ApiClient } from '../support/client.js';
import { signedDelivery } from '../support/webhook-sender.js';

const SECRET = 'network-worker-secret';
let tdb: TestDatabase;
let web: Runtime;
let worker: ChildProcess | undefined;
let dataDir: string;
let output = '';

beforeAll(async () => {
  tdb = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-network-'));
  const env = {
    DATABASE_URL: tdb.url,
    NATS_URL: TEST_NATS_URL,
    SOTONG_NATS_STREAM: `net_${crypto.randomBytes(4).toString('hex')}`,
    SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
    SOTONG_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PORT: '0',
  };
  web = await startRuntime(loadConfig(env), { roles: new Set(['web']), demo: true, logger: silentLogger, announce: () => undefined });
  worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--roles=worker', '--no-demo'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  worker.stdout!.on('data', (d) => (output += d));
  worker.stderr!.on('data', (d) => (output += d));
}, 60_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (worker.exitCode === null) worker.kill('SIGKILL');
  }
  await web?.stop();
  await tdb?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('network recompute on a worker process', () => {
  it('the web role queues the run; the worker process computes and stores it', async () => {
    const api = new ApiClient(web.url!);
    await api.login(web.demoLogin!.email, web.demoLogin!.password);
    const ws = web.demoLogin!.workspaceId;
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'Bank community', credentials: { signingSecret: SECRET } });
    expect(acc.status).toBe(201);
    const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const star = { id: 'u-star', handle: 'star', name: '스타', followers: 9000 };
    const person = (i: number) => ({ id: `u-${i}`, handle: `fan${i}`, name: `팬 ${i}` });
    const events = [
      { id: 'root', type: 'post', author: star, text: '적금 금리 비교해 봤어요', createdAt: at(60) },
      ...[1, 2, 3, 4].map((i) => ({ id: `r${i}`, type: 'reply', author: person(i), parentId: 'root', inReplyToAuthor: star, text: `좋은 정보 감사합니다 ${i}`, createdAt: at(60 - i) })),
      ...[5, 6].map((i) => ({ id: `m${i}`, type: 'post', author: person(i), mentions: [star, person(1)], text: `@star @fan1 이거 보셨어요? ${i}`, createdAt: at(30 - i) })),
    ];
    const body = JSON.stringify({ events });
    const delivered = await fetch(web.url! + acc.body.account.webhookPath, { method: 'POST', headers: signedDelivery(SECRET, body), body });
    expect(delivered.status).toBe(200);
    await expect.poll(async () => (await api.get(`/api/v1/w/${ws}/items?limit=50`)).body.items?.length, { timeout: 30_000, interval: 250 }).toBe(events.length);

    const req = await api.post(`/api/v1/w/${ws}/network/recompute`, {});
    expect(req.status).toBe(202);
    expect(req.body).toMatchObject({ created: true, run: { status: 'queued', trigger: 'request' } });
    let run: { status: string; worker: string; nodes: number } | undefined;
    await expect
      .poll(
        async () => {
          run = (await api.get(`/api/v1/w/${ws}/network/runs`)).body.runs.find((r: { id: string }) => r.id === req.body.run.id);
          return run?.status;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe('succeeded');
    expect(run!.worker).toBe(`${os.hostname()}:${worker!.pid}`);
    expect(run!.nodes).toBe(7);
    const top = (await api.get(`/api/v1/w/${ws}/network/influencers?sort=pagerank&limit=2`)).body.influencers;
    expect(top.map((i: { author: { handle: string } }) => i.author.handle)).toEqual(['star', 'fan1']);
    expect(top[0].author.influence).toBeGreaterThan(60);
    expect(output).not.toMatch(/network run failed/);
  }, 90_000);
});
