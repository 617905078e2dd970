/**
 * bench/inbox: the unified inbox at scale on PostgreSQL. Generates 1,000,000 conversations and
 * 5,000,000 items with SQL (bench/inbox/generate.ts), then measures through the HTTP API:
 * - listing a queue page (several queue filters) and opening a conversation: p50/p95;
 * - webhook receipt → the agent's screen (the SSE `conversation` event) under a steady load of
 *   --rate items/s for --seconds: p50/p95.
 * Run: npx tsx bench/inbox/run.ts [--conversations 1000000] [--items 5] [--rate 1000] [--seconds 30] [--samples 200]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/app/runtime.js';
import { ALL_ROLES, type ProcessRole } from '../../src/app/roles.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase, TEST_PG_URL } from '../../src/platform/testing/postgres.js';
import { DEMO_ADMIN_EMAIL } from '../../src/app/demo.js';
import { hashPassword } from '../../src/modules/identity/passwords.js';
import { ApiClient } from '../../test/support/client.js';
import { signedDelivery } from '../../test/support/webhook-sender.js';
import { generate, seqUuid } from './generate.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000000' },
    items: { type: 'string', default: '5' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    samples: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    db: { type: 'string' },
    rules: { type: 'boolean', default: false },
    roles: { type: 'string', default: 'web,worker,scheduler' },
  },
});
const N = Number(values.conversations);
const K = Number(values.items);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const SAMPLES = Number(values.samples);
const SECRET = 'bench-inbox-signing-secret-0123456789';
const RUN = crypto.randomBytes(3).toString('hex');
const log = (line: string) => process.stdout.write(`${line}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  // --db NAME reuses a database kept by an earlier run (--keep): no generation, the admin's password reset.
  const tdb = values.db ? { name: values.db, url: Object.assign(new URL(TEST_PG_URL), { pathname: `/${values.db}` }).toString(), drop: async () => undefined } : await createTestDatabase('sotong_bench_inbox');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-inbox-'));
  const env: Record<string, string> = { DATABASE_URL: tdb.url, SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'), SOTONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' };
  if (values.db) env.SOTONG_SECRET_KEY = fs.readFileSync(path.join(os.tmpdir(), `${values.db}.key`), 'utf8');
  else fs.writeFileSync(path.join(os.tmpdir(), `${tdb.name}.key`), env.SOTONG_SECRET_KEY!);
  const rt = await startRuntime(loadConfig(env), {
    roles: new Set(values.roles!.split(',').filter((r): r is ProcessRole => (ALL_ROLES as readonly string[]).includes(r))),
    demo: true,
    demoRate: 0,
    demoHistoryDays: 0,
    logger: silentLogger,
    announce: () => undefined,
  });
  try {
    const db = rt.services.store.db;
    let login = rt.demoLogin;
    if (!login) {
      const admin = await db.selectFrom('users').select(['id', 'email']).where('email', '=', DEMO_ADMIN_EMAIL).executeTakeFirstOrThrow();
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword('bench admin password') })
        .where('id', '=', admin.id)
        .execute();
      const m = await db.selectFrom('memberships').select('workspace_id').where('user_id', '=', admin.id).executeTakeFirstOrThrow();
      login = { email: admin.email, password: 'bench admin password', workspaceId: m.workspace_id };
    }
    const api = new ApiClient(rt.url!);
    await api.login(login.email, login.password);
    const ws = login.workspaceId;
    const base = `/api/v1/w/${ws}/inbox`;
    const existing = await db.selectFrom('channel_accounts').select('id').where('workspace_id', '=', ws).where('name', '=', 'bench').executeTakeFirst();
    const acc = existing ? await api.get(`/api/v1/w/${ws}/accounts/${existing.id}`) : await api.post(`/api/v1/w/${ws}/accounts`, { type: 'webhook', name: 'bench', credentials: { signingSecret: SECRET } });
    const hook = rt.url! + acc.body.account.webhookPath;

    let gen: { teamIds: string[]; agentIds: string[] };
    if (values.db) {
      gen = {
        teamIds: (await db.selectFrom('teams').select('id').where('workspace_id', '=', ws).execute()).map((t: { id: string }) => t.id),
        agentIds: (await db.selectFrom('agents').select('user_id').where('workspace_id', '=', ws).execute()).map((a: { user_id: string }) => a.user_id),
      };
    } else {
      log(`Generating ${N.toLocaleString('en')} conversations and ${(N * K).toLocaleString('en')} items in ${tdb.name}:`);
      const g = await generate({
        url: tdb.url,
        workspaceId: ws,
        accountId: acc.body.account.id,
        channel: 'webhook',
        conversations: N,
        itemsPerConversation: K,
        customers: Math.max(1, Math.floor(N / 5)),
        teams: 5,
        agents: 20,
        now: new Date(),
        log,
      });
      log(`generated in ${g.seconds.toFixed(0)} s`);
      gen = g;
    }

    // ---- queue pages and opening a conversation ----
    const timed = async (url: string) => {
      const t = performance.now();
      const r = await api.get(url);
      const d = performance.now() - t;
      if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return { d, body: r.body };
    };
    const firstPage = (await timed(`${base}/conversations?limit=50`)).body;
    const queues: Array<[string, (i: number) => string]> = [
      ['all, newest first', () => `${base}/conversations?limit=50`],
      ['all, page 2 (before=)', () => `${base}/conversations?limit=50&before=${encodeURIComponent(firstPage.nextBefore)}`],
      ['open', () => `${base}/conversations?status=open&limit=50`],
      ['open + pending', () => `${base}/conversations?status=open&status=pending&limit=50`],
      ['an agent’s open', (i) => `${base}/conversations?status=open&assignee=${gen.agentIds[i % gen.agentIds.length]}&limit=50`],
      ['a team’s unassigned open', (i) => `${base}/conversations?status=open&assignee=unassigned&teamId=${gen.teamIds[i % gen.teamIds.length]}&limit=50`],
      ['urgent open', () => `${base}/conversations?status=open&priority=urgent&limit=50`],
      ['tag vip', () => `${base}/conversations?tag=vip&status=open&limit=50`],
    ];
    const rows: Array<[string, number, number]> = [];
    for (const [name, url] of queues) {
      for (let i = 0; i < 10; i++) await timed(url(i));
      const ds: number[] = [];
      for (let i = 0; i < SAMPLES; i++) ds.push((await timed(url(i))).d);
      rows.push([`list: ${name}`, pct(ds, 50), pct(ds, 95)]);
    }
    const open: number[] = [];
    for (let i = 0; i < 10 + SAMPLES; i++) {
      const g = 1 + Math.floor(Math.random() * N);
      const { d, body } = await timed(`${base}/conversations/${seqUuid(1, g)}`);
      if (body.thread.length !== K) throw new Error(`conversation ${g}: ${body.thread.length} thread entries`);
      if (i >= 10) open.push(d);
    }
    rows.push(['open a conversation (thread, history, live SLA)', pct(open, 50), pct(open, 95)]);
    log('\n| request (HTTP API, sequential) | p50 | p95 |\n|---|---|---|');
    for (const [name, p50, p95] of rows) log(`| ${name} | ${ms(p50)} | ${ms(p95)} |`);

    if (SECONDS <= 0) return;
    if (values.rules) {
      // Typical routing: keywords to a team with assignment, reach to priority, tags; every routed conversation is audited.
      const mk = (body: unknown) => api.post(`${base}/rules`, body);
      await mk({
        name: '카드 결제',
        conditions: { all: [{ field: 'text', op: 'contains', value: ['결제', '카드'] }] },
        actions: [
          { type: 'set_team', teamId: gen.teamIds[0] },
          { type: 'assign_strategy', strategy: 'least_loaded' },
          { type: 'add_tags', tags: ['카드'] },
        ],
      });
      await mk({
        name: '환불 요청',
        conditions: { all: [{ field: 'text', op: 'contains', value: '환불' }] },
        actions: [
          { type: 'set_priority', priority: 'high' },
          { type: 'add_tags', tags: ['환불'] },
        ],
      });
      await mk({
        name: '영향력 큰 고객',
        conditions: {
          any: [
            { field: 'author.followers', op: 'gte', value: 10000 },
            { field: 'author.vip', op: 'equals', value: true },
          ],
        },
        actions: [{ type: 'set_priority', priority: 'urgent' }],
      });
      log('\nrouting rules: 3 (keywords → team + least-loaded assignment + tags; keyword → priority; reach/VIP → priority)');
    }
    // ---- webhook → SSE under load ----
    const token = (await api.post(`/api/v1/w/${ws}/tokens`, { name: 'bench-sse', scopes: ['read'] })).body.secret;
    const ctrl = new AbortController();
    const sse = await fetch(`${rt.url}${base}/events`, { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal });
    const seen = new Map<string, number>();
    void (async () => {
      const reader = sse.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const now = performance.now();
          buf += dec.decode(value, { stream: true });
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const m = /^event: conversation\ndata: (.*)$/m.exec(frame);
            if (!m) continue;
            const e = JSON.parse(m[1]!) as { itemId?: string };
            if (e.itemId && !seen.has(e.itemId)) seen.set(e.itemId, now);
          }
        }
      } catch {
        /* aborted */
      }
    })();
    const ingestedAt = new Map<string, number>();
    const ingestSub = await rt.services.bus.subscribe<{ items: Array<{ nativeId: string }> }>('item.ingested', (m) => {
      const now = performance.now();
      for (const it of m.data.items) if (!ingestedAt.has(it.nativeId)) ingestedAt.set(it.nativeId, now);
    });
    const BATCH = 50;
    const perSecond = RATE / BATCH;
    const sentAt = new Map<string, number>();
    const threads: string[] = [];
    let n = 0;
    const started = performance.now();
    const inflight: Array<Promise<void>> = [];
    for (let d = 0; d < perSecond * SECONDS; d++) {
      const due = started + (d * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const events = Array.from({ length: BATCH }, () => {
        const id = `live-${RUN}-${n++}`;
        // 70 % new conversations, 30 % a follow-up in a thread of this run.
        const follow = threads.length > 100 && Math.random() < 0.3 ? threads[Math.floor(Math.random() * threads.length)]! : undefined;
        const author = follow ? follow.split('|')[1]! : `live-cust-${RUN}-${n}`;
        if (!follow) threads.push(`${id}|${author}`);
        return {
          id,
          type: follow ? 'reply' : 'post',
          author: { id: author, handle: author },
          text: `한빛카드 해외결제가 자꾸 거절돼요 환불 부탁드립니다 ${id}`,
          createdAt: new Date().toISOString(),
          ...(follow ? { parentId: follow.split('|')[0]!, threadId: follow.split('|')[0]! } : {}),
        };
      });
      const body = JSON.stringify({ events });
      const t = performance.now();
      for (const e of events) sentAt.set(e.id, t);
      inflight.push(
        fetch(hook, { method: 'POST', headers: signedDelivery(SECRET, body), body }).then(async (r) => {
          if (r.status !== 200) throw new Error(`delivery: ${r.status} ${await r.text()}`);
        }),
      );
    }
    await Promise.all(inflight);
    const sendSeconds = (performance.now() - started) / 1000;
    const total = sentAt.size;
    const deadline = performance.now() + 120_000;
    while (seen.size < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const drainSeconds = (performance.now() - started) / 1000;
    ctrl.abort();
    const ids = await db.selectFrom('items').select(['id', 'native_id']).where('workspace_id', '=', ws).where('native_id', 'like', `live-${RUN}-%`).execute();
    const lat: number[] = [];
    for (const r of ids as Array<{ id: string; native_id: string }>) {
      const s = seen.get(r.id);
      const t = sentAt.get(r.native_id);
      if (s !== undefined && t !== undefined) lat.push(s - t);
    }
    log(
      `\nwebhook → SSE \`conversation\` event: ${total.toLocaleString('en')} items offered at ${RATE}/s in batches of ${BATCH} (${(total / sendSeconds).toFixed(0)}/s achieved), ${lat.length.toLocaleString('en')} seen on the stream after ${drainSeconds.toFixed(1)} s`,
    );
    log(`| p50 | p95 | p99 | max |\n|---|---|---|---|\n| ${ms(pct(lat, 50))} | ${ms(pct(lat, 95))} | ${ms(pct(lat, 99))} | ${ms(Math.max(...lat))} |`);
    const toIngest = [...sentAt].map(([id, t]) => (ingestedAt.get(id) ?? NaN) - t).filter((x) => !Number.isNaN(x));
    log(`of which webhook → item.ingested: p50 ${ms(pct(toIngest, 50))}, p95 ${ms(pct(toIngest, 95))}`);
    await ingestSub.close();
    const routed = await db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', ws)
      .where('routed_at', 'is not', null)
      .where('thread_key', 'like', `%live-${RUN}-%`)
      .executeTakeFirst();
    log(`conversations routed from the run: ${Number(routed?.n ?? 0).toLocaleString('en')}`);
  } finally {
    await rt.stop();
    if (!values.keep) await tdb.drop();
    else log(`kept database ${tdb.name}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
