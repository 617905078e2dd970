import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerArchiveIdentities } from '../../src/flows/people/index.js';
import { ArchiveAdmin, ArchiveService, verifyPackage, type VersionInput } from '../../src/modules/archive/index.js';
import type { AuditTables } from '../../src/modules/audit/index.js';
import { createKeyring, generateKey, parseKey } from '../../src/modules/secrets/index.js';
import type { Scope } from '../../src/platform/access/scope.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { tables, type Store } from '../../src/platform/db/store.js';
import { migratedStore } from '../../src/platform/testing/stores.js';

/**
 * eDiscovery by customer (issue #19): every version of every identity linked to the customer by consent;
 * a revoked link counts the identity's versions up to its revocation (not after: the identity is no
 * longer known to be theirs); identities never linked are not included; another workspace's customer is
 * 404; every search is audited with the identities it resolved to; the export package carries the same.
 */
const WS = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';
const KIM = 'aaaaaaaa-0000-4000-8000-000000000001'; // the customer
const THEIRS = 'aaaaaaaa-0000-4000-8000-000000000002'; // a customer of the other workspace
const X_ID = 'bbbbbbbb-0000-4000-8000-000000000001'; // Kim's X account: linked now
const IG_ID = 'bbbbbbbb-0000-4000-8000-000000000002'; // Kim's old Instagram account: linked, then revoked
const STRANGER = 'bbbbbbbb-0000-4000-8000-000000000003'; // never linked
const day = (d: number) => new Date(Date.UTC(2026, 2, d, 3));

const comp: Scope = { workspaceId: WS, actor: { userId: null, label: 'compliance@bank.test' }, role: 'compliance', tokenScopes: null };

