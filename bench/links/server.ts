/**
 * One server of bench/links, in its own process (so the load generator does not share its core):
 * `bare` is a Fastify route answering a 302 like the redirect does; `all` is Sotong with every role
 * (embedded store); `links` is `--roles=links,worker` (the redirect alone, plus the click writer);
 * `pg-nats` is `--roles=links,worker` on PostgreSQL (a fresh database on 127.0.0.1:5432) and NATS JetStream
 * (127.0.0.1:4222, a stream of its own), the scale-out set-up where the store is not in the Node process;
 * `split` is `--roles=links` alone in a process of its own on PostgreSQL + NATS, with the worker (the click
 * writer) in another process.
 * Prints one JSON line {url, path, linkId} once ready; on SIGTERM prints {stored} (clicks written) and exits.
 */
import crypto from 'node:crypto';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { startTestServer } from '../../test/support/server.js';
import { ApiClient } from '../../test/support/client.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';

const mode = process.argv[2] as 'bare' | 'all' | 'links' | 'pg-nats' | 'split' | 'links-only';

if (mode === 'links-only') {
  const { loadConfig } = await import('../../src/config.js');
  const { startRuntime } = await import('../../src/app/runtime.js');
  const { silentLogger } = await import('../../src/platform/log/log.js');
  const env = JSON.parse(process.env.BENCH_ENV ?? '{}') as Record<string, string>;
  const runtime = await startRuntime(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }), { roles: new Set(['links']), demo: false, logger: silentLogger, announce: () => undefined });
  console.log(JSON.stringify({ url: runtime.url }));
  process.once('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
} else if (mode === 'bare') {
  const app = Fastify();
  app.get('/l/:code', async (req, reply) => reply.status(302).header('cache-control', 'no-store').header('location', `https://bank.example/landing?utm_source=x&sotong_cid=${crypto.randomUUID()}`).send());
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ url, path: '/l/abcdefgh' }));
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
} else {
  // The link is made through a full server first (the links role serves no API), then the role asked for runs on the same data.
  const tdb = mode === 'pg-nats' || mode === 'split' ? await createTestDatabase() : undefined;
  const env: Record<string, string> = tdb ? { DATABASE_URL: tdb.url, NATS_URL: 'nats://127.0.0.1:4222', SOTONG_NATS_STREAM: `benchlinks${process.pid}` } : {};
  const setup = await startTestServer({ roles: ['web', 'worker', 'scheduler', 'links'], env });
  const c = new ApiClient(setup.url);
  await c.login(setup.admin.email, setup.admin.password);
  const link = (await c.post(`/api/v1/w/${setup.admin.workspaceId}/links`, { url: 'https://bank.example/landing', campaign: 'bench', channel: 'x' })).body.link;
  let server = setup;
  if (mode === 'links' || mode === 'pg-nats') {
    const { loadConfig } = await import('../../src/config.js');
    const { startRuntime } = await import('../../src/app/runtime.js');
    const { silentLogger } = await import('../../src/platform/log/log.js');
    const dataDir = setup.dataDir;
    await setup.runtime.stop();
    const runtime = await startRuntime(loadConfig({ SOTONG_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }), {
      roles: new Set(['links', 'worker']),
      demo: false,
      logger: silentLogger,
      announce: () => undefined,
    });
    server = { ...setup, url: runtime.url!, runtime };
  }
  let redirectUrl = server.url;
  let apart: import('node:child_process').ChildProcess | undefined;
  if (mode === 'split') {
    const { spawn } = await import('node:child_process');
    const readline = await import('node:readline');
    apart = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, 'links-only'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_ENV: JSON.stringify({ ...env, SOTONG_DATA_DIR: `${setup.dataDir}-links` }) },
    });
    const first = await readline.createInterface({ input: apart.stdout! })[Symbol.asyncIterator]().next();
    redirectUrl = (JSON.parse(first.value as string) as { url: string }).url;
  }
  console.log(JSON.stringify({ url: redirectUrl, path: `/l/${link.code}`, linkId: link.id }));
  process.once('SIGTERM', async () => {
    if (apart) {
      const exited = new Promise((r) => apart!.once('exit', r));
      apart.kill('SIGTERM');
      await exited;
    }
    // Let the writer finish what was published.
    let stored = -1;
    for (let i = 0; i < 100; i++) {
      const r = await sql<{ n: string }>`select count(*) as n from link_clicks where link_id = ${link.id}`.execute(server.runtime.services.store.db);
      const n = Number(r.rows[0]!.n);
      if (n === stored) break;
      stored = n;
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(JSON.stringify({ stored }));
    await server.runtime.stop();
    await tdb?.drop();
    process.exit(0);
  });
}
