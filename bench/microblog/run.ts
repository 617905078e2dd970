/**
 * bench/microblog: the microblog at scale on PostgreSQL. Generates --people employees and --posts posts
 * with SQL (10% carry one of 200 hashtags, 1/200 of the tagged posts each), lets the measured person follow --follows people and two
 * tags, then measures through the Mastodon API (a password-grant token, real HTTP):
 * - home timeline pages (limit 20, random max_id cursors): p50/p95;
 * - the hashtag timeline: p50/p95;
 * - baseline in the same run: the local (public) timeline, one index scan: p50/p95, and home / baseline.
 * - the web tag page (counts, best posts, top contributors, related tags): p50/p95;
 * - streaming: --streams open WebSocket user streams, --stream-posts posts; delivery after the POST p50/p95.
 * Run: npx tsx bench/microblog/run.ts [--people 10000] [--posts 1000000] [--follows 100] [--samples 200] [--streams 1000] [--stream-posts 20]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/app/runtime.js';
import { ALL_ROLES } from '../../src/app/roles.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { createTestDatabase } from '../../src/platform/testing/postgres.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    posts: { type: 'string', default: '1000000' },
    follows: { type: 'string', default: '100' },
    samples: { type: 'string', default: '200' },
    streams: { type: 'string', default: '1000' },
    'stream-posts': { type: 'string', default: '20' },
  },
});
const PEOPLE = Number(values.people);
const POSTS = Number(values.posts);
const FOLLOWS = Number(values.follows);
const SAMPLES = Number(values.samples);
const STREAMS = Number(values.streams);
const STREAM_POSTS = Number(values['stream-posts']);
const log = (line: string) => process.stdout.write(`${line}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

async function main() {
  const tdb = await createTestDatabase('sotong_bench_microblog');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-bench-mb-'));
  const env = { DATABASE_URL: tdb.url, SOTONG_SECRET_KEY: crypto.randomBytes(32).toString('base64'), SOTONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' };
  const rt = await startRuntime(loadConfig(env), { roles: new Set(ALL_ROLES), demo: true, demoRate: 0, demoHistoryDays: 0, logger: silentLogger, announce: () => undefined });
  try {
    const db = rt.services.store.db;
    const login = rt.demoLogin!;
    const ws = login.workspaceId;
    const url = rt.url!;
    const t0 = Date.now();
    await sql`insert into mb_people (workspace_id, user_id, username, display_name, department, title, extension, active, created_at, updated_at)
      select ${ws}::uuid, null, 'emp' || g, '직원' || g, '부서' || (g % 50), '대리', (1000 + g % 9000)::text, true, now(), now() from generate_series(1, ${PEOPLE}) g`.execute(db);
    const first = Number((await sql<{ id: number }>`select min(id)::int as id from mb_people where workspace_id = ${ws}::uuid`.execute(db)).rows[0]!.id);
    await sql`insert into mb_posts (workspace_id, author_id, text, spoiler, visibility, state, lemmas, replies_count, reblogs_count, favourites_count, created_at)
      select ${ws}::uuid, ${first} + ((g::bigint * 7919) % ${PEOPLE})::int, '업무 공유 ' || g || case when g % 10 = 0 then ' #주제' || ((g / 10) % 200) else '' end, '', 'public', 'visible', '업무 공유', 0, 0, 0, now() - make_interval(secs => ${POSTS} - g)
      from generate_series(1, ${POSTS}) g`.execute(db);
    await sql`insert into mb_post_tags (workspace_id, post_id, tag, author_id) select workspace_id, id, substring(text from '#(주제[0-9]+)'), author_id from mb_posts where workspace_id = ${ws}::uuid and text like '%#주제%'`.execute(db);
    await sql`analyze`.execute(db);
    log(`generated ${PEOPLE} people, ${POSTS} posts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // The measured person: the demo admin, through a Mastodon client token.
    const app = await (
      await fetch(`${url}/api/v1/apps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'bench', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' }) })
    ).json();
    const tok = await (
      await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: login.email, password: login.password }),
      })
    ).json();
    const auth = { authorization: `Bearer ${tok.access_token}` };
    const me = await (await fetch(`${url}/api/v1/accounts/verify_credentials`, { headers: auth })).json();
    await sql`insert into mb_follows (follower_id, followee_id, created_at) select ${Number(me.id)}, ${first} + (g * 104729) % ${PEOPLE}, now() from generate_series(1, ${FOLLOWS}) g on conflict do nothing`.execute(db);
    await sql`insert into mb_tag_follows (person_id, tag, created_at) values (${Number(me.id)}, '주제10', now()), (${Number(me.id)}, '주제40', now())`.execute(db);
    const maxId = Number((await sql<{ id: number }>`select max(id)::int as id from mb_posts`.execute(db)).rows[0]!.id);

    const measure = async (name: string, path: (cursor: number) => string) => {
      const times: number[] = [];
      let n = 0;
      for (let i = 0; i < SAMPLES + 10; i++) {
        // Mostly the first page (what people open), one in four deeper.
        const cursor = i % 4 === 0 ? Math.floor(maxId - Math.random() * maxId * 0.2) : 0;
        const s = performance.now();
        const r = await fetch(`${url}${path(cursor)}`, { headers: auth });
        const body = (await r.json()) as unknown[];
        const t = performance.now() - s;
        if (r.status !== 200) throw new Error(`${name}: ${r.status}`);
        n += body.length;
        if (i >= 10) times.push(t);
      }
      const p50 = pct(times, 50);
      const p95 = pct(times, 95);
      log(`${name}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${times.length} requests, ${(n / (SAMPLES + 10)).toFixed(1)} posts a page)`);
      return { p50, p95 };
    };
    const q = (c: number) => `limit=20${c ? `&max_id=${c}` : ''}`;
    const base = await measure('baseline: local timeline', (c) => `/api/v1/timelines/public?local=true&${q(c)}`);
    const home = await measure('home timeline', (c) => `/api/v1/timelines/home?${q(c)}`);
    const tag = await measure('hashtag timeline', (c) => `/api/v1/timelines/tag/${encodeURIComponent('주제70')}?${q(c)}`);
    log(`home p95 / local p95 = ${(home.p95 / base.p95).toFixed(2)}; tag p95 / local p95 = ${(tag.p95 / base.p95).toFixed(2)}`);

    // The tag page of the web UI (counts, best posts, top contributors, related tags), signed in as staff.
    const signIn = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login.email, password: login.password }) });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const pageTimes: number[] = [];
    for (let i = 0; i < SAMPLES + 10; i++) {
      const s = performance.now();
      const r = await fetch(`${url}/api/v1/w/${ws}/microblog/tags/${encodeURIComponent(`주제${(i * 37) % 200}`)}`, { headers: { cookie } });
      await r.json();
      if (r.status !== 200) throw new Error(`tag page: ${r.status}`);
      if (i >= 10) pageTimes.push(performance.now() - s);
    }
    const tagPage = { p50: pct(pageTimes, 50), p95: pct(pageTimes, 95) };
    if (process.env.BENCH_DEBUG)
      log(
        `slowest tag pages (request index: ms): ${pageTimes
          .map((t, i) => [i, t] as const)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([i, t]) => `${i}:${t.toFixed(0)}`)
          .join(' ')}`,
      );
    log(`tag page (web): p50 ${tagPage.p50.toFixed(1)} ms, p95 ${tagPage.p95.toFixed(1)} ms (${pageTimes.length} requests over 200 tags); p95 / local p95 = ${(tagPage.p95 / base.p95).toFixed(2)}`);

    // Streaming: STREAMS employees (each their own login, membership and Mastodon token), each following the
    // measured person, each with an open WebSocket user stream; the measured person posts one at a time;
    // delivery = arrival of the update on a stream minus the moment the post was sent.
    await sql`insert into users (id, email, name, password_hash, created_at) select md5('u' || g)::uuid, 'emp' || g || '@bench.test', '직원' || g, null, now() from generate_series(1, ${STREAMS}) g`.execute(db);
    await sql`insert into memberships (workspace_id, user_id, role) select ${ws}::uuid, md5('u' || g)::uuid, 'employee' from generate_series(1, ${STREAMS}) g`.execute(db);
    await sql`update mb_people set user_id = md5('u' || substring(username from 4))::uuid where workspace_id = ${ws}::uuid and username ~ '^emp[0-9]+$' and substring(username from 4)::int <= ${STREAMS}`.execute(db);
    await sql`insert into mb_follows (follower_id, followee_id, created_at) select id, ${Number(me.id)}, now() from mb_people where workspace_id = ${ws}::uuid and user_id is not null and id <> ${Number(me.id)} on conflict do nothing`.execute(
      db,
    );
    const appId = (await sql<{ id: number }>`select id from mastodon_apps where client_id = ${app.client_id}`.execute(db)).rows[0]!.id;
    await sql`insert into mastodon_tokens (token_hash, app_id, workspace_id, user_id, scopes, created_at) select encode(sha256(('benchtok' || g)::bytea), 'hex'), ${appId}, ${ws}::uuid, md5('u' || g)::uuid, 'read write', now() from generate_series(1, ${STREAMS}) g`.execute(
      db,
    );
    const sockets: WebSocket[] = [];
    const wsBase = `${url.replace(/^http/, 'ws')}/api/v1/streaming?stream=user&access_token=`;
    let opened = 0;
    let waiting: { id: string | null; sent: number; got: number[]; done: () => void } | null = null;
    for (let i = 0; i < STREAMS; i += 50) {
      await Promise.all(
        Array.from(
          { length: Math.min(50, STREAMS - i) },
          () =>
            new Promise<void>((resolve, reject) => {
              const sock = new WebSocket(`${wsBase}benchtok${++opened}`);
              sock.on('open', () => resolve());
              sock.on('error', reject);
              sock.on('message', (data) => {
                const m = JSON.parse(String(data)) as { event: string; payload: string };
                if (m.event !== 'update' || !waiting) return;
                const id = (JSON.parse(m.payload) as { id: string }).id;
                if (waiting.id !== null && id !== waiting.id) return;
                waiting.got.push(performance.now() - waiting.sent);
                if (waiting.got.length === STREAMS) waiting.done();
              });
              sockets.push(sock);
            }),
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 500));
    const delivery: number[] = [];
    let lost = 0;
    for (let i = 0; i < STREAM_POSTS; i++) {
      const got: number[] = [];
      const all = new Promise<void>((done) => {
        waiting = { id: null, sent: performance.now(), got, done };
      });
      const r = await fetch(`${url}/api/v1/statuses`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: `스트리밍 측정 ${i} #주제10` }) });
      const posted = (await r.json()) as { id: string };
      // Only the update of this post counts (the id is known once the POST answers; earlier frames carry it too).
      if (waiting) (waiting as { id: string | null }).id = posted.id;
      await Promise.race([all, new Promise((res) => setTimeout(res, 10_000))]);
      lost += STREAMS - got.length;
      delivery.push(...got);
      waiting = null;
    }
    for (const sock of sockets) sock.terminate();
    const d = { p50: pct(delivery, 50), p95: pct(delivery, 95) };
    log(
      `streaming: ${STREAMS} open streams (${STREAMS} different people following the poster), ${STREAM_POSTS} posts, delivery p50 ${d.p50.toFixed(0)} ms, p95 ${d.p95.toFixed(0)} ms (${delivery.length} deliveries, ${lost} missing after 10 s)`,
    );
    log(
      `goals: home p95 < 50 ms ${home.p95 < 50 ? 'met' : 'NOT met'}; tag page p95 < 100 ms ${tagPage.p95 < 100 ? 'met' : 'NOT met'}; streaming p95 < 500 ms ${d.p95 < 500 && lost === 0 ? 'met' : 'NOT met'}; load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await rt.stop();
    await tdb.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
