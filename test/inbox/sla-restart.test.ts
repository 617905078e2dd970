import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { fromAdapters } from '../../src/channels/registry.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, TEST_NATS_URL, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { ApiClient } from '../support/client.js';
import { sign } from '../support/test-channel.js';
import { inboxChannel } from './channel.js';

const clock = new ManualClock('2026-11-23T01:00:00Z');
const chan = inboxChannel('restartchan');
let tdb: TestDatabase;
let dataDir: string;
let env: Record<string, string>;
const runtimes: Runtime[] = [];

const start = async () => {
  const rt = await startRuntime(loadConfig(env), { roles: new Set(['web', 'worker']), demo: true, demoRate: 0, demoHistoryDays: 0, logger: silentLogger, announce: () => undefined, clock, adapters: fromAdapters([chan]) });
  runtimes.push(rt);
  return rt;
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-sla-'));
  env = {
    DATABASE_URL: tdb.url,
    NATS_URL: TEST_NATS_URL,
    SOTONG_NATS_STREAM: `inbox_${crypto.randomBytes(4).toString('hex')}`,
    SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
    SOTONG_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  };
});
afterAll(async () => {
  for (const rt of runtimes) await rt.stop().catch(() => undefined);
  await tdb.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('SLA timers on PostgreSQL + NATS JetStream', () => {
  it('survive a restart: another runtime on the same database declares the breach and escalates', async () => {
    const first = await start();
    const login = first.demoLogin!;
    const api = new ApiClient(first.url!);
    await api.login(login.email, login.password);
    const ws = login.workspaceId;
    const acc = await api.post(`/api/v1/w/${ws}/accounts`, { type: 'restartchan', name: '공식', credentials: { secret: 's' } });
    const body = JSON.stringify({ events: [{ id: 'r1', author: 'oh', text: '적금 해지 문의', at: '2026-11-23T01:00:00Z' }] });
    expect((await fetch(first.url! + acc.body.account.webhookPath, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign('s', body) }, body })).status).toBe(200);
    const db = first.services.store.db;
    await expect.poll(async () => (await db.selectFrom('sla_timers').select('kind').where('workspace_id', '=', ws).execute()).length, { timeout: 10_000 }).toBe(2);
    const conversationId = (await db.selectFrom('conversations').select('id').where('workspace_id', '=', ws).executeTakeFirstOrThrow()).id;
    await first.stop();
    runtimes.length = 0;

    clock.set('2026-11-23T02:00:00Z');
    const second = await start();
    expect(await second.services.inbox.timers.runDue()).toEqual({ warned: 0, breached: 1 });
    const api2 = new ApiClient(second.url!);
    await api2.login(login.email, login.password);
    const c = (await api2.get(`/api/v1/w/${ws}/inbox/conversations/${conversationId}`)).body;
    expect(c.conversation).toMatchObject({ priority: 'high' });
    expect(c.sla.timers.find((t: { kind: string }) => t.kind === 'first_response')).toMatchObject({ state: 'breached', breachedAt: '2026-11-23T02:00:00.000Z' });
    expect(await second.services.inbox.timers.runDue()).toEqual({ warned: 0, breached: 0 });
  }, 60_000);
});
