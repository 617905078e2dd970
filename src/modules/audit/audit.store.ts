import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { on, type AnyDb } from '../../platform/db/store.js';
import type { Actor } from '../../platform/actor.js';
import { canonicalJson, GENESIS_HASH, sha256Hex } from './canonical.js';

export interface AuditTables {
  audit_log: {
    chain: string;
    seq: number;
    workspace_id: string | null;
    at: Date;
    actor_id: string | null;
    actor_label: string | null;
    action: string;
    target_type: string | null;
    target_id: string | null;
    before: unknown;
    after: unknown;
    ip: string | null;
    prev_hash: string;
    hash: string;
    /** HMAC of the hash under the audit key (kept outside the database); null only for entries written without a key. */
    mac: string | null;
  };
  audit_heads: { chain: string; workspace_id: string | null; seq: number; hash: string; mac: string | null };
}

export interface AuditEntryInput {
  workspaceId: string | null;
  actor: Actor;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

export type AuditRow = AuditTables['audit_log'];

/**
 * The audit key: derived (HKDF-SHA256, its own label) from SOTONG_SECRET_KEY, which lives outside the
 * database. Someone who can edit the database but not read the key cannot recompute the MACs after
 * editing, deleting or re-chaining entries. Set once per process when the platform opens.
 */
let auditKey: Buffer | undefined;
export function setAuditKey(secretKey: Buffer): void {
  auditKey = Buffer.from(crypto.hkdfSync('sha256', secretKey, Buffer.alloc(0), 'sotong audit chain v1', 32));
}
export const hasAuditKey = () => auditKey !== undefined;
/** HMAC-SHA256 under the audit key (base64url); null when no key is set. */
export const auditMac = (text: string) => (auditKey ? crypto.createHmac('sha256', auditKey).update(text).digest('base64url') : null);
const mac = auditMac;
/** The MAC of one entry (over its hash, which covers its content and its predecessor). */
export const entryMac = (hash: string) => mac(`entry|${hash}`);
/** The MAC of a chain head: where the chain ends. */
export const headMac = (chain: string, seq: number, hash: string) => mac(`head|${chain}|${seq}|${hash}`);

export const chainOf = (workspaceId: string | null) => workspaceId ?? 'system';

/** The fields a hash covers, in the same form whether computed at append or recomputed at verify. */
export function entryHash(row: Omit<AuditRow, 'hash' | 'mac'>): string {
  return sha256Hex(
    canonicalJson({
      chain: row.chain,
      seq: Number(row.seq),
      workspaceId: row.workspace_id,
      at: new Date(row.at).toISOString(),
      actorId: row.actor_id,
      actorLabel: row.actor_label,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      before: row.before ?? null,
      after: row.after ?? null,
      ip: row.ip,
      prevHash: row.prev_hash,
    }),
  );
}

/**
 * Appends one entry to its workspace's chain. Must run inside the transaction that makes the change,
 * so the change and its audit entry commit together. The head row is locked, so appends serialise.
 */
export async function appendAudit(trx: AnyDb, input: AuditEntryInput): Promise<AuditRow> {
  const db = on<AuditTables>(trx);
  const chain = chainOf(input.workspaceId);
  await db
    .insertInto('audit_heads')
    .values({ chain, workspace_id: input.workspaceId, seq: 0, hash: GENESIS_HASH, mac: null })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
  const head = await db.selectFrom('audit_heads').selectAll().where('chain', '=', chain).forUpdate().executeTakeFirstOrThrow();
  const base = {
    chain,
    seq: Number(head.seq) + 1,
    workspace_id: input.workspaceId,
    at: input.at,
    actor_id: input.actor.userId,
    actor_label: input.actor.label,
    action: input.action,
    target_type: input.targetType ?? null,
    target_id: input.targetId ?? null,
    before: input.before === undefined ? null : JSON.parse(JSON.stringify(input.before)),
    after: input.after === undefined ? null : JSON.parse(JSON.stringify(input.after)),
    ip: input.actor.ip ?? null,
    prev_hash: head.hash,
  };
  const hash = entryHash(base);
  const row: AuditRow = { ...base, hash, mac: entryMac(hash) };
  await db
    .insertInto('audit_log')
    .values({ ...row, before: jsonParam(row.before), after: jsonParam(row.after) })
    .execute();
  await db
    .updateTable('audit_heads')
    .set({ seq: row.seq, hash: row.hash, mac: headMac(chain, row.seq, row.hash) })
    .where('chain', '=', chain)
    .execute();
  return row;
}

/**
 * Many entries in one go (same chain order as one appendAudit after another): per chain, the head is
 * locked once, the entries are chained in memory and written in one insert, and the head moved once.
 */
export async function appendAuditMany(trx: AnyDb, inputs: AuditEntryInput[]): Promise<void> {
  const db = on<AuditTables>(trx);
  const byChain = new Map<string, AuditEntryInput[]>();
  for (const i of inputs) byChain.set(chainOf(i.workspaceId), [...(byChain.get(chainOf(i.workspaceId)) ?? []), i]);
  for (const [chain, list] of byChain) {
    await db
      .insertInto('audit_heads')
      .values({ chain, workspace_id: list[0]!.workspaceId, seq: 0, hash: GENESIS_HASH, mac: null })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute();
    const head = await db.selectFrom('audit_heads').selectAll().where('chain', '=', chain).forUpdate().executeTakeFirstOrThrow();
    let seq = Number(head.seq);
    let prev = head.hash;
    const rows: AuditRow[] = [];
    for (const input of list) {
      const base = {
        chain,
        seq: ++seq,
        workspace_id: input.workspaceId,
        at: input.at,
        actor_id: input.actor.userId,
        actor_label: input.actor.label,
        action: input.action,
        target_type: input.targetType ?? null,
        target_id: input.targetId ?? null,
        before: input.before === undefined ? null : JSON.parse(JSON.stringify(input.before)),
        after: input.after === undefined ? null : JSON.parse(JSON.stringify(input.after)),
        ip: input.actor.ip ?? null,
        prev_hash: prev,
      };
      const hash = entryHash(base);
      rows.push({ ...base, hash, mac: entryMac(hash) });
      prev = hash;
    }
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('audit_log')
        .values(rows.slice(i, i + 500).map((row) => ({ ...row, before: jsonParam(row.before), after: jsonParam(row.after) })))
        .execute();
    await db
      .updateTable('audit_heads')
      .set({ seq, hash: prev, mac: headMac(chain, seq, prev) })
      .where('chain', '=', chain)
      .execute();
  }
}

/** jsonb parameters go over the wire as JSON text on both stores. */
export function jsonParam(value: unknown): never {
  return (value === null || value === undefined ? null : JSON.stringify(value)) as never;
}

/**
 * Once, when the migration that added MACs runs: entries written before it get their MAC (after their
 * hashes were checked by the caller's verify, if it wants). Later, an entry without a MAC is tampering.
 */
export async function sealUnsigned(db: Kysely<AuditTables>): Promise<number> {
  if (!auditKey) return 0;
  const rows = await db.selectFrom('audit_log').select(['chain', 'seq', 'hash']).where('mac', 'is', null).execute();
  for (const r of rows)
    await db
      .updateTable('audit_log')
      .set({ mac: entryMac(r.hash) })
      .where('chain', '=', r.chain)
      .where('seq', '=', r.seq)
      .execute();
  const heads = await db.selectFrom('audit_heads').select(['chain', 'seq', 'hash']).where('mac', 'is', null).execute();
  for (const h of heads)
    await db
      .updateTable('audit_heads')
      .set({ mac: headMac(h.chain, Number(h.seq), h.hash) })
      .where('chain', '=', h.chain)
      .execute();
  return rows.length;
}
