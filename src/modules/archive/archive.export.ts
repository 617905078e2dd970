import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { on, type AnyDb } from '../../platform/db/store.js';
import { GENESIS_HASH } from '../../platform/hashchain.js';
import type { Keyring } from '../secrets/index.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import type { ArchiveTables } from './archive.tables.js';
import { decryptBody } from './archive.store.js';
import { entryOfRow } from './chain.js';

export const PACKAGE_FORMAT = 'sotong-archive-export';
export const PACKAGE_FILES = ['messages.jsonl', 'chain.jsonl', 'attachments.jsonl'] as const;

export interface ExportFilters {
  from?: Date;
  to?: Date;
  personId?: string;
  /** A customer: the versions of every identity linked to them (`identities`, resolved before the export). */
  customerId?: string;
  identities?: IdentityPeriod[];
}

/** One social identity a customer was linked to by consent; a revoked link covers versions before `revokedAt`. */
export interface IdentityPeriod {
  authorId: string;
  linkedAt: Date;
  revokedAt: Date | null;
}

/** Whether a version (its author and time) belongs to a customer through one of their links. */
export function ofCustomer(identities: IdentityPeriod[], authorId: string | null, occurredAt: Date | null): boolean {
  if (!authorId) return false;
  const at = occurredAt ? new Date(occurredAt).getTime() : Number.NaN;
  return identities.some((p) => p.authorId === authorId && (p.revokedAt === null || at < new Date(p.revokedAt).getTime()));
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT;
  version: 1;
  createdAt: string;
  workspace: { id: string; slug: string; name: string };
  filters: { from: string | null; to: string | null; personId: string | null; customerId?: string | null; identities?: Array<{ authorId: string; linkedAt: string; revokedAt: string | null }> };
  /** attachmentFiles: distinct files under attachments/ (held attachments; one file per distinct content). */
  counts: { versions: number; chain: number; purged: number; attachments: number; attachmentFiles?: number };
  /** The chain starts at genesis and ends at head; first and last are the versions in messages.jsonl. */
  anchors: { genesis: string; head: { seq: number; hash: string }; first: { seq: number; hash: string } | null; last: { seq: number; hash: string } | null };
  files: ManifestFile[];
}

