import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { GENESIS_HASH } from '../../platform/hashchain.js';
import { contentDigest, entryHash, type ArchiveBody, type ArchiveEntry } from './chain.js';
import { PACKAGE_FILES, PACKAGE_FORMAT, type Manifest } from './archive.export.js';

/** The folder is not a package at all (exit 2), as opposed to a package that is not intact (exit 1). */
export class PackageInputError extends Error {}

export type PackageVerdict = { ok: true; versions: number; chain: number; purged: number; head: { seq: number; hash: string } } | { ok: false; where: string; message: string };

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** A held attachment file: named by the SHA-256 of its bytes. */
const ATTACHMENT_FILE = /^attachments\/[0-9a-f]{64}$/;

function readManifest(dir: string): Manifest {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PackageInputError(`${dir} is not a folder`);
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) throw new PackageInputError(`${dir} has no manifest.json (not an archive export)`);
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    throw new PackageInputError(`${file} is not JSON`);
  }
  if (m?.format !== PACKAGE_FORMAT || m.version !== 1 || !Array.isArray(m.files) || typeof m.anchors?.head?.seq !== 'number') throw new PackageInputError(`${file} is not a ${PACKAGE_FORMAT} version 1 manifest`);
  return m;
}

async function fileSha256(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

const lines = (file: string) => readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();

const fail = (where: string, message: string): PackageVerdict => ({ ok: false, where, message });

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * Verifies an export package offline: every file against the manifest (SHA-256 and size; no file
 * missing, none unlisted, none outside the folder), then the chain from genesis to the head anchor,
 * every message's hash recomputed from its content and found at its place in the chain, every original
 * against its digest, every attachment line against its message. Streams; names the first problem.
 */
export async function verifyPackage(dir: string): Promise<PackageVerdict> {
  const m = readManifest(dir);
  const listed = new Set<string>();
  for (const f of m.files) {
    if (typeof f?.path !== 'string' || !(SAFE_NAME.test(f.path) || ATTACHMENT_FILE.test(f.path)) || f.path === 'manifest.json')
      return fail(`manifest.json`, `names a file outside the package or not allowed in it: ${JSON.stringify(f?.path)}`);
    listed.add(f.path);
  }
  for (const name of PACKAGE_FILES) if (!listed.has(name)) return fail(name, 'is not listed in the manifest');
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'attachments' && fs.lstatSync(path.join(dir, name)).isDirectory()) {
      for (const inner of fs.readdirSync(path.join(dir, name)).sort()) if (!listed.has(`attachments/${inner}`)) return fail(`attachments/${inner}`, 'is in the folder but not in the manifest');
    } else if (name !== 'manifest.json' && !listed.has(name)) return fail(name, 'is in the folder but not in the manifest');
  }
  for (const f of m.files) {
    const file = path.join(dir, f.path);
    if (!fs.existsSync(file) || !fs.lstatSync(file).isFile()) return fail(f.path, 'is missing (or not a plain file)');
    const got = await fileSha256(file);
    if (ATTACHMENT_FILE.test(f.path) && got.sha256 !== f.path.slice('attachments/'.length)) return fail(f.path, `its bytes do not match the SHA-256 it is named by (${got.bytes} bytes, ${got.sha256.slice(0, 12)}…)`);
    if (got.sha256 !== f.sha256 || got.bytes !== f.bytes) return fail(f.path, `its SHA-256 differs from the manifest (${got.bytes} bytes, ${got.sha256.slice(0, 12)}…; manifest: ${f.bytes} bytes, ${String(f.sha256).slice(0, 12)}…)`);
  }
  return verifyEntries(dir, m, new Map(m.files.filter((f) => ATTACHMENT_FILE.test(f.path)).map((f) => [f.path, f])));
}

type ChainLine = { seq: number; prevHash: string; hash: string; purged?: boolean };
type MessageLine = ArchiveEntry & { hash: string; body: ArchiveBody };

