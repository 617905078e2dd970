import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { fuzzArb, paramArb, poisonedArb, type Schema } from './schema-arbitrary.js';

/**
 * Schema-driven fuzzing of every route in the OpenAPI document: for each operation, inputs made
 * from its own JSON schemas (path params, query, body), some valid, some hostile (NUL, lone
 * surrogates, extreme dates and numbers, wrong types, deep nesting), sent as the workspace admin.
 * Nothing may answer 5xx and the process must stay up. A fixed seed runs every time, plus a fresh
 * one per run; a failure prints both, and SOTONG_FUZZ_SEED=<n> replays one.
 */
const FIXED_SEED = 14;
const RUN_SEED = process.env.SOTONG_FUZZ_SEED ? Number(process.env.SOTONG_FUZZ_SEED) : (Date.now() ^ (process.pid << 8)) >>> 0;
const CASES_PER_ROUTE = 10;
/** PostgreSQL by default (it refuses NUL and out-of-range dates where PGlite may not); SOTONG_FUZZ_STORE=pglite for the embedded one. */
const STORE = process.env.SOTONG_FUZZ_STORE === 'pglite' ? 'pglite' : 'postgres';
/** The run seed's share stops once the whole test has run this long. */
const BUDGET_MS = 75_000;

/** Routes left out, each for a reason: they end the fuzzer's own session or would send traffic out. */
const SKIP: Array<[RegExp, string]> = [
  [/^POST \/api\/v1\/auth\/logout$/, 'ends the fuzzing session'],
  [/^POST \/api\/v1\/auth\/password$/, 'a lucky valid body would end the session'],
  [/\/(test|send)$/, 'delivers mail or webhooks to the address in the body'],
];

interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }>;
  body?: Schema;
}

interface Case {
  path: Record<string, string>;
  pathPick: Record<string, number>;
  query: Record<string, string>;
  body: unknown;
  raw?: string;
}

/** Raw bodies no schema would produce: deep nesting, numbers past double, prototype keys. */
const RAW_BODIES = [
  '['.repeat(5000) + ']'.repeat(5000),
  '{"settings":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}',
  '{"a":1e999}',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
  '{"name":"a\\u0000b","q":"\\ud800"}',
  '"\\u0000"',
  'null',
];

let server: TestServer;
let admin: ApiClient;
let ops: Operation[];
const idPool: string[] = [];

beforeAll(async () => {
  // The web role only: no worker polls or delivers to what the fuzzer configures.
  server = await startTestServer({ roles: ['web'], store: STORE });
  admin = new ApiClient(server.url);
  expect((await admin.login(server.admin.email, server.admin.password)).status).toBe(200);
  const doc = (await admin.get('/docs/json')).body as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema: Schema }> } }>> };
  ops = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      ops.push({ method: m.toUpperCase(), path: p, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
}, 120_000);

afterAll(async () => server?.close());

function collectIds(value: unknown): void {
  const s = JSON.stringify(value) ?? '';
  for (const m of s.matchAll(/"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/g)) if (!idPool.includes(m[1]!) && idPool.length < 400) idPool.push(m[1]!);
}

function caseArb(op: Operation): fc.Arbitrary<Case> {
  const pathArbs: Record<string, fc.Arbitrary<string>> = {};
  const pickArbs: Record<string, fc.Arbitrary<number>> = {};
  const queryArbs: Record<string, fc.Arbitrary<string>> = {};
  const requiredQuery: string[] = [];
  for (const p of op.params) {
    if (p.in === 'path') {
      pathArbs[p.name] = paramArb(p.schema);
      pickArbs[p.name] = fc.nat(99);
    } else if (p.in === 'query') {
      queryArbs[p.name] = fc.oneof(
        paramArb(p.schema),
        poisonedArb(p.schema).map((v) => (typeof v === 'string' ? v : String(v))),
      );
      if (p.required) requiredQuery.push(p.name);
    }
  }
  return fc.record({
    path: fc.record(pathArbs),
    pathPick: fc.record(pickArbs),
    query: fc.record(queryArbs, { requiredKeys: requiredQuery }),
    body: op.body ? fuzzArb(op.body) : fc.constant(undefined),
    raw: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) }),
  }) as fc.Arbitrary<Case>;
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate goes out as its raw 3 bytes (as a hostile client would send it). */
function encodeHostile(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const isHigh = c >= 0xd800 && c <= 0xdbff;
    const next = v.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(v.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(v[i]!);
  }
  return out;
}

