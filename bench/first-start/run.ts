/**
 * bench/first-start: the memory of the README's first start (`sotong start` on a fresh data folder: the
 * embedded store, every role, the demo workspace with 14 days of history), as a user's machine sees it —
 * the resident set of the one process, sampled every second from /proc, and its peak (VmHWM).
 * Baseline in the same run: the same start with `--no-demo` (an empty installation).
 * Phases: "ready" (the web answers), "history loaded" (the log line of the demo backfill), "settled"
 * (the stored-item count has not moved for 20 s after the history loaded: the pipeline has worked it off),
 * "live" (then --live-minutes of the demo's live feed; the baseline idles as long).
 * Run (built first: `npm run build`): node --import tsx bench/first-start/run.ts [--settle-minutes 20] [--live-minutes 5]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'settle-minutes': { type: 'string', default: '20' }, 'live-minutes': { type: 'string', default: '5' } } });
const SETTLE_LIMIT_MS = Number(values['settle-minutes']) * 60_000;
const LIVE_MS = Number(values['live-minutes']) * 60_000;
const BIN = path.resolve(import.meta.dirname, '../../bin/sotong.js');

interface Proc {
  rssMb: number;
  peakMb: number;
}

function readProc(pid: number): Proc | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

interface Run {
  readyS: number;
  readyRssMb: number;
  historyS?: number;
  historyRssMb?: number;
  settledS?: number;
  settledRssMb?: number;
  items?: number;
  liveRssMb?: number;
  liveItems?: number;
  peakMb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Items stored: the search's count per day (each under its 10,000 cap) over the last 16 days, summed. */
async function count(base: string, cookie: string, ws: string): Promise<number | undefined> {
  let sum = 0;
  const day = 86_400_000;
  for (let i = 0; i < 16; i++) {
    const to = new Date(Date.now() + day - i * day).toISOString();
    const from = new Date(Date.now() - i * day).toISOString();
    const r = await fetch(`${base}/api/v1/w/${ws}/listening/search?limit=1&from=${from}&to=${to}`, { headers: { cookie } }).catch(() => undefined);
    if (!r?.ok) return undefined;
    sum += ((await r.json()) as { total?: number | null }).total ?? 0;
  }
  return sum;
}

async function login(base: string, email: string, password: string): Promise<{ cookie: string; ws: string }> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!r.ok) throw new Error(`login ${r.status}`);
  const cookie = (r.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const me = (await (await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } })).json()) as { workspaces: Array<{ id: string }> };
  return { cookie, ws: me.workspaces[0]?.id ?? '' };
}

async function once(demo: boolean, port: number): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-first-'));
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start', ...(demo ? [] : ['--no-demo'])], {
    env: { ...process.env, PORT: String(port), SOTONG_DATA_DIR: dir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid as number;
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const secs = () => Math.round((Date.now() - t0) / 100) / 10;
  let peakMb = 0;
  const sample = () => {
    const p = readProc(pid);
    if (p) peakMb = Math.max(peakMb, p.peakMb);
    return p?.rssMb ?? 0;
  };
  const timer = setInterval(sample, 1000);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`sotong exited ${child.exitCode}:\n${out.slice(-2000)}`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(250);
    }
    const run: Run = { readyS: secs(), readyRssMb: sample(), peakMb: 0 };
    if (!demo) {
      await sleep(30_000); // the same settling time after start as the demo's history takes at least
      run.settledS = secs();
      run.settledRssMb = sample();
    } else {
      for (; !out.includes('demo history loaded'); await sleep(500)) {
        if (child.exitCode !== null) throw new Error(`sotong exited ${child.exitCode}`);
        if (Date.now() - t0 > SETTLE_LIMIT_MS) throw new Error('no "demo history loaded" line');
      }
      run.historyS = secs();
      run.historyRssMb = sample();
      const m = /Log in as (\S+) with password (\S+)/.exec(out);
      if (!m) throw new Error('no demo login printed');
      const { cookie, ws } = await login(base, m[1] as string, m[2] as string);
      let last = -1;
      let still = Date.now();
      for (; Date.now() - t0 < SETTLE_LIMIT_MS; await sleep(2000)) {
        const n = (await count(base, cookie, ws)) ?? -1;
        if (n !== last) [last, still] = [n, Date.now()];
        else if (Date.now() - still >= 20_000) break;
      }
      run.settledS = secs();
      run.settledRssMb = sample();
      run.items = last;
      await sleep(LIVE_MS);
      run.liveRssMb = sample();
      run.liveItems = await count(base, cookie, ws);
    }
    if (!demo) {
      await sleep(LIVE_MS);
      run.liveRssMb = sample();
    }
    sample();
    run.peakMb = peakMb;
    return run;
  } finally {
    clearInterval(timer);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n)} MB`);
const base = await once(false, 18_931);
const demo = await once(true, 18_932);
console.log(`machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]?.toFixed(1)}; ${new Date().toISOString()}`);
const live = `${values['live-minutes']} min later`;
console.log(`| start | ready after | RSS ready | RSS history loaded (after) | RSS settled (after) | items stored | RSS ${live} | items stored | peak RSS |`);
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(`| --no-demo (baseline) | ${base.readyS} s | ${mb(base.readyRssMb)} | – | ${mb(base.settledRssMb)} (${base.settledS} s) | – | ${mb(base.liveRssMb)} | – | ${mb(base.peakMb)} |`);
console.log(
  `| demo | ${demo.readyS} s | ${mb(demo.readyRssMb)} | ${mb(demo.historyRssMb)} (${demo.historyS} s) | ${mb(demo.settledRssMb)} (${demo.settledS} s) | ${demo.items} | ${mb(demo.liveRssMb)} | ${demo.liveItems} | ${mb(demo.peakMb)} |`,
);
console.log(`ratio demo/baseline: ${live} ×${((demo.liveRssMb ?? 0) / (base.liveRssMb || 1)).toFixed(2)}, peak ×${(demo.peakMb / (base.peakMb || 1)).toFixed(2)}`);
