/**
 * bench/links: redirects per second and latency of GET /l/:code, against a bare Fastify route answering
 * the same 302, measured in the same run. Each server runs in its own process; autocannon runs here.
 * Also checks that every answered redirect became a stored click (none lost under load).
 * Run: npx tsx bench/links/run.ts [--seconds 10] [--connections 10] [--cases all,links,pg-nats,split] (bare always)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, cases: { type: 'string', default: 'all,links,pg-nats,split' } } });
const duration = Number(values.seconds);
const connections = Number(values.connections);
const here = path.dirname(fileURLToPath(import.meta.url));

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  answered: number;
  stored?: number;
}

function start(mode: string): Promise<{ child: ChildProcess; ready: { url: string; path: string }; lines: AsyncIterator<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'server.ts'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return lines.next().then((l) => ({ child, ready: JSON.parse(l.value as string), lines }));
}

async function measure(name: string, mode: string): Promise<Figures> {
  const { child, ready, lines } = await start(mode);
  const url = ready.url + ready.path;
  const opts = { url, connections, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0 Safari/537.36' } };
  const warm = await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration });
  const redirects = (x: autocannon.Result) => (x.statusCodeStats as Record<string, { count: number }> | undefined)?.['302']?.count ?? 0;
  const total = redirects(warm) + redirects(r);
  child.kill('SIGTERM');
  let stored: number | undefined;
  for (let l = await lines.next(); !l.done; l = await lines.next()) {
    const msg = JSON.parse(l.value as string) as { stored?: number };
    if (msg.stored !== undefined) stored = msg.stored;
  }
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx - redirects(r), answered: total, ...(stored !== undefined ? { stored } : {}) };
}

const load = os.loadavg();
const CASES: Array<[string, string]> = [
  ['bare', 'bare Fastify 302 route'],
  ['all', 'Sotong, all roles (embedded), /l/:code'],
  ['links', 'Sotong --roles=links,worker (embedded), /l/:code'],
  ['pg-nats', 'Sotong --roles=links,worker (PostgreSQL + NATS), /l/:code'],
  ['split', 'Sotong --roles=links alone, worker in another process (PostgreSQL + NATS), /l/:code'],
];
const wanted = values.cases.split(',');
const results: Figures[] = [];
for (const [mode, name] of CASES) if (mode === 'bare' || wanted.includes(mode)) results.push(await measure(name, mode));
const base = results[0]!;
console.log(`\n${duration}s per run (after 2 s warm-up), ${connections} connections, ${os.cpus().length} cores, load average before ${load.map((x) => x.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);
console.log('| case | redirects/s | p50 ms | p99 ms | errors | vs bare | answered | clicks stored |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${(r.rps / base.rps).toFixed(3)} | ${r.answered} | ${r.stored ?? '—'} |`);
