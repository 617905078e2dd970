import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AttachmentFiles, ArchiveAdmin, ArchiveService, FETCH_MAX_ATTEMPTS, isNonPublic, verifyPackage, type ArchiveTables, type VersionInput } from '../../src/modules/archive/index.js';
import { createKeyring, generateKey, parseKey } from '../../src/modules/secrets/index.js';
import type { Scope } from '../../src/platform/access/scope.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { tables, type Store } from '../../src/platform/db/store.js';
import { MemoryStorage } from '../../src/platform/storage/memory.js';
import { migratedStore } from '../../src/platform/testing/stores.js';
import { runCli } from '../support/io.js';

/**
 * Attachment files of archived versions (issue #19): a worker fetches each attachment's file from its URL
 * under strict limits (SSRF guard after DNS, size, redirects, retries), holds the bytes in the storage
 * port and records their SHA-256 once; export packages carry the files and `verify` checks their bytes;
 * a purge removes the files of purged versions, a legal hold keeps them. Against a local HTTP server.
 */
const WS = '22222222-2222-4222-8222-222222222222';
const MINJI = '44444444-4444-4444-8444-444444444444';
const JUN = '55555555-5555-4555-8555-555555555555';
const comp: Scope = { workspaceId: WS, actor: { userId: null, label: 'compliance@bank.test' }, role: 'compliance', tokenScopes: null };

// A small PNG-like image (a real PNG signature and some bytes): what the channel's CDN serves.
const IMAGE = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), crypto.randomBytes(4000)]);
const IMAGE_SHA = crypto.createHash('sha256').update(IMAGE).digest('hex');
const LIMIT = 64 * 1024;

let n = 0;
const version = (url: string | null, over: Partial<VersionInput> = {}): VersionInput => ({
  dedupeKey: `att:${++n}:${crypto.randomUUID()}`,
  occurredAt: new Date('2026-03-02T01:00:00Z'),
  kind: 'received',
  source: 'item',
  sourceId: crypto.randomUUID(),
  channel: 'instagram',
  accountId: null,
  nativeId: `n${n}`,
  conversationId: null,
  authorId: MINJI,
  authorLabel: '김민지',
  direction: 'inbound',
  isPrivate: false,
  itemVersion: 1,
  labels: [],
  meta: {},
  attachments: url ? [{ type: 'image', url, mimeType: 'image/png', ref: crypto.createHash('sha256').update(url).digest('hex'), sha256: null }] : [],
  textMasked: `카드 분실 신고 사진 첨부합니다 ${n}`,
  body: { title: null, text: `카드 분실 신고 사진 첨부합니다 ${n}` },
  ...over,
});

