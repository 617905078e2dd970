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
  };
  audit_heads: { chain: string; workspace_id: string | null; seq: number; hash: string };
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

export const chainOf = (workspaceId: string | null) => workspaceId ?? 'system';

/** The fields a hash covers, in the same form whether computed at append or recomputed at verify. */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
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
    .values({ chain, workspace_id: input.workspaceId, seq: 0, hash: GENESIS_HASH })
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
  const row: AuditRow = { ...base, hash: entryHash(base) };
  await db
    .insertInto('audit_log')
    .values({ ...row, before: jsonParam(row.before), after: jsonParam(row.after) })
    .execute();
  await db.updateTable('audit_heads').set({ seq: row.seq, hash: row.hash }).where('chain', '=', chain).execute();
  return row;
}

/** jsonb parameters go over the wire as JSON text on both stores. */
export function jsonParam(value: unknown): never {
  return (value === null || value === undefined ? null : JSON.stringify(value)) as never;
}
