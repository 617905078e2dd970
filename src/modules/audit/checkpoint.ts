import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { on, tables, type AnyDb, type Store } from '../../platform/db/store.js';
import type { Clock } from '../../platform/clock/clock.js';
import { canonicalJson } from './canonical.js';
import { auditMac, hasAuditKey, type AuditTables } from './audit.store.js';

/**
 * Checkpoints of the audit chains, kept outside the store (issue #14, finding 9).
 *
 * The MACs of the entries and heads stop someone who can write the database but not read the key from
 * rewriting history. They cannot stop a rollback: putting back an older copy of the tables (a database
 * snapshot, a replayed backup) leaves a chain that is whole and signed, only shorter. A checkpoint is a
 * signed record of where every chain ended at a moment, written to a file outside the database (by the
 * scheduler, every few minutes, appended only when a head moved; point SOTONG_AUDIT_CHECKPOINT_DIR at
 * write-once storage to make it stronger) and carried in every backup and archive export. `sotong audit
 * verify` compares the store against them: a chain that is gone, ends before a checkpointed entry, or
 * holds another entry at a checkpointed position, fails.
 */
export interface CheckpointHead {
  chain: string;
  seq: number;
  hash: string;
}

export interface AuditCheckpoint {
  format: 'sotong-audit-checkpoint';
  version: 1;
  at: string;
  heads: CheckpointHead[];
  /** HMAC under the audit key over the rest; null when the key was not set. */
  mac: string | null;
}

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

const signed = (at: string, heads: CheckpointHead[]) => auditMac(`checkpoint|${canonicalJson({ at, heads })}`);

export function checkpointIsSigned(cp: AuditCheckpoint): boolean {
  return hasAuditKey() && cp.mac !== null && cp.mac === signed(cp.at, cp.heads);
}

/** Where every chain (or the given ones) ends now, signed; read through the store or inside a transaction. */
export async function takeCheckpoint(from: Store | AnyDb, clock: Pick<Clock, 'now'>, chains?: string[]): Promise<AuditCheckpoint> {
  const db: Kysely<AuditTables> = 'db' in from ? tables<AuditTables>(from) : on<AuditTables>(from);
  let q = db.selectFrom('audit_heads').select(['chain', 'seq', 'hash']).where('seq', '>', 0);
  if (chains) q = chains.length ? q.where('chain', 'in', chains) : q.where('chain', '=', '\u0000none');
  const heads = (await q.orderBy('chain').execute()).map((h) => ({ chain: h.chain, seq: Number(h.seq), hash: h.hash }));
  const at = clock.now().toISOString();
  return { format: 'sotong-audit-checkpoint', version: 1, at, heads, mac: signed(at, heads) };
}

export class CheckpointError extends Error {}

/** Parses checkpoints from a JSON-lines file (or a single JSON checkpoint). A damaged line is an error, named. */
export function parseCheckpoints(text: string, source: string): AuditCheckpoint[] {
  const out: AuditCheckpoint[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new CheckpointError(`${source} line ${i + 1}: not JSON`);
    }
    const cp = obj as Partial<AuditCheckpoint>;
    const headsOk = Array.isArray(cp.heads) && cp.heads.every((h) => h && typeof h.chain === 'string' && Number.isSafeInteger(h.seq) && h.seq > 0 && typeof h.hash === 'string');
    if (cp.format !== 'sotong-audit-checkpoint' || cp.version !== 1 || typeof cp.at !== 'string' || !headsOk) {
      throw new CheckpointError(`${source} line ${i + 1}: not a Sotong audit checkpoint`);
    }
    out.push({ format: cp.format, version: 1, at: cp.at, heads: cp.heads as CheckpointHead[], mac: typeof cp.mac === 'string' ? cp.mac : null });
  }
  return out;
}

