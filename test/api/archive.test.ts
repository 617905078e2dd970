import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';
import { ApiClient } from '../support/client.js';
import { runCli } from '../support/io.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { sign, testChannel } from '../support/test-channel.js';
import { inboxChannel } from '../inbox/channel.js';
import { waitFor } from '../inbox/harness.js';

const SECRET = 'archive-test-secret';
const dm = inboxChannel('dmchan', { canReplyPrivately: true, displayName: 'DM 채널' });
const feed = testChannel([], 'feedchan');

let server: TestServer;
let tdb: TestDatabase;
let admin: ApiClient;
let comp: ApiClient;
let agent: ApiClient;
let outsider: ApiClient;
let ws: string;
let tmp: string;
const hooks: Record<string, string> = {};
const base = () => `/api/v1/w/${ws}/archive`;
const now = () => new Date().toISOString();

async function deliver(type: string, events: unknown[]) {
  const body = JSON.stringify({ events });
  const r = await fetch(server.url + hooks[type]!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
  expect(r.status).toBe(200);
}
const versions = async (q = '') => (await comp.get(`${base()}/versions?limit=200${q}`)).body.versions as Array<{ seq: number; kind: string; text: string; nativeId: string; conversationId: string | null; author: { id: string } }>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ adapters: fromAdapters([dm, feed]), env: { DATABASE_URL: tdb.url } });
  ws = server.admin.workspaceId;
  admin = new ApiClient(server.url);
  await admin.login(server.admin.email, server.admin.password);
  for (const type of ['dmchan', 'feedchan']) {
    const r = await admin.post(`/api/v1/w/${ws}/accounts`, { type, name: `${type} 공식`, credentials: { secret: SECRET } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    hooks[type] = r.body.account.webhookPath;
  }
  await admin.post(`/api/v1/w/${ws}/users`, { email: 'comp@bank.test', name: '준법', role: 'compliance', password: 'rules and rules 42' });
  await admin.post(`/api/v1/w/${ws}/users`, { email: 'agent@bank.test', name: '상담', role: 'agent', password: 'support desk 9876' });
  comp = new ApiClient(server.url);
  await comp.login('comp@bank.test', 'rules and rules 42');
  agent = new ApiClient(server.url);
  await agent.login('agent@bank.test', 'support desk 9876');
  const otherWs = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
  await admin.post(`/api/v1/w/${otherWs}/users`, { email: 'outsider@other.test', name: 'B', role: 'compliance', password: 'harbour lights 4821' });
  outsider = new ApiClient(server.url);
  await outsider.login('outsider@other.test', 'harbour lights 4821');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-archive-api-'));
}, 120_000);
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('archive capture and eDiscovery (PostgreSQL)', () => {
  it('captures received, edited, deleted, redacted, sent and moved-private versions', async () => {
    await deliver('dmchan', [{ id: 'p1', author: 'song', name: '송민지', text: '계좌 이체가 두 번 빠져나갔어요', at: now() }]);
    await deliver('feedchan', [{ id: 'f1', author: 'kim', text: '수수료가 너무 비싸요', at: now() }]);
    await waitFor(versions, (v) => v.length >= 2, 'two received versions');
    await deliver('feedchan', [{ id: 'f1', author: 'kim', text: '수수료가 너무 비싸요 (수정)', at: now(), editedAt: now() }]);
    await deliver('feedchan', [{ id: 'f1', author: 'kim', text: 'x', at: now(), deleted: true }]);
    await deliver('feedchan', [{ id: 'f2', author: 'lee', text: '제 번호 010-1234-5678 로 연락 주세요', at: now() }]);
    const conv = await waitFor(
      () => server.runtime.services.store.db.selectFrom('conversation_items as ci').innerJoin('items as i', 'i.id', 'ci.item_id').select('ci.conversation_id').where('i.native_id', '=', 'p1').executeTakeFirst(),
      (r) => !!r,
      'conversation of p1',
    );
    const moved = await agent.post(`/api/v1/w/${ws}/inbox/conversations/${conv!.conversation_id}/move-private`, { publicText: '불편을 드려 죄송합니다. DM으로 안내드렸습니다.', privateText: '송민지님, 거래 일시를 알려 주세요.' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
    const all = await waitFor(versions, (v) => v.filter((x) => x.kind === 'sent' || x.kind === 'moved_private').length >= 2 && v.some((x) => x.kind === 'deleted') && v.some((x) => x.kind === 'redacted'), 'every kind', 15_000);
    const kinds = all.map((v) => `${v.kind}:${v.kind === 'sent' || v.kind === 'moved_private' ? 'reply' : v.nativeId}`);
    expect(kinds.sort()).toEqual(['deleted:f1', 'edited:f1', 'moved_private:reply', 'received:f1', 'received:p1', 'redacted:f2', 'sent:reply']);
    const red = all.find((v) => v.kind === 'redacted')!;
    expect(red.text).not.toContain('010-1234-5678');
    expect((await comp.get(`${base()}/verify`)).body).toMatchObject({ ok: true, purged: 0 });
  });

  it('searches by words, person, conversation, kind and date; the original only in a view; all audited', async () => {
    const hits = await versions('&words=수수료');
    expect(hits.map((v) => v.kind).sort()).toEqual(['deleted', 'edited', 'received']);
    const person = hits[0]!.author.id;
    expect((await versions(`&personId=${person}`)).every((v) => v.author.id === person)).toBe(true);
    const convId = (await versions('&kind=moved_private'))[0]!.conversationId!;
    expect((await versions(`&conversationId=${convId}`)).map((v) => v.kind)).toEqual(['moved_private']);
    expect(await versions('&to=2000-01-01T00:00:00Z')).toEqual([]);
    const view = await comp.get(`${base()}/versions/${hits[0]!.seq}`);
    expect(view.status).toBe(200);
    expect(view.body.original.text).toContain('수수료');
    expect(view.body.hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = (await comp.get(`/api/v1/w/${ws}/audit?action=archive.&limit=100`)).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['archive.searched', 'archive.viewed', 'archive.verified']));
  });

  it('refuses every other role and every other workspace', async () => {
    for (const c of [agent, admin]) {
      expect((await c.get(`${base()}/versions`)).status).toBe(403);
      expect((await c.get(`${base()}/holds`)).status).toBe(403);
      expect((await c.post(`${base()}/exports`, {})).status).toBe(403);
    }
    expect((await outsider.get(`${base()}/versions`)).status).toBe(404);
    expect((await outsider.get(`${base()}/versions/1`)).status).toBe(404);
    expect((await comp.get(`${base()}/versions/999999`)).status).toBe(404);
    expect((await comp.get(`${base()}/versions/..%2F..%2Fetc`)).status).toBe(404);
    expect((await comp.get(`${base()}/exports/..%2F..%2Fetc%2Fpasswd/download`)).status).toBe(400);
  });

  it('eDiscovery by customer: search and export over HTTP and the CLI; hostile callers refused', async () => {
    const person = (await versions('&words=수수료'))[0]!.author.id;
    const put = await admin.request('PUT', `/api/v1/w/${ws}/customers`, { customers: [{ externalId: 'C-3001', name: '김하나' }] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const customer = (await admin.get(`/api/v1/w/${ws}/customers?externalId=C-3001`)).body.customers[0].id as string;
    const db = server.runtime.services.store.db;
    await sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at)
      values (${crypto.randomUUID()}, ${ws}, ${customer}, ${person}, 'service', '{}', 'test', now())`.execute(db);
    const mine = await versions(`&customerId=${customer}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((v) => v.author.id === person)).toBe(true);
    expect(mine.map((v) => v.seq)).toEqual((await versions(`&personId=${person}`)).map((v) => v.seq));
    // Refused: other roles (403), another workspace (404), an unknown customer (404), not an id (400).
    expect((await agent.get(`${base()}/versions?customerId=${customer}`)).status).toBe(403);
    expect((await outsider.get(`${base()}/versions?customerId=${customer}`)).status).toBe(404);
    const unknown = await comp.get(`${base()}/versions?customerId=${crypto.randomUUID()}`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'archive.customer_not_found']);
    expect((await comp.get(`${base()}/versions?customerId=${'x'.repeat(5000)}`)).status).toBe(400);
    expect((await comp.post(`${base()}/exports`, { customerId: crypto.randomUUID() })).status).toBe(404);
    expect((await comp.post(`${base()}/exports`, { customerId: 'not-a-uuid' })).status).toBe(400);
    const audit = (await comp.get(`/api/v1/w/${ws}/audit?action=archive.searched&limit=20`)).body.entries as Array<{ after: { filter?: { customerId?: string } } }>;
    expect(audit.some((e) => e.after?.filter?.customerId === customer)).toBe(true);
    // The export of the customer, written by a worker.
    const started = await comp.post(`${base()}/exports`, { customerId: customer });
    expect([started.status, started.body.status]).toEqual([202, 'queued']);
    const done = await waitFor(
      async () => (await comp.get(`${base()}/exports/${started.body.id}`)).body,
      (e) => e.status === 'done' || e.status === 'failed',
      'customer export',
    );
    expect(done).toMatchObject({ status: 'done', versions: mine.length, filters: { customerId: customer } });
    // The CLI: --customer, and a bad id refused as usage.
    const env = { SOTONG_DATA_DIR: server.dataDir, DATABASE_URL: tdb.url };
    const dir = path.join(tmp, 'customer-pkg');
    const ex = await runCli(['archive', 'export', '--workspace', 'demo', '--out', dir, '--customer', customer], env);
    expect([ex.code, ex.stderr]).toEqual([0, '']);
    expect(ex.stdout).toMatch(new RegExp(`^exported ${mine.length} versions`));
    expect((await runCli(['archive', 'verify', dir], env)).code).toBe(0);
    const bad = await runCli(['archive', 'export', '--workspace', 'demo', '--out', path.join(tmp, 'z'), '--customer', 'kim'], env);
    expect([bad.code, bad.stderr]).toEqual([2, 'sotong archive: --customer: "kim" is not a customer id (a UUID)\n']);
    const gone = await runCli(['archive', 'export', '--workspace', 'demo', '--out', path.join(tmp, 'w'), '--customer', crypto.randomUUID()], env);
    expect(gone.code).toBe(1);
    expect(fs.existsSync(path.join(tmp, 'w'))).toBe(false);
  });

  it('holds and retention: a hold keeps what the purge would remove', async () => {
    const person = (await versions('&words=수수료'))[0]!.author.id;
    const hold = await comp.post(`${base()}/holds`, { name: '민원 조사', reason: '금감원 요청', personId: person });
    expect(hold.status).toBe(201);
    expect((await comp.post(`${base()}/holds`, { name: '빈 보류' })).body.error.code).toBe('archive.hold_scope');
    expect((await comp.request('PUT', `${base()}/retention`, { channel: '*', days: 3650 })).body.retention).toEqual([expect.objectContaining({ channel: '*', days: 3650 })]);
    expect((await comp.post(`${base()}/purge`)).body).toEqual({ removed: 0, held: 0 });
    expect((await comp.get(`${base()}/holds`)).body.holds).toHaveLength(1);
    expect((await comp.post(`${base()}/holds/${hold.body.id}/release`)).body.releasedAt).not.toBeNull();
    expect((await comp.post(`${base()}/holds/${hold.body.id}/release`)).status).toBe(404);
  });

  it('exports a package through the API and the CLI; both verify offline; tampering is named', async () => {
    const started = await comp.post(`${base()}/exports`, {});
    expect(started.status).toBe(202);
    const done = await waitFor(
      async () => (await comp.get(`${base()}/exports/${started.body.id}`)).body,
      (e) => e.status === 'done' || e.status === 'failed',
      'export',
    );
    expect(done).toMatchObject({ status: 'done', versions: expect.any(Number) });
    expect((await outsider.get(`${base()}/exports/${started.body.id}/download`)).status).toBe(404);
    const tar = await comp.get(`${base()}/exports/${started.body.id}/download`);
    expect(tar.status).toBe(200);
    expect(tar.headers.get('content-type')).toBe('application/x-tar');
    const tarFile = path.join(tmp, 'p.tar');
    fs.writeFileSync(tarFile, Buffer.from(tar.body as unknown as string, 'utf8'));
    execFileSync('tar', ['-xf', tarFile, '-C', tmp]);
    const apiDir = path.join(tmp, `sotong-archive-${started.body.id}`);
    const env = { SOTONG_DATA_DIR: server.dataDir, DATABASE_URL: tdb.url };
    const ok = await runCli(['archive', 'verify', apiDir], env);
    expect(ok.stdout).toMatch(/^package intact: \d+ versions/);
    expect(ok.code).toBe(0);

    const cliDir = path.join(tmp, 'cli-pkg');
    const ex = await runCli(['archive', 'export', '--workspace', 'demo', '--out', cliDir, '--from', '2020-01-01'], env);
    expect(ex.stderr).toBe('');
    expect(ex.code).toBe(0);
    expect((await runCli(['archive', 'verify', cliDir], env)).code).toBe(0);
    const msgs = path.join(cliDir, 'messages.jsonl');
    const bytes = fs.readFileSync(msgs);
    bytes[10] = bytes[10]! ^ 1;
    fs.writeFileSync(msgs, bytes);
    const bad = await runCli(['archive', 'verify', cliDir], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED messages\.jsonl: /);

    expect((await runCli(['archive', 'verify', path.join(tmp, 'nothing')], env)).code).toBe(2);
    const again = await runCli(['archive', 'export', '--workspace', 'demo', '--out', cliDir], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^sotong archive: --out: .*not empty/);
    expect((await runCli(['archive', 'export', '--workspace', 'demo', '--out', path.join(tmp, 'x'), '--from', 'yesterday'], env)).stderr).toMatch(/--from: "yesterday" is not a date/);
    expect((await runCli(['archive', 'export', '--workspace', 'nope', '--out', path.join(tmp, 'y')], env)).stderr).toMatch(/no workspace "nope"/);
  });
});
