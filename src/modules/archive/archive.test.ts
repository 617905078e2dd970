import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedStore } from '../../platform/testing/stores.js';
import type { Store } from '../../platform/db/store.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { createKeyring, generateKey, parseKey } from '../secrets/index.js';
import type { Scope } from '../../platform/access/scope.js';
import { ArchiveAdmin, ArchiveService, PackageInputError, verifyPackage, verifyStoredChain, type VersionInput } from './index.js';

const WS = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';
const ALICE = '44444444-4444-4444-8444-444444444444';
const BOB = '55555555-5555-4555-8555-555555555555';
const CONV = '66666666-6666-4666-8666-666666666666';

let n = 0;
function version(over: Partial<VersionInput> = {}): VersionInput {
  n++;
  return {
    dedupeKey: `test:${n}:${crypto.randomUUID()}`,
    occurredAt: new Date('2020-01-01T00:00:00Z'),
    kind: 'received',
    source: 'item',
    sourceId: crypto.randomUUID(),
    channel: 'x',
    accountId: null,
    nativeId: `n${n}`,
    conversationId: null,
    authorId: ALICE,
    authorLabel: '앨리스',
    direction: 'inbound',
    isPrivate: false,
    itemVersion: 1,
    labels: ['complaint'],
    meta: { lang: 'ko' },
    attachments: [{ type: 'image', url: `https://cdn.test/${n}.png`, mimeType: 'image/png', ref: 'a'.repeat(64), sha256: null }],
    textMasked: `계좌 [계좌번호] 문의 ${n}`,
    body: { title: null, text: `계좌 110-123-456789 문의 ${n}` },
    ...over,
  };
}

const comp: Scope = { workspaceId: WS, actor: { userId: null, label: 'test' }, role: 'compliance', tokenScopes: null };
const agent: Scope = { ...comp, role: 'agent' };
const admin: Scope = { ...comp, role: 'admin' };

