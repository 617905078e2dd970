import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../../platform/db/store.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { readMigrations } from '../../platform/db/migrate.js';
import { cliActor } from '../../platform/actor.js';
import { appendAudit, checkpointIsSigned, takeCheckpoint, type AuditCheckpoint } from '../audit/index.js';

/**
 * Workspace backup: gzip'd JSON lines. Line 1 is a header; each further line is one row of one table.
 * The tables are found, not listed: every table with a workspace_id column, in foreign-key order, plus
 * the workspace row and its members' user rows. Secrets stay encrypted (restore needs the same key).
 */
interface Header {
  format: 'sotong-backup';
  version: 1;
  schemaVersion: string;
  createdAt: string;
  workspace: { id: string; slug: string; name: string };
  /** Where the workspace's audit chain ended when the backup was taken, signed (outside the store once written). */
  auditCheckpoint?: AuditCheckpoint;
}

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function workspaceTables(db: Db): Promise<string[]> {
  const cols = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = current_schema() and c.column_name = 'workspace_id' and t.table_type = 'BASE TABLE'`.execute(db);
  const names = new Set(cols.rows.map((r) => r.table_name));
  const fks = await sql<{ child: string; parent: string }>`
    select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint where contype = 'f'`.execute(db);
  // Parents before children (tables outside the set are already there, or restored first).
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (order.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const fk of fks.rows) if (fk.child === t && fk.parent !== t && names.has(fk.parent)) visit(fk.parent);
    order.push(t);
  };
  for (const t of [...names].sort()) visit(t);
  return order;
}

async function jsonColumns(db: Db): Promise<Map<string, Set<string>>> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type in ('jsonb', 'json')`.execute(db);
  const m = new Map<string, Set<string>>();
  for (const r of rows.rows) m.set(r.table_name, (m.get(r.table_name) ?? new Set()).add(r.column_name));
  return m;
}

export async function backupWorkspace(store: Store, ref: string, file: string): Promise<{ rows: number; tables: number }> {
  // One consistent snapshot: every table is read in one REPEATABLE READ, read-only transaction (on the
  // embedded store, the single connection's transaction), so rows written meanwhile (an ingest burst)
  // cannot leave a child in the file whose parent is not (issue #14, finding 5).
  return (store.db as Db)
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => writeBackup(trx as unknown as Db, ref, file));
}

async function writeBackup(db: Db, ref: string, file: string): Promise<{ rows: number; tables: number }> {
  const ws = await db
    .selectFrom('workspaces')
    .selectAll()
    .where(/^[0-9a-f-]{36}$/i.test(ref) ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
  if (!ws) throw notFound('workspace.not_found', `no workspace "${ref}"`);
  const out = zlib.createGzip();
  const sink = fs.createWriteStream(file);
  out.pipe(sink);
  const write = (obj: unknown) => new Promise<void>((resolve) => (out.write(`${JSON.stringify(obj)}\n`) ? resolve() : out.once('drain', resolve)));
  const migrations = readMigrations();
  const header: Header = {
    format: 'sotong-backup',
    version: 1,
    schemaVersion: migrations[migrations.length - 1]!.version,
    createdAt: new Date().toISOString(),
    workspace: { id: ws.id, slug: ws.slug, name: ws.name },
    auditCheckpoint: await takeCheckpoint(db, { now: () => new Date() }, [ws.id]),
  };
  await write(header);
  await write({ t: 'workspaces', r: ws });
  let rows = 1;
  const members = await db
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', db.selectFrom('memberships').select('user_id').where('workspace_id', '=', ws.id))
    .execute();
  // A member whose home is another workspace belongs to that workspace: no password hash leaves with
  // this one's backup (restored elsewhere, such a user must have a password set by an instance admin).
  for (const u of members) await write({ t: 'users', r: u.home_workspace_id === ws.id ? u : { ...u, password_hash: null, home_workspace_id: null } }), rows++;
  const tablesList = await workspaceTables(db);
  for (const t of tablesList) {
    const data = await db.selectFrom(t).selectAll().where('workspace_id', '=', ws.id).execute();
    for (const r of data) await write({ t, r }), rows++;
  }
  await new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve).on('error', reject);
    out.end();
  });
  return { rows, tables: tablesList.length + 2 };
}