let seq = 0;
const v = (authorId: string, at: Date, text: string, channel = 'x'): VersionInput => ({
  dedupeKey: `cust:${++seq}`,
  occurredAt: at,
  kind: 'received',
  source: 'item',
  sourceId: crypto.randomUUID(),
  channel,
  accountId: null,
  nativeId: `n${seq}`,
  conversationId: null,
  authorId,
  authorLabel: authorId === STRANGER ? '행인' : '김하나',
  direction: 'inbound',
  isPrivate: false,
  itemVersion: 1,
  labels: [],
  meta: {},
  attachments: [],
  textMasked: text,
  body: { title: null, text },
});

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`archive eDiscovery by customer (${kind})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let archive: ArchiveService;
    let admin: ArchiveAdmin;
    const clock = new ManualClock('2026-04-01T00:00:00Z');
    const keyring = createKeyring(parseKey(generateKey()));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-archive-customer-'));

    beforeAll(async () => {
      ({ store, dispose } = await migratedStore(kind));
      for (const [id, slug] of [
        [WS, 'kb'],
        [OTHER, 'other'],
      ] as const)
        await store.db.insertInto('workspaces').values({ id, slug, name: slug.toUpperCase(), settings: '{}' }).execute();
      for (const [id, ws, ext] of [
        [KIM, WS, 'C-1001'],
        [THEIRS, OTHER, 'C-2002'],
      ] as const)
        await sql`insert into customers (id, workspace_id, external_id, lifecycle, created_at, updated_at) values (${id}, ${ws}, ${ext}, 'customer', now(), now())`.execute(store.db);
      const link = (customer: string, ws: string, author: string, linkedAt: Date, revokedAt: Date | null) =>
        sql`insert into customer_links (id, workspace_id, customer_id, author_id, purpose, proof, linked_by, linked_at, revoked_at)
            values (${crypto.randomUUID()}, ${ws}, ${customer}, ${author}, 'service', '{}', 'test', ${linkedAt}, ${revokedAt})`.execute(store.db);
      await link(KIM, WS, X_ID, day(10), null);
      await link(KIM, WS, IG_ID, day(2), day(5));
      await link(THEIRS, OTHER, STRANGER, day(1), null);
      archive = new ArchiveService(store, clock, keyring, new CustomerArchiveIdentities(store));
      admin = new ArchiveAdmin(archive, path.join(tmp, 'exports'));
      await archive.append(WS, [
        v(X_ID, day(8), '카드 분실 신고했는데 답이 없어요'), // before the link: the conversation that led to it
        v(X_ID, day(12), '재발급 감사합니다'),
        v(IG_ID, day(1), '예전 계정 문의', 'instagram'),
        v(IG_ID, day(4), '예전 계정 두 번째', 'instagram'),
        v(IG_ID, day(6), '해지 후 다른 사람 글', 'instagram'), // after the revocation: not hers any more
        v(STRANGER, day(9), '행인의 글'),
      ]);
    }, 60_000);
    afterAll(async () => {
      await dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('finds every version of every linked identity, a revoked one up to its revocation, and nothing else', async () => {
      const r = await archive.search(comp, { customerId: KIM, limit: 50 });
      expect(r.versions.map((x) => x.text).sort()).toEqual(['예전 계정 두 번째', '예전 계정 문의', '재발급 감사합니다', '카드 분실 신고했는데 답이 없어요'].sort());
      // With the other filters: words, channel, dates.
      expect((await archive.search(comp, { customerId: KIM, channel: 'instagram', limit: 50 })).versions.map((x) => x.text).sort()).toEqual(['예전 계정 두 번째', '예전 계정 문의']);
      expect((await archive.search(comp, { customerId: KIM, words: '재발급', limit: 50 })).versions).toHaveLength(1);
      expect((await archive.search(comp, { customerId: KIM, from: day(9), limit: 50 })).versions.map((x) => x.text)).toEqual(['재발급 감사합니다']);
      // The search is audited with the customer and the identities it covered.
      const audit = await tables<AuditTables>(store).selectFrom('audit_log').select(['action', 'after']).where('workspace_id', '=', WS).where('action', '=', 'archive.searched').orderBy('seq', 'desc').limit(4).execute();
      const first = audit[audit.length - 1]!.after as { filter: { customerId: string }; identities: Array<{ authorId: string; revokedAt: string | null }>; results: number };
      expect(first.filter.customerId).toBe(KIM);
      expect(first.results).toBe(4);
      expect(first.identities).toEqual(
        expect.arrayContaining([
          { authorId: X_ID, revokedAt: null },
          { authorId: IG_ID, revokedAt: day(5).toISOString() },
        ]),
      );
    });

    it('refuses another workspace’s customer and unknown ones (404), and people without the right (403)', async () => {
      await expect(archive.search(comp, { customerId: THEIRS, limit: 10 })).rejects.toMatchObject({ code: 'archive.customer_not_found' });
      await expect(archive.search(comp, { customerId: crypto.randomUUID(), limit: 10 })).rejects.toMatchObject({ code: 'archive.customer_not_found' });
      await expect(archive.search({ ...comp, role: 'admin' }, { customerId: KIM, limit: 10 })).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(archive.search({ ...comp, workspaceId: OTHER }, { customerId: KIM, limit: 10 })).rejects.toMatchObject({ code: 'archive.customer_not_found' });
      await expect(admin.createExport(comp, { customerId: THEIRS })).rejects.toMatchObject({ code: 'archive.customer_not_found' });
    });

    it('exports the customer’s versions with the identities in the manifest; the package verifies', async () => {
      const e = await admin.createExport(comp, { customerId: KIM });
      await admin.settled();
      const done = await admin.getExport(comp, e.id);
      expect(done).toMatchObject({ status: 'done', versions: 4, filters: { customerId: KIM } });
      const folder = path.join(tmp, 'exports', e.id);
      expect(await verifyPackage(folder)).toMatchObject({ ok: true, versions: 4, chain: 6 });
      const lines = fs
        .readFileSync(path.join(folder, 'messages.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { authorId: string; body: { text: string } });
      expect(lines.map((l) => l.body.text)).not.toContain('해지 후 다른 사람 글');
      expect(new Set(lines.map((l) => l.authorId))).toEqual(new Set([X_ID, IG_ID]));
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
      expect(manifest.filters.customerId).toBe(KIM);
      expect(manifest.filters.identities).toEqual(expect.arrayContaining([{ authorId: IG_ID, linkedAt: day(2).toISOString(), revokedAt: day(5).toISOString() }]));
    });
  });
}