describe('archive on PostgreSQL', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let archive: ArchiveService;
  let admin_: ArchiveAdmin;
  const clock = new ManualClock('2026-06-01T00:00:00Z');
  const keyring = createKeyring(parseKey(generateKey()));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-archive-'));

  beforeAll(async () => {
    ({ store, dispose } = await migratedStore('postgres'));
    for (const [id, slug] of [
      [WS, 'kb'],
      [OTHER, 'other'],
    ])
      await store.db.insertInto('workspaces').values({ id: id!, slug: slug!, name: slug!.toUpperCase(), settings: '{}' }).execute();
    archive = new ArchiveService(store, clock, keyring);
    admin_ = new ArchiveAdmin(archive, path.join(tmp, 'exports'));
  }, 60_000);
  afterAll(async () => {
    await dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('parallel appends for one workspace never fork the chain; a repeated key appends once', async () => {
    const batches = Array.from({ length: 16 }, () => Array.from({ length: 10 }, () => version()));
    await Promise.all(batches.map((b) => archive.append(WS, b)));
    await Promise.all([archive.append(WS, [batches[0]![0]!]), archive.append(WS, [batches[0]![0]!])]);
    const r = await verifyStoredChain(store.db, keyring, WS);
    expect(r).toMatchObject({ ok: true, versions: 160, purged: 0 });
    const seqs = (await store.db.selectFrom('archive_versions').select('seq').where('workspace_id', '=', WS).orderBy('seq').execute()).map((x) => Number(x.seq));
    expect(seqs).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    expect((await store.db.selectFrom('archive_versions').select('body_enc').where('workspace_id', '=', WS).limit(1).executeTakeFirstOrThrow()).body_enc).not.toContain('110-123');
  });

  it('refuses to update or delete a version outside a purge (the table is append-only)', async () => {
    await expect(sql`update archive_versions set text_masked = 'x' where workspace_id = ${WS} and seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from archive_versions where workspace_id = ${WS} and seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('detects a version changed behind its back (trigger dropped by a superuser)', async () => {
    const was = (await store.db.selectFrom('archive_versions').select('text_masked').where('workspace_id', '=', WS).where('seq', '=', 7).executeTakeFirstOrThrow()).text_masked;
    await sql`alter table archive_versions disable trigger archive_versions_append_only`.execute(store.db);
    await sql`update archive_versions set text_masked = '바뀐 글' where workspace_id = ${WS} and seq = 7`.execute(store.db);
    const bad = await verifyStoredChain(store.db, keyring, WS);
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatchObject({ seq: 7 });
    await sql`update archive_versions set text_masked = ${was} where workspace_id = ${WS} and seq = 7`.execute(store.db);
    await sql`alter table archive_versions enable trigger archive_versions_append_only`.execute(store.db);
    expect((await verifyStoredChain(store.db, keyring, WS)).ok).toBe(true);
  });

  it("search and view are the compliance role's (audited); others are refused; the text is masked until viewed", async () => {
    await expect(archive.search(agent, { limit: 5 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(archive.search(admin, { limit: 5 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    const r = await archive.search(comp, { limit: 5, words: '문의', labels: ['complaint'], personId: ALICE });
    expect(r.versions).toHaveLength(5);
    expect(r.versions[0]!.text).toContain('[계좌번호]');
    expect(r.nextBefore).toBe(r.versions[4]!.seq);
    const v = await archive.view(comp, r.versions[0]!.seq);
    expect(v.original.text).toContain('110-123-456789');
    await expect(archive.view({ ...comp, workspaceId: OTHER }, r.versions[0]!.seq)).rejects.toMatchObject({ code: 'archive.not_found' });
    const audit = await store.db.selectFrom('audit_log').select('action').where('workspace_id', '=', WS).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['archive.searched', 'archive.viewed']));
  });

  it('holds stop a purge; releasing them lets it go; the chain still verifies with tombstones', async () => {
    await archive.append(WS, [version({ authorId: BOB, dedupeKey: 'bob:1' }), version({ conversationId: CONV, dedupeKey: 'conv:1' }), version({ occurredAt: new Date('2026-05-30T00:00:00Z'), dedupeKey: 'recent:1' })]);
    const before = await verifyStoredChain(store.db, keyring, WS);
    await admin_.setRetention(comp, '*', 5 * 365);
    const byPerson = await admin_.createHold(comp, { name: '소송 A', personId: ALICE });
    const byChannel = await admin_.createHold(comp, { name: '조사 B', channel: 'x', from: '2019-12-31T00:00:00Z', to: '2020-01-02T00:00:00Z' });
    let r = await archive.purgeWorkspace(WS);
    expect(r.removed).toBe(0);
    expect(r.held).toBe(before.versions - 1);
    await admin_.releaseHold(comp, byChannel.id);
    await admin_.createHold(comp, { name: '대화 C', conversationId: CONV });
    r = await archive.purgeWorkspace(WS);
    expect(r.removed).toBe(1); // Bob's old message; Alice's are held, the conversation's too, the recent one is young
    const bob = await store.db.selectFrom('archive_versions').selectAll().where('workspace_id', '=', WS).where('purged_at', 'is not', null).execute();
    expect(bob).toHaveLength(1);
    expect(bob[0]!.purged_at).not.toBeNull();
    expect(bob[0]!.body_enc).toBeNull();
    await admin_.releaseHold(comp, byPerson.id);
    r = await archive.purgeWorkspace(WS);
    expect(r.removed).toBe(before.versions - 3); // all but the conversation's and the recent one
    const after = await verifyStoredChain(store.db, keyring, WS);
    expect(after).toMatchObject({ ok: true, versions: before.versions, purged: before.versions - 2 });
    const purges = await admin_.purges(comp);
    expect(purges).toHaveLength(2);
    expect(purges.reduce((s, p) => s + p.removed, 0)).toBe(before.versions - 2);
    expect(purges.map((p) => p.seqs).sort()).toEqual([`1-${before.versions - 3}`, `${before.versions - 2}`]);
  });

  it('a purge racing appends leaves one intact chain', async () => {
    await archive.append(
      WS,
      Array.from({ length: 300 }, () => version()),
    );
    await Promise.all([
      archive.purgeWorkspace(WS),
      archive.append(
        WS,
        Array.from({ length: 50 }, () => version()),
      ),
      archive.purgeWorkspace(WS),
      archive.append(
        WS,
        Array.from({ length: 50 }, () => version()),
      ),
    ]);
    const r = await verifyStoredChain(store.db, keyring, WS);
    expect(r.ok).toBe(true);
    await archive.purgeWorkspace(WS);
    expect((await verifyStoredChain(store.db, keyring, WS)).ok).toBe(true);
    const living = await store.db.selectFrom('archive_versions').select(sql<number>`count(*)::int`.as('n')).where('workspace_id', '=', WS).where('purged_at', 'is', null).executeTakeFirstOrThrow();
    expect(living.n).toBe(2); // everything old went, the two kept by the conversation hold and youth stayed
  });

  it('exports a package that verifies offline; one byte changed names the file; an entry changed names the entry', async () => {
    await archive.append(
      WS,
      Array.from({ length: 40 }, (_, i) => version({ occurredAt: new Date(Date.UTC(2026, 4, 1 + (i % 20))) })),
    );
    const dir = path.join(tmp, 'pkg');
    const m = await admin_.exportPackage(comp, { from: new Date('2026-05-01T00:00:00Z') }, dir);
    expect(m.counts.versions).toBe(41);
    expect(m.files.map((f) => f.path)).toEqual(['messages.jsonl', 'chain.jsonl', 'attachments.jsonl']);
    const ok = await verifyPackage(dir);
    expect(ok).toMatchObject({ ok: true, versions: 41, chain: m.anchors.head.seq });
    expect(fs.readFileSync(path.join(dir, 'messages.jsonl'), 'utf8')).toContain('110-123-456789');
    await expect(admin_.exportPackage(comp, {}, dir)).rejects.toThrow(/not empty/);
    await expect(admin_.exportPackage(agent, {}, path.join(tmp, 'x'))).rejects.toMatchObject({ code: 'auth.forbidden' });

    const copy = (name: string) => {
      const d = path.join(tmp, name);
      fs.cpSync(dir, d, { recursive: true });
      return d;
    };
    // One byte of the chain file.
    const a = copy('byte');
    const chainFile = path.join(a, 'chain.jsonl');
    const bytes = fs.readFileSync(chainFile);
    bytes[100] = bytes[100] === 0x31 ? 0x32 : 0x31;
    fs.writeFileSync(chainFile, bytes);
    expect(await verifyPackage(a)).toMatchObject({ ok: false, where: 'chain.jsonl' });
    // One entry's text, with the manifest's file hash recomputed to match.
    const b = copy('entry');
    const msgFile = path.join(b, 'messages.jsonl');
    const msgLines = fs.readFileSync(msgFile, 'utf8').split('\n');
    const third = JSON.parse(msgLines[2]!);
    third.textMasked = '고친 글';
    msgLines[2] = JSON.stringify(third);
    fs.writeFileSync(msgFile, msgLines.join('\n'));
    const man = JSON.parse(fs.readFileSync(path.join(b, 'manifest.json'), 'utf8'));
    const buf = fs.readFileSync(msgFile);
    Object.assign(man.files[0], { sha256: crypto.createHash('sha256').update(buf).digest('hex'), bytes: buf.length });
    fs.writeFileSync(path.join(b, 'manifest.json'), JSON.stringify(man));
    expect(await verifyPackage(b)).toMatchObject({ ok: false, where: `entry ${third.seq}` });
    // A manifest that points outside the folder, an extra file, not a package.
    const c = copy('traversal');
    const man2 = JSON.parse(fs.readFileSync(path.join(c, 'manifest.json'), 'utf8'));
    man2.files.push({ path: '../../etc/passwd', bytes: 1, sha256: '0'.repeat(64) });
    fs.writeFileSync(path.join(c, 'manifest.json'), JSON.stringify(man2));
    expect(await verifyPackage(c)).toMatchObject({ ok: false, where: 'manifest.json' });
    const d = copy('extra');
    fs.writeFileSync(path.join(d, 'note.txt'), 'hi');
    expect(await verifyPackage(d)).toMatchObject({ ok: false, where: 'note.txt' });
    await expect(verifyPackage(path.join(tmp, 'nope'))).rejects.toBeInstanceOf(PackageInputError);
  });

  it('exports through the API runner, one workspace only', async () => {
    const e = await admin_.createExport(comp, { personId: ALICE });
    await admin_.settled();
    const done = await admin_.getExport(comp, e.id);
    expect(done.status).toBe('done');
    expect(await verifyPackage(path.join(tmp, 'exports', e.id))).toMatchObject({ ok: true });
    await expect(admin_.getExport({ ...comp, workspaceId: OTHER }, e.id)).rejects.toMatchObject({ code: 'archive.export_not_found' });
    const empty = await admin_.createExport({ ...comp, workspaceId: OTHER }, {});
    await admin_.settled();
    expect((await admin_.getExport({ ...comp, workspaceId: OTHER }, empty.id)).versions).toBe(0);
  });
});