export async function restoreWorkspace(store: Store, file: string, opts: { replace: boolean }): Promise<{ workspace: Header['workspace']; rows: number }> {
  if (!fs.existsSync(file)) throw invalid('backup.not_found', `no such file: ${file}`);
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  let header: Header | undefined;
  const byTable = new Map<string, Record<string, unknown>[]>();
  try {
    for await (const line of lines) {
      if (!line) continue;
      const obj = JSON.parse(line);
      if (!header) {
        if (obj.format !== 'sotong-backup' || obj.version !== 1) throw invalid('backup.bad_format', 'this is not a Sotong backup file');
        header = obj as Header;
        continue;
      }
      (byTable.get(obj.t) ?? byTable.set(obj.t, []).get(obj.t)!).push(obj.r);
    }
  } catch (err) {
    if ((err as { kind?: string }).kind) throw err;
    throw invalid('backup.bad_format', `the backup file is damaged: ${(err as Error).message}`);
  }
  if (!header) throw invalid('backup.bad_format', 'the backup file is empty');
  const latest = readMigrations().at(-1)!.version;
  if (header.schemaVersion > latest) throw invalid('backup.too_new', `the backup needs schema ${header.schemaVersion}; this Sotong has ${latest}: upgrade first`);
  const db = store.db as Db;
  const json = await jsonColumns(db);
  const ordered = ['workspaces', 'users', ...(await workspaceTables(db))];
  let count = 0;
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('workspaces')
      .select(['id', 'slug'])
      .where((eb) => eb.or([eb('id', '=', header!.workspace.id), eb('slug', '=', header!.workspace.slug)]))
      .execute();
    if (existing.length && !opts.replace) throw conflict('workspace.exists', `workspace "${header!.workspace.slug}" already exists here (use --replace to overwrite it)`);
    // What the restore replaces is recorded in the restored chain, so a rollback is never silent.
    const replacedHeads = existing.length
      ? await trx
          .selectFrom('audit_heads')
          .select(['chain', 'seq', 'hash'])
          .where(
            'chain',
            'in',
            existing.map((e) => e.id),
          )
          .execute()
      : [];
    for (const e of existing) await trx.deleteFrom('workspaces').where('id', '=', e.id).execute();
    for (const t of ordered) {
      const rows = byTable.get(t) ?? [];
      const jcols = json.get(t) ?? new Set<string>();
      const prepared = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jcols.has(k) && v !== null ? JSON.stringify(v) : v])));
      for (let i = 0; i < prepared.length; i += 500) {
        let q = trx.insertInto(t).values(prepared.slice(i, i + 500));
        if (t === 'users') q = q.onConflict((oc) => oc.column('id').doNothing());
        await q.execute();
      }
      count += rows.length;
    }
    // Users whose home is this workspace get it back (a replace cleared it when the old workspace went).
    const homeUsers = (byTable.get('users') ?? []).filter((u) => u.home_workspace_id === header!.workspace.id).map((u) => u.id as string);
    if (homeUsers.length) await trx.updateTable('users').set({ home_workspace_id: header!.workspace.id }).where('id', 'in', homeUsers).where('home_workspace_id', 'is', null).execute();
    const checkpoint = await checkRestoredChain(trx, header!);
    await appendAudit(trx, {
      workspaceId: header!.workspace.id,
      actor: cliActor,
      action: 'workspace.restored',
      targetType: 'workspace',
      targetId: header!.workspace.id,
      before: replacedHeads.length ? { auditHeads: replacedHeads.map((h) => ({ chain: h.chain, seq: Number(h.seq), hash: h.hash })) } : null,
      after: { backupCreatedAt: header!.createdAt, schemaVersion: header!.schemaVersion, rows: count, replaced: existing.length > 0, auditCheckpoint: checkpoint },
      at: new Date(),
    });
  });
  return { workspace: header.workspace, rows: count };
}

/**
 * The backup's audit chain must end where its signed checkpoint says: a file whose audit rows were
 * edited, cut short or swapped is refused (the restore rolls back). A checkpoint signed under another
 * key (a backup from another instance) cannot be checked, and the restore entry says so.
 */
async function checkRestoredChain(db: Db, header: Header): Promise<'matched' | 'unsigned' | 'absent'> {
  const cp = header.auditCheckpoint;
  if (!cp) return 'absent';
  if (!checkpointIsSigned(cp)) return 'unsigned';
  const want = cp.heads.find((h) => h.chain === header.workspace.id);
  const head = await db.selectFrom('audit_heads').select(['seq', 'hash']).where('chain', '=', header.workspace.id).executeTakeFirst();
  const ok = want ? head !== undefined && Number(head.seq) === want.seq && head.hash === want.hash : !head || Number(head.seq) === 0;
  if (!ok) throw invalid('backup.audit_mismatch', "the backup's audit trail does not end where its signed checkpoint says: the file was altered");
  return 'matched';
}