/** Reads a checkpoint file, or the checkpoint file in a folder; nothing when it does not exist. */
export function readCheckpoints(fileOrDir: string): AuditCheckpoint[] {
  let file = fileOrDir;
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, CHECKPOINT_FILE);
  if (!fs.existsSync(file)) return [];
  return parseCheckpoints(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Appends a checkpoint to the file in `dir` when some head moved since the last one this writer (or the
 * file) holds. The line is written and fsynced before it counts; a torn last line from a crash is cut
 * off before the next append.
 */
export class CheckpointWriter {
  private last: string | undefined;
  readonly file: string;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    dir: string,
  ) {
    this.file = path.join(dir, CHECKPOINT_FILE);
  }

  async write(): Promise<{ written: boolean; heads: number }> {
    const cp = await takeCheckpoint(this.store, this.clock);
    const key = canonicalJson(cp.heads);
    if (this.last === undefined) this.last = this.lastInFile();
    if (key === this.last) return { written: false, heads: cp.heads.length };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.dropTornTail();
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(cp)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.last = key;
    return { written: true, heads: cp.heads.length };
  }

  /** A crash mid-write leaves a last line without its newline: cut it off (a log's usual recovery). */
  private dropTornTail(): void {
    if (!fs.existsSync(this.file)) return;
    const text = fs.readFileSync(this.file);
    if (text.length === 0 || text[text.length - 1] === 0x0a) return;
    fs.truncateSync(this.file, text.lastIndexOf(0x0a) + 1);
  }

  private lastInFile(): string {
    if (!fs.existsSync(this.file)) return '';
    const lines = fs
      .readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        const [cp] = parseCheckpoints(lines[i]!, this.file);
        if (cp) return canonicalJson(cp.heads);
      } catch {
        // a torn line from a crash: the one before it counts
      }
    }
    return '';
  }
}

export interface CheckpointProblem {
  chain: string;
  seq: number;
  problem: 'bad_checkpoint' | 'missing_chain' | 'rolled_back' | 'rewritten';
  message: string;
}

/**
 * Compares the store with checkpoints. For each chain the furthest checkpointed position is enough: the
 * chain's own links (checked by verifyAudit) tie every earlier entry to it. Unsigned or wrongly signed
 * checkpoints are reported and not used (anyone can write a file).
 */
export async function verifyCheckpoints(store: Store, checkpoints: AuditCheckpoint[], chainFilter?: string): Promise<{ checked: number; problems: CheckpointProblem[] }> {
  const db: Kysely<AuditTables> = tables<AuditTables>(store);
  const problems: CheckpointProblem[] = [];
  const furthest = new Map<string, CheckpointHead & { at: string }>();
  for (const cp of checkpoints) {
    if (hasAuditKey() && !checkpointIsSigned(cp)) {
      problems.push({ chain: '-', seq: 0, problem: 'bad_checkpoint', message: `the checkpoint of ${cp.at} is not signed by the audit key: ignored` });
      continue;
    }
    for (const h of cp.heads) {
      if (chainFilter && h.chain !== chainFilter) continue;
      const prev = furthest.get(h.chain);
      if (!prev || h.seq > prev.seq) furthest.set(h.chain, { ...h, at: cp.at });
    }
  }
  for (const cp of furthest.values()) {
    const head = await db.selectFrom('audit_heads').select(['seq']).where('chain', '=', cp.chain).executeTakeFirst();
    if (!head) {
      problems.push({ chain: cp.chain, seq: cp.seq, problem: 'missing_chain', message: `chain ${cp.chain} had ${cp.seq} entries at ${cp.at} and is gone` });
      continue;
    }
    const entry = await db.selectFrom('audit_log').select(['hash']).where('chain', '=', cp.chain).where('seq', '=', cp.seq).executeTakeFirst();
    if (entry?.hash === cp.hash && Number(head.seq) >= cp.seq) continue;
    if (await restoredSince(db, cp)) continue;
    if (!entry || Number(head.seq) < cp.seq) {
      problems.push({ chain: cp.chain, seq: cp.seq, problem: 'rolled_back', message: `chain ${cp.chain} ends at entry ${head.seq}, but had reached entry ${cp.seq} at ${cp.at}: rolled back` });
    } else if (entry.hash !== cp.hash) {
      problems.push({ chain: cp.chain, seq: cp.seq, problem: 'rewritten', message: `entry ${cp.seq} of chain ${cp.chain} is not the one checkpointed at ${cp.at}: the chain was rewritten` });
    }
  }
  return { checked: furthest.size, problems };
}

/**
 * A restore from a backup (`sotong restore --replace`) rolls a chain back on purpose, and says so in a
 * signed entry of the restored chain naming the head it replaced. A checkpoint that the replaced chain
 * had reached, taken before that entry, is explained by it: not a tampering.
 */
async function restoredSince(db: Kysely<AuditTables>, cp: CheckpointHead & { at: string }): Promise<boolean> {
  const restores = await db.selectFrom('audit_log').select(['at', 'before']).where('chain', '=', cp.chain).where('action', '=', 'workspace.restored').execute();
  return restores.some((r) => {
    const replaced = (r.before as { auditHeads?: CheckpointHead[] } | null)?.auditHeads ?? [];
    return new Date(r.at).getTime() >= new Date(cp.at).getTime() && replaced.some((h) => h.chain === cp.chain && h.seq >= cp.seq);
  });
}
