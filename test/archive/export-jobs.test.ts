import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerArchiveIdentities } from '../../src/flows/people/index.js';
import { ArchiveAdmin, ArchiveService, EXPORT_LEASE_MS, EXPORT_MAX_ATTEMPTS, verifyPackage, type VersionInput } from '../../src/modules/archive/index.js';
import { createKeyring, generateKey, parseKey } from '../../src/modules/secrets/index.js';
import type { Scope } from '../../src/platform/access/scope.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPostgresStore } from '../../src/platform/db/postgres.js';
import { tables, type Store } from '../../src/platform/db/store.js';
import type { ArchiveTables } from '../../src/modules/archive/index.js';
import type { AuditTables } from '../../src/modules/audit/index.js';
import type { CustomersTables } from '../../src/modules/customers/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/platform/testing/postgres.js';

/**
 * Archive exports are worker jobs (issue #19): a worker process is SIGKILLed in the middle of writing a
 * package; the export is not left `running` for ever: once the dead worker's lease lapses another worker
 * writes it again from an empty folder and it verifies; one abandoned too often is failed with the
 * reason; a failure inside the export fails it with the error; racing workers write each export once.
 */
const WS = '22222222-2222-4222-8222-222222222222';
const comp: Scope = { workspaceId: WS, actor: { userId: null, label: 'test' }, role: 'compliance', tokenScopes: null };
const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/archive-export-worker.ts');

const version = (i: number): VersionInput => ({
  dedupeKey: `jobs:${i}`,
  occurredAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
  kind: 'received',
  source: 'item',
  sourceId: crypto.randomUUID(),
  channel: 'x',
  accountId: null,
  nativeId: `n${i}`,
  conversationId: null,
  authorId: '44444444-4444-4444-8444-444444444444',
  authorLabel: '김고객',
  direction: 'inbound',
  isPrivate: false,
  itemVersion: 1,
  labels: [],
  meta: {},
  attachments: [],
  textMasked: `카드 한도 문의 ${i}`,
  body: { title: null, text: `카드 한도 문의 ${i}` },
});

describe('archive exports as worker jobs (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let store: Store;
  let archive: ArchiveService;
  let admin: ArchiveAdmin;
  const key = generateKey();
  const keyring = createKeyring(parseKey(key));
  const clock = new ManualClock(Date.now());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-export-jobs-'));
  const dir = path.join(tmp, 'exports');
  const VERSIONS = 400;

  beforeAll(async () => {
    tdb = await createTestDatabase('sotong_export_jobs');
    store = await openPostgresStore(tdb.url, { max: 5 });
    await migrate(store);
    await store.db.insertInto('workspaces').values({ id: WS, slug: 'kb', name: 'KB', settings: '{}' }).execute();
    archive = new ArchiveService(store, clock, keyring);
    // No wake-up: this process only works the queue when the test says so (admin.jobs.drain()).
    admin = new ArchiveAdmin(archive, dir, { wake: async () => undefined, heartbeatMs: 100 });
    for (let i = 0; i < VERSIONS; i += 100)
      await archive.append(
        WS,
        Array.from({ length: 100 }, (_, k) => version(i + k)),
      );
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await tdb.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const db = () => tables<ArchiveTables & AuditTables & CustomersTables>(store);
  const row = (id: string) => db().selectFrom('archive_exports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a worker SIGKILLed mid-export: the lease lapses, another worker writes the package again, it verifies', async () => {
    const queued = await admin.createExport(comp, {});
    expect(queued.status).toBe('queued');
    // A worker process whose every decryption takes 20 ms: 400 versions take about 8 s.
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, tdb.url, dir, key, '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (out += b.toString()));
    const deadline = Date.now() + 30_000;
    // Wait until it is writing: the row is running and messages.jsonl has started.
    for (;;) {
      const r = await row(queued.id);
      if (r.status === 'running' && fs.existsSync(path.join(dir, queued.id, 'messages.jsonl'))) break;
      if (Date.now() > deadline) throw new Error(`the worker never started writing: ${out}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    await new Promise((res) => setTimeout(res, 300));
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));
    expect(out).not.toContain('drained');
    const dead = await row(queued.id);
    expect(dead).toMatchObject({ status: 'running', attempts: 1 });
    expect(fs.existsSync(path.join(dir, queued.id, 'manifest.json'))).toBe(false);

    // While the dead worker's lease has not lapsed, nobody takes the export over.
    clock.set(Date.now());
    expect(await admin.jobs.drain()).toBe(0);
    expect((await admin.getExport(comp, queued.id)).status).toBe('running');

    // Once it lapsed, the next worker starts it again from an empty folder and finishes it.
    clock.set(new Date(dead.claimed_until as Date).getTime() + 1);
    expect(await admin.jobs.drain()).toBe(1);
    const done = await admin.getExport(comp, queued.id);
    expect(done).toMatchObject({ status: 'done', attempts: 2, versions: VERSIONS, error: null });
    expect(await verifyPackage(path.join(dir, queued.id))).toMatchObject({ ok: true, versions: VERSIONS });
    const audits = await db().selectFrom('audit_log').select('action').where('target_id', '=', queued.id).execute();
    expect(audits.filter((a) => a.action === 'archive.exported')).toHaveLength(1);
  }, 90_000);

  it('an export abandoned by its worker too many times is failed with the reason, never left running', async () => {
    const e = await admin.createExport(comp, {});
    clock.set(Date.now());
    await db()
      .updateTable('archive_exports')
      .set({ status: 'running', attempts: EXPORT_MAX_ATTEMPTS, claimed_until: new Date(clock.now().getTime() - 1) })
      .where('id', '=', e.id)
      .execute();
    expect(await admin.jobs.drain()).toBe(1);
    const failed = await admin.getExport(comp, e.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/stopped before it finished, 3 times/);
  });

  it('a failure inside the export fails it with the error (the customer it named is gone)', async () => {
    const customer = crypto.randomUUID();
    await sql`insert into customers (id, workspace_id, external_id, lifecycle, created_at, updated_at) values (${customer}, ${WS}, 'C-1', 'customer', now(), now())`.execute(store.db);
    const withCustomers = new ArchiveService(store, clock, keyring, new CustomerArchiveIdentities(store));
    const admin2 = new ArchiveAdmin(withCustomers, dir, { wake: async () => undefined });
    const e = await admin2.createExport(comp, { customerId: customer });
    await db().deleteFrom('customers').where('id', '=', customer).execute();
    expect(await admin2.jobs.drain()).toBe(1);
    const failed = await admin2.getExport(comp, e.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'No such customer in this workspace.' });
  });

  it('workers racing over the queue write each export once', async () => {
    clock.set(Date.now());
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await admin.createExport(comp, { from: '2025-01-01T00:00:00Z' })).id);
    const other = new ArchiveAdmin(archive, dir, { wake: async () => undefined });
    const ended = await Promise.all([admin.jobs.drain(), other.jobs.drain(), admin.jobs.drain()]);
    expect(ended.reduce((a, b) => a + b, 0)).toBe(4);
    for (const id of ids) {
      expect(await admin.getExport(comp, id)).toMatchObject({ status: 'done', attempts: 1, versions: VERSIONS });
      expect(await verifyPackage(path.join(dir, id))).toMatchObject({ ok: true });
    }
    expect(EXPORT_LEASE_MS).toBeGreaterThan(0);
  }, 60_000);
});