function urlOf(op: Operation, c: Case): string {
  let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const pick = c.pathPick[name] ?? 0;
    let v = c.path[name] ?? 'x';
    // Mostly the real workspace and ids seen in earlier answers, so handlers run past the lookup.
    if (name === 'workspaceId' && pick < 85) v = server.admin.workspaceId;
    else if (name !== 'workspaceId' && pick < 60 && idPool.length) v = idPool[pick % idPool.length]!;
    return encodeHostile(v);
  });
  const qs = Object.entries(c.query)
    .map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`)
    .join('&');
  if (qs) url += `?${qs}`;
  return url;
}

async function send(op: Operation, c: Case): Promise<{ status: number; url: string; sent: string | undefined }> {
  const url = urlOf(op, c);
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(op.method) || (op.method === 'DELETE' && op.body !== undefined);
  const sent = hasBody ? (c.raw ?? JSON.stringify(c.body ?? {})) : undefined;
  // Event streams answer their headers and stay open; others must answer in full.
  const timeout = /\/(live|events)$/.test(op.path) ? 300 : 15_000;
  let r = await admin.request(op.method, url, sent, {}, timeout);
  if (r.status === 401 && !op.path.startsWith('/api/v1/auth/login')) {
    // Something the fuzzer did ended the session (say, removed a token); log in again and retry once.
    await admin.login(server.admin.email, server.admin.password);
    r = await admin.request(op.method, url, sent, {}, timeout);
  }
  if (r.status < 500) collectIds(r.body);
  return { status: r.status, url, sent };
}

describe('fuzzing every route of the OpenAPI document', () => {
  it('answers no input with 5xx and stays up', async () => {
    const started = Date.now();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sentCount = 0;
    // Lists first, so later routes can use real ids.
    const ordered = [...ops.filter((o) => o.method === 'GET'), ...ops.filter((o) => o.method !== 'GET')];
    const skipped = ordered.filter((o) => SKIP.some(([re]) => re.test(`${o.method} ${o.path}`)));
    expect(ops.length).toBeGreaterThan(100);
    expect(skipped.length).toBeLessThan(8);
    // The fixed seed covers every route in full; this run's seed goes on while the budget lasts.
    for (const seed of [FIXED_SEED, RUN_SEED]) {
      for (const [i, op] of ordered.entries()) {
        if (skipped.includes(op)) continue;
        if (seed === RUN_SEED && Date.now() - started > BUDGET_MS) break;
        const cases = fc.sample(caseArb(op), { seed: seed + i, numRuns: CASES_PER_ROUTE });
        for (const c of cases) {
          let r: Awaited<ReturnType<typeof send>>;
          try {
            r = await send(op, c);
          } catch (err) {
            failures.push(`no answer: ${op.method} ${op.path}: ${String(err)}`);
            continue;
          }
          sentCount++;
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status >= 500) failures.push(`${r.status} ${op.method} ${r.url} body=${(r.sent ?? '').slice(0, 300)}`);
        }
      }
    }
    const health = await fetch(`${server.url}/healthz`);
    const summary = `seeds: fixed ${FIXED_SEED}, this run ${RUN_SEED} (replay with SOTONG_FUZZ_SEED=${RUN_SEED}); ${sentCount} requests in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`;
    console.log(summary);
    if (failures.length) console.error(failures.slice(0, 40).join('\n'));
    expect(health.status).toBe(200);
    expect(failures, summary).toEqual([]);
    // The fuzzer reached the handlers, not only the validator.
    expect([...statuses.entries()].filter(([s]) => s >= 200 && s < 300).reduce((a, [, n]) => a + n, 0)).toBeGreaterThan(100);
    expect(sentCount).toBeGreaterThanOrEqual((ordered.length - skipped.length) * CASES_PER_ROUTE);
  }, 180_000);
});