describe.each(['pglite', 'postgres'] as const)('archive attachment files (%s)', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let archive: ArchiveService;
  let admin: ArchiveAdmin;
  let files: AttachmentFiles;
  let server: http.Server;
  let port = 0;
  const hits = new Map<string, number>();
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const keyring = createKeyring(parseKey(generateKey()));
  const storage = new MemoryStorage();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-attach-'));
  const local = (p: string) => `http://localhost:${port}${p}`;
  const db = () => tables<ArchiveTables>(store);
  const rowOf = async (seq: number) => db().selectFrom('archive_attachment_files').selectAll().where('workspace_id', '=', WS).where('seq', '=', seq).executeTakeFirstOrThrow();
  const append = async (v: VersionInput) => (await archive.append(WS, [v]))[0]!.seq;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
      if (req.url === '/cat.png') return res.writeHead(200, { 'content-type': 'image/png', 'content-length': IMAGE.length }).end(IMAGE);
      if (req.url === '/big.png') return res.writeHead(200, { 'content-type': 'image/png', 'content-length': LIMIT + 1 }).end(Buffer.alloc(LIMIT + 1));
      if (req.url === '/big-chunked.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(LIMIT / 4));
        return res.end();
      }
      if (req.url!.startsWith('/race/')) return res.writeHead(200, { 'content-type': 'image/png' }).end(IMAGE);
      if (req.url === '/broken.png') return res.writeHead(500).end('oops');
      if (req.url === '/to-loopback') return res.writeHead(302, { location: `http://127.0.0.1:${port}/cat.png` }).end();
      if (req.url === '/to-cat') return res.writeHead(301, { location: '/cat.png' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    ({ store, dispose } = await migratedStore(kind));
    await store.db.insertInto('workspaces').values({ id: WS, slug: 'kb', name: 'KB', settings: '{}' }).execute();
    archive = new ArchiveService(store, clock, keyring);
    // Only "localhost" is allowed to resolve to a loopback address (the test's CDN); 127.0.0.1 as written is not.
    admin = new ArchiveAdmin(archive, path.join(tmp, 'exports'), { storage, fetch: { allowHosts: ['localhost'], maxBytes: LIMIT, timeoutMs: 5000 } });
    files = admin.attachments!;
  }, 60_000);
  afterAll(async () => {
    await dispose();
    await new Promise((r) => server.close(r));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the file of an archived inbound message: bytes in the storage, their SHA-256 and size recorded once', async () => {
    const seq = await append(version(local('/cat.png')));
    expect(await rowOf(seq)).toMatchObject({ status: 'pending', attempts: 0 });
    await files.drain();
    const row = await rowOf(seq);
    expect(row).toMatchObject({ status: 'held', sha256: IMAGE_SHA, content_type: 'image/png', attempts: 1, error: null });
    expect(Number(row.bytes)).toBe(IMAGE.length);
    expect((await storage.get(row.storage_key!))!.equals(IMAGE)).toBe(true);
    // Written once: the hash of a held file cannot be changed, nor the row deleted.
    await expect(sql`update archive_attachment_files set sha256 = ${'0'.repeat(64)} where seq = ${seq}`.execute(store.db)).rejects.toThrow(/written once/);
    await expect(sql`update archive_attachment_files set status = 'pending' where seq = ${seq}`.execute(store.db)).rejects.toThrow(/written once/);
    await expect(sql`delete from archive_attachment_files where seq = ${seq}`.execute(store.db)).rejects.toThrow(/append-only/);
    // A same-host redirect is followed (and checked again).
    const moved = await append(version(local('/to-cat')));
    await files.drain();
    expect(await rowOf(moved)).toMatchObject({ status: 'held', sha256: IMAGE_SHA });
  });

  it('refuses loopback addresses (SSRF): written as an IP, reached by a name not on the allow-list, or by a redirect', async () => {
    const before = hits.get('/cat.png') ?? 0;
    const ip = await append(version(`http://127.0.0.1:${port}/cat.png`));
    const redirected = await append(version(local('/to-loopback')));
    await files.drain();
    expect(await rowOf(ip)).toMatchObject({ status: 'failed', attempts: 1, sha256: null });
    expect((await rowOf(ip)).error).toMatch(/refused: 127\.0\.0\.1 is a non-public address/);
    expect((await rowOf(redirected)).error).toMatch(/refused: 127\.0\.0\.1 is a non-public address/);
    expect(hits.get('/cat.png') ?? 0).toBe(before); // never asked
    // The same name resolved by DNS, with an allow-list that does not name it.
    const strict = new AttachmentFiles({ db: store.db as never, clock, storage, limits: { allowHosts: [], maxBytes: LIMIT } });
    const named = await append(version(local('/cat.png')));
    await strict.drain();
    const r = await rowOf(named);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/refused: localhost resolves to a non-public address/);
    expect(hits.get('/cat.png') ?? 0).toBe(before);
    expect([isNonPublic('10.1.2.3'), isNonPublic('169.254.169.254'), isNonPublic('::ffff:192.168.0.1'), isNonPublic('fe80::1'), isNonPublic('8.8.8.8')]).toEqual([true, true, true, true, false]);
    // Not http(s): never queued.
    const ftp = await append(version('ftp://localhost/cat.png'));
    expect(await db().selectFrom('archive_attachment_files').select('seq').where('seq', '=', ftp).execute()).toEqual([]);
  });

  it('the allow-list is a setting of src/config.ts', () => {
    expect(loadConfig({ SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS: ' CDN.bank.internal, localhost ,' }).archiveFetchAllowHosts).toEqual(['cdn.bank.internal', 'localhost']);
    expect(loadConfig({}).archiveFetchAllowHosts).toEqual([]);
    expect(() => loadConfig({ SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS: 'http://evil/' })).toThrow(/SOTONG_ARCHIVE_FETCH_ALLOW_HOSTS/);
  });

  it('refuses a file over the size limit (declared or streamed)', async () => {
    const declared = await append(version(local('/big.png')));
    const chunked = await append(version(local('/big-chunked.png')));
    await files.drain();
    expect(await rowOf(declared)).toMatchObject({ status: 'failed', attempts: 1, sha256: null });
    expect((await rowOf(declared)).error).toBe(`refused: ${LIMIT + 1} bytes is over the limit of ${LIMIT}`);
    expect((await rowOf(chunked)).error).toBe(`refused: over the limit of ${LIMIT} bytes`);
  });

  it('retries a server that answers 500 with backoff, then records it as not held with the reason', async () => {
    const seq = await append(version(local('/broken.png')));
    await files.drain();
    expect(await rowOf(seq)).toMatchObject({ status: 'pending', attempts: 1, error: 'HTTP 500' });
    await files.drain(); // not due yet
    expect((await rowOf(seq)).attempts).toBe(1);
    for (let i = 1; i < FETCH_MAX_ATTEMPTS; i++) {
      clock.advance(31 * 60_000);
      await files.drain();
    }
    expect(await rowOf(seq)).toMatchObject({ status: 'failed', attempts: FETCH_MAX_ATTEMPTS, error: `failed after ${FETCH_MAX_ATTEMPTS} attempts: HTTP 500` });
    expect(hits.get('/broken.png')).toBe(FETCH_MAX_ATTEMPTS);
  });

  it('workers racing over the queue fetch each file once (SKIP LOCKED)', async () => {
    const seqs = [];
    for (let i = 0; i < 6; i++) seqs.push(await append(version(local(`/race/${i}.png`))));
    const workers = [0, 1, 2].map(() => new AttachmentFiles({ db: store.db as never, clock, storage, limits: { allowHosts: ['localhost'], maxBytes: LIMIT } }));
    await Promise.all(workers.map((w) => w.drain()));
    for (const [i, seq] of seqs.entries()) {
      expect(await rowOf(seq)).toMatchObject({ status: 'held', attempts: 1, sha256: IMAGE_SHA });
      expect(hits.get(`/race/${i}.png`)).toBe(1);
    }
  });

  it('exports the held files in the package; verify checks their bytes and names a changed one', async () => {
    const dir = path.join(tmp, `pkg-${kind}`);
    const m = await admin.exportPackage(comp, {}, dir);
    const listed = m.files.filter((f) => f.path.startsWith('attachments/'));
    expect(listed).toEqual([{ path: `attachments/${IMAGE_SHA}`, bytes: IMAGE.length, sha256: IMAGE_SHA }]); // eight versions, one file
    expect(fs.readFileSync(path.join(dir, 'attachments', IMAGE_SHA)).equals(IMAGE)).toBe(true);
    const lines = fs
      .readFileSync(path.join(dir, 'attachments.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { held: boolean; sha256: string | null; file?: string; reason?: string; url: string });
    const held = lines.filter((l) => l.held);
    expect(held).toHaveLength(8);
    expect(held.every((l) => l.sha256 === IMAGE_SHA && l.file === `attachments/${IMAGE_SHA}`)).toBe(true);
    expect(lines.find((l) => l.url.endsWith('/big.png'))).toMatchObject({ held: false, sha256: null, reason: `refused: ${LIMIT + 1} bytes is over the limit of ${LIMIT}` });
    expect(m.counts.attachmentFiles).toBe(1);
    expect(await verifyPackage(dir)).toMatchObject({ ok: true });
    expect((await runCli(['archive', 'verify', dir], {})).code).toBe(0);
    // One byte of the image changed: verify exits 1 naming the file.
    const file = path.join(dir, 'attachments', IMAGE_SHA);
    const bytes = fs.readFileSync(file);
    bytes[20] = bytes[20]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const bad = await runCli(['archive', 'verify', dir], {});
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain(`FAILED attachments/${IMAGE_SHA}`);
    // A file slipped into attachments/ that the manifest does not list is named too.
    fs.writeFileSync(file, IMAGE);
    fs.writeFileSync(path.join(dir, 'attachments', 'a'.repeat(64)), 'x');
    expect(await verifyPackage(dir)).toMatchObject({ ok: false, where: `attachments/${'a'.repeat(64)}` });
  });

  it('the downloaded package (tar, written by the export worker) carries the file and verifies', async () => {
    const queued = await admin.createExport(comp, {});
    await admin.settled(); // no wake given: the admin drains the queue in the background
    await admin.jobs.drain();
    expect((await admin.getExport(comp, queued.id)).status).toBe('done');
    const { name, stream } = await admin.download(comp, queued.id);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c);
    const tarFile = path.join(tmp, `${kind}-${name}`);
    fs.writeFileSync(tarFile, Buffer.concat(chunks));
    const out = path.join(tmp, `untar-${kind}`);
    fs.mkdirSync(out);
    execFileSync('tar', ['-xf', tarFile, '-C', out]);
    const dir = path.join(out, `sotong-archive-${queued.id}`);
    expect(fs.readFileSync(path.join(dir, 'attachments', IMAGE_SHA)).equals(IMAGE)).toBe(true);
    expect(await verifyPackage(dir)).toMatchObject({ ok: true });
  });

  it('a purge removes the files of purged versions; a legal hold keeps its versions and their files', async () => {
    const old = new Date('2026-01-01T00:00:00Z');
    const gone = await append(version(local('/cat.png'), { occurredAt: old, channel: 'x' }));
    const kept = await append(version(local('/cat.png'), { occurredAt: old, channel: 'x', authorId: JUN, authorLabel: '이준' }));
    await files.drain();
    const [goneRow, keptRow] = [await rowOf(gone), await rowOf(kept)];
    expect([goneRow.status, keptRow.status]).toEqual(['held', 'held']);
    await admin.setRetention(comp, 'x', 30);
    await admin.createHold(comp, { name: '분쟁 조정', reason: '금감원 민원', personId: JUN });
    const r = await archive.purgeWorkspace(WS);
    expect(r).toMatchObject({ removed: 1, held: 1 });
    expect(await rowOf(gone)).toMatchObject({ status: 'purged', sha256: IMAGE_SHA, removed_at: null });
    expect((await rowOf(gone)).purge_id).toBeTruthy();
    const audit = await sql<{ after: { removed: number; attachmentFiles: number } }>`select after from audit_log where action = 'archive.purged' and target_id = ${(await rowOf(gone)).purge_id}`.execute(store.db);
    expect(audit.rows[0]?.after).toMatchObject({ removed: 1, attachmentFiles: 1 });
    expect((await files.drain()).removed).toBe(1);
    expect(await storage.get(goneRow.storage_key!)).toBeUndefined();
    expect((await rowOf(gone)).removed_at).not.toBeNull();
    expect(await rowOf(kept)).toMatchObject({ status: 'held' });
    expect((await storage.get(keptRow.storage_key!))!.equals(IMAGE)).toBe(true);
    // The package after the purge still verifies, with the held version's file.
    const dir = path.join(tmp, `pkg2-${kind}`);
    await admin.exportPackage(comp, {}, dir);
    expect(await verifyPackage(dir)).toMatchObject({ ok: true });
  });
});