/** A file written line by line with backpressure, hashed as it is written. */
class HashedFile {
  private readonly out: fs.WriteStream;
  private readonly hash = crypto.createHash('sha256');
  private buf: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(readonly file: string) {
    this.out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  }
  async line(text: string): Promise<void> {
    this.buf.push(text, '\n');
    this.size += text.length + 1;
    if (this.size > 1 << 20) await this.flush();
  }
  private async flush(): Promise<void> {
    if (!this.buf.length) return;
    const chunk = Buffer.from(this.buf.join(''), 'utf8');
    this.buf = [];
    this.size = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.out.write(chunk))
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          this.out.off('drain', done).off('error', done);
          if (err) reject(err);
          else resolve();
        };
        this.out.on('drain', done).on('error', done);
      });
  }
  async close(): Promise<ManifestFile> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return { path: path.basename(this.file), bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** The folder a package goes to: created here; an existing non-empty folder is refused. */
export function preparePackageDir(dir: string): string {
  const abs = path.resolve(dir);
  if (fs.existsSync(abs)) {
    if (!fs.statSync(abs).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
    if (fs.readdirSync(abs).length) throw new Error(`${dir} is not empty; an export is written to a new or empty folder`);
  } else fs.mkdirSync(abs, { recursive: true, mode: 0o700 });
  return abs;
}

const PAGE = 5000;

/**
 * Writes an export package of one workspace into `dir` (which must be empty): messages.jsonl (the
 * versions that match, originals in clear), chain.jsonl (every link of the chain from genesis to head,
 * tombstones included), attachments.jsonl and manifest.json (SHA-256 of every file, the anchors).
 * Reads one consistent snapshot when the caller passes a repeatable-read transaction; streams, a page
 * at a time.
 */
export async function writePackage(trx: AnyDb, keyring: Keyring, workspace: Manifest['workspace'], filters: ExportFilters, dir: string, now: Date, storage?: BlobStorage): Promise<Manifest> {
  const db = on<ArchiveTables>(trx);
  const head = await db.selectFrom('archive_heads').selectAll().where('workspace_id', '=', workspace.id).executeTakeFirst();
  const headSeq = head ? Number(head.seq) : 0;
  const messages = new HashedFile(path.join(dir, 'messages.jsonl'));
  const chain = new HashedFile(path.join(dir, 'chain.jsonl'));
  const attachments = new HashedFile(path.join(dir, 'attachments.jsonl'));
  const from = filters.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  const to = filters.to?.getTime() ?? Number.POSITIVE_INFINITY;
  const counts = { versions: 0, chain: 0, purged: 0, attachments: 0, attachmentFiles: 0 };
  const held = new Map<string, ManifestFile>();
  let first: Manifest['anchors']['first'] = null;
  let last: Manifest['anchors']['last'] = null;
  let files: ManifestFile[] = [];
  const page = (after: number) =>
    after >= headSeq ? Promise.resolve([]) : db.selectFrom('archive_versions').selectAll().where('workspace_id', '=', workspace.id).where('seq', '>', after).where('seq', '<=', headSeq).orderBy('seq').limit(PAGE).execute();
  try {
    // The next page is asked for before this one is written, so the store and this process work at once.
    let next = page(0);
    for (;;) {
      const rows = await next;
      if (!rows.length) break;
      next = page(Number(rows[rows.length - 1]!.seq));
      const fileRows = await db
        .selectFrom('archive_attachment_files')
        .selectAll()
        .where('workspace_id', '=', workspace.id)
        .where('seq', '>=', Number(rows[0]!.seq))
        .where('seq', '<=', Number(rows[rows.length - 1]!.seq))
        .execute();
      const fileOf = new Map(fileRows.map((f) => [`${f.seq}:${f.idx}`, f]));
      for (const r of rows) {
        const seq = Number(r.seq);
        counts.chain++;
        if (r.purged_at) {
          counts.purged++;
          await chain.line(`{"seq":${seq},"prevHash":"${r.prev_hash}","hash":"${r.hash}","purged":true}`);
          continue;
        }
        await chain.line(`{"seq":${seq},"prevHash":"${r.prev_hash}","hash":"${r.hash}"}`);
        const at = r.occurred_at ? new Date(r.occurred_at).getTime() : Number.NaN;
        if (!(at >= from && at < to) || (filters.personId && r.author_id !== filters.personId)) continue;
        if (filters.identities && !ofCustomer(filters.identities, r.author_id, r.occurred_at)) continue;
        const entry = entryOfRow(r);
        const body = decryptBody(keyring, workspace.id, seq, r.body_enc ?? '');
        await messages.line(JSON.stringify({ ...entry, hash: r.hash, body }));
        counts.versions++;
        first ??= { seq, hash: r.hash };
        last = { seq, hash: r.hash };
        for (const [index, a] of entry.attachments.entries()) {
          counts.attachments++;
          const f = fileOf.get(`${seq}:${index}`);
          if (f?.status === 'held' && f.sha256 && f.storage_key && storage) {
            if (!held.has(f.sha256)) held.set(f.sha256, await copyHeldFile(storage, f.storage_key, f.sha256, dir));
            await attachments.line(JSON.stringify({ seq, index, ...a, sha256: f.sha256, held: true, bytes: Number(f.bytes), contentType: f.content_type, file: `attachments/${f.sha256}` }));
          } else {
            const why = !f ? 'not fetched (no http(s) URL)' : f.status === 'held' ? 'held, but no storage was given to this export' : f.status === 'pending' ? 'not fetched yet' : (f.error ?? f.status);
            await attachments.line(JSON.stringify({ seq, index, ...a, held: false, reason: why }));
          }
        }
      }
    }
  } finally {
    // Close every file even when a page fails, so no descriptor is left open.
    files = await Promise.all([messages.close(), chain.close(), attachments.close()]);
  }
  counts.attachmentFiles = held.size;
  files.push(...held.values());
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    workspace,
    filters: {
      from: filters.from?.toISOString() ?? null,
      to: filters.to?.toISOString() ?? null,
      personId: filters.personId ?? null,
      ...(filters.customerId
        ? {
            customerId: filters.customerId,
            identities: (filters.identities ?? []).map((p) => ({ authorId: p.authorId, linkedAt: new Date(p.linkedAt).toISOString(), revokedAt: p.revokedAt ? new Date(p.revokedAt).toISOString() : null })),
          }
        : {}),
    },
    counts,
    anchors: { genesis: GENESIS_HASH, head: { seq: headSeq, hash: head?.hash ?? GENESIS_HASH }, first, last },
    files,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  return manifest;
}

/**
 * Copies one held file from the storage into the package as attachments/<sha256>, after checking its bytes
 * against the hash recorded when it was fetched (a file changed in the storage fails the export, named).
 */
async function copyHeldFile(storage: BlobStorage, key: string, sha256: string, dir: string): Promise<ManifestFile> {
  const bytes = await storage.get(key);
  if (!bytes) throw new Error(`attachment file ${key} is missing from the storage (recorded as held, SHA-256 ${sha256})`);
  const got = crypto.createHash('sha256').update(bytes).digest('hex');
  if (got !== sha256) throw new Error(`attachment file ${key} in the storage does not match its recorded SHA-256 (${sha256.slice(0, 12)}…, found ${got.slice(0, 12)}…)`);
  fs.mkdirSync(path.join(dir, 'attachments'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, 'attachments', sha256), bytes, { flag: 'wx', mode: 0o600 });
  return { path: `attachments/${sha256}`, bytes: bytes.length, sha256 };
}

/** A tar stream (ustar) of a package folder's files, for download; names are the package's own. */
export async function* tarPackage(dir: string, names: string[], prefix: string): AsyncGenerator<Buffer> {
  for (const name of names) {
    const file = path.join(dir, name);
    const st = fs.statSync(file);
    const h = Buffer.alloc(512);
    const put = (s: string, off: number, len: number) => h.write(s.slice(0, len), off, 'ascii');
    // ustar: the package folder in the prefix field, the file's own path (attachments/<sha256>: 76) in the name.
    put(name, 0, 100);
    put(prefix, 345, 155);
    put('0000644\0', 100, 8);
    put('0000000\0', 108, 8);
    put('0000000\0', 116, 8);
    put(`${st.size.toString(8).padStart(11, '0')}\0`, 124, 12);
    put(
      `${Math.floor(st.mtimeMs / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
      12,
    );
    put('        ', 148, 8);
    put('0', 156, 1);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    yield h;
    for await (const chunk of fs.createReadStream(file)) yield chunk as Buffer;
    const pad = (512 - (st.size % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(1024);
}