async function verifyEntries(dir: string, m: Manifest, heldFiles: Map<string, { sha256: string; bytes: number }>): Promise<PackageVerdict> {
  const msgs = lines(path.join(dir, 'messages.jsonl'));
  let msgLine = 0;
  const nextMessage = async (): Promise<MessageLine | null | 'bad'> => {
    const r = await msgs.next();
    if (r.done) return null;
    msgLine++;
    return parse<MessageLine>(r.value) ?? 'bad';
  };
  let pending = await nextMessage();
  let prev = GENESIS_HASH;
  let expected = 1;
  let versions = 0;
  let purged = 0;
  const attachmentRefs = new Map<string, string>();
  let chainLine = 0;
  for await (const text of lines(path.join(dir, 'chain.jsonl'))) {
    chainLine++;
    const c = parse<ChainLine>(text);
    if (!c || c.seq !== expected || typeof c.hash !== 'string' || !HEX64.test(c.hash)) return fail(`chain.jsonl line ${chainLine}`, `is not chain entry ${expected}`);
    if (c.prevHash !== prev) return fail(`entry ${c.seq}`, `does not follow entry ${c.seq - 1} in the chain (chain.jsonl line ${chainLine})`);
    if (c.purged) purged++;
    if (pending === 'bad') return fail(`messages.jsonl line ${msgLine}`, 'is not JSON');
    if (pending && pending.seq === c.seq) {
      const where = `entry ${c.seq}`;
      const { hash, body, ...entry } = pending;
      if (c.purged) return fail(where, `is in messages.jsonl (line ${msgLine}) but purged in the chain`);
      if (entry.workspaceId !== m.workspace.id) return fail(where, `belongs to another workspace (messages.jsonl line ${msgLine})`);
      if (hash !== c.hash || entryHash(entry as ArchiveEntry) !== c.hash) return fail(where, `its content does not match its hash in the chain (messages.jsonl line ${msgLine})`);
      if (!body || typeof body.text !== 'string' || contentDigest(entry.content?.nonce ?? '', body) !== entry.content?.sha256) return fail(where, `its original text does not match its digest (messages.jsonl line ${msgLine})`);
      for (const [i, a] of (entry.attachments ?? []).entries()) attachmentRefs.set(`${c.seq}:${i}`, a.ref);
      versions++;
      pending = await nextMessage();
    } else if (pending && pending.seq < c.seq) {
      return fail(`entry ${pending.seq}`, `messages.jsonl line ${msgLine} is out of order or not in the chain`);
    }
    prev = c.hash;
    expected++;
  }
  if (pending === 'bad') return fail(`messages.jsonl line ${msgLine}`, 'is not JSON');
  if (pending) return fail(`entry ${pending.seq}`, `messages.jsonl line ${msgLine} is past the end of the chain`);
  const head = m.anchors.head;
  if (expected - 1 !== head.seq || prev !== (head.seq === 0 ? GENESIS_HASH : head.hash)) return fail('chain.jsonl', `ends at entry ${expected - 1} but the manifest's head anchor is entry ${head.seq}`);
  if (versions !== m.counts?.versions) return fail('manifest.json', `counts ${m.counts?.versions} versions but messages.jsonl holds ${versions}`);
  let attLine = 0;
  for await (const text of lines(path.join(dir, 'attachments.jsonl'))) {
    attLine++;
    const a = parse<{ seq: number; index: number; ref: string; held?: boolean; sha256?: string | null; bytes?: number; file?: string }>(text);
    if (!a || attachmentRefs.get(`${a.seq}:${a.index}`) !== a.ref) return fail(`attachments.jsonl line ${attLine}`, 'names no attachment of an exported entry');
    if (a.held === true) {
      // A held attachment names its file, which the manifest lists with the same hash and size (checked above).
      const f = typeof a.sha256 === 'string' && HEX64.test(a.sha256) && a.file === `attachments/${a.sha256}` ? heldFiles.get(a.file) : undefined;
      if (!f || f.sha256 !== a.sha256 || f.bytes !== a.bytes)
        return fail(`attachments.jsonl line ${attLine}`, `says attachment ${a.seq}:${a.index} is held but its file ${JSON.stringify(a.file)} is not in the package with that SHA-256 and size`);
    }
    attachmentRefs.delete(`${a.seq}:${a.index}`);
  }
  if (attachmentRefs.size) return fail('attachments.jsonl', `misses attachment ${[...attachmentRefs.keys()][0]} (seq:index)`);
  return { ok: true, versions, chain: expected - 1, purged, head };
}
