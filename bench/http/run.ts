/**
 * bench/http: requests/s and latency of an authenticated API read (GET /api/v1/w/:ws/users with a
 * session cookie) on the embedded store and on PostgreSQL, beside a bare Fastify route measured in
 * the same run. Run: npx tsx bench/http/run.ts [--seconds 10] [--connections 20]
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { startTestServer } from '../../test/support/server.js';
import { ApiClient } from '../../test/support/client.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' } } });
const duration = Number(values.seconds);
const connections = Number(values.connections);

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<Figures> {
  // Warm up, then measure.
  await autocannon({ url, connections, duration: 2, headers });
  const r = await autocannon({ url, connections, duration, headers });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

async function bare(): Promise<Figures> {
  const app = Fastify();
  app.get('/ping', async () => ({ users: [{ id: '1', email: 'a@b.c', name: 'A', role: 'admin' }] }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await load('bare Fastify route', `${url}/ping`);
  } finally {
    await app.close();
  }
}

async function sotong(store: 'pglite' | 'postgres'): Promise<Figures> {
  const server = await startTestServer({ store });
  try {
    const c = new ApiClient(server.url);
    await c.login(server.admin.email, server.admin.password);
    const me = await c.get('/api/v1/auth/me');
    const cookie = `sotong_session=${(c as unknown as { cookies: Map<string, string> }).cookies.get('sotong_session')}`;
    if (me.status !== 200) throw new Error('login failed');
    return await load(`Sotong authenticated read (${store})`, `${server.url}/api/v1/w/${server.admin.workspaceId}/users`, { cookie });
  } finally {
    await server.close();
  }
}

const base = await bare();
const results = [base, await sotong('pglite'), await sotong('postgres')];
console.log(`\n${duration}s per run, ${connections} connections, ${new Date().toISOString()}`);
console.log('| case | requests/s | p50 ms | p99 ms | errors | vs bare |');
console.log('|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${(r.rps / base.rps).toFixed(3)} |`);
