import type { Kysely } from 'kysely';
import type { Store } from '../../platform/db/store.js';
import { on, tables, type AnyDb } from '../../platform/db/store.js';
import { GENESIS_HASH } from './canonical.js';
import { entryHash, entryMac, hasAuditKey, headMac, type AuditRow, type AuditTables } from './audit.store.js';
import type { AuditPage, AuditView } from '../../contracts/identity.js';

export type { AuditView };

export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Page backwards from this sequence number (exclusive). */
  before?: number;
  limit: number;
}

export async function listAudit(store: Store, workspaceId: string, f: AuditFilter): Promise<AuditPage> {
  const db = tables<AuditTables & { users: { id: string; email: string; name: string } }>(store);
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.seq', 'a.at', 'a.actor_id', 'a.actor_label', 'a.action', 'a.target_type', 'a.target_id', 'a.before', 'a.after', 'a.ip', 'a.chain', 'u.email', 'u.name'])
    .where('a.workspace_id', '=', workspaceId);
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
  if (f.from) q = q.where('a.at', '>=', f.from);
  if (f.to) q = q.where('a.at', '<', f.to);
  if (f.before !== undefined) q = q.where('a.seq', '<', f.before);
  const rows = await q
    .orderBy('a.seq', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  return {
    entries: page.map((r) => ({
      id: `${r.chain}:${r.seq}`,
      seq: Number(r.seq),
      at: new Date(r.at).toISOString(),
      actor: r.actor_id && r.email ? { id: r.actor_id, email: r.email, name: r.name ?? '' } : r.actor_label ? { id: null, label: r.actor_label } : null,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
    nextBefore: rows.length > f.limit ? Number(page[page.length - 1]!.seq) : null,
  };
}

export interface AuditProblem {
  chain: string;
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'missing_entries' | 'head_mismatch' | 'bad_mac' | 'missing_chain';
  message: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  chains: number;
  entries: number;
  problems: AuditProblem[];
}

/**
 * Recomputes every chain. An edited row fails its hash; a deleted row leaves a gap or a broken link;
 * deleting the newest rows leaves the head pointing past the end.
 */
export async function verifyAudit(store: Store, chainFilter?: string): Promise<AuditVerifyResult> {
  const db: Kysely<AuditTables & { workspaces: { id: string } }> = tables<AuditTables & { workspaces: { id: string } }>(store);
  const keyed = hasAuditKey();
  let headsQ = db.selectFrom('audit_heads').selectAll();
  if (chainFilter) headsQ = headsQ.where('chain', '=', chainFilter);
  const heads = await headsQ.execute();
  const known = new Set(heads.map((h) => h.chain));
  let orphanQ = db.selectFrom('audit_log').select('chain').distinct();
  if (chainFilter) orphanQ = orphanQ.where('chain', '=', chainFilter);
  const chains = (await orphanQ.execute()).map((r) => r.chain);
  const problems: AuditProblem[] = [];
  let entries = 0;
  for (const chain of chains) {
    if (!known.has(chain)) problems.push({ chain, seq: 0, problem: 'head_mismatch', message: `chain ${chain} has entries but no head` });
  }
  // Every workspace starts its chain when it is created: a workspace without one had its trail deleted.
  let wsQ = db.selectFrom('workspaces').select('id');
  if (chainFilter) wsQ = wsQ.where('id', '=', chainFilter);
  for (const w of await wsQ.execute()) {
    if (!known.has(w.id)) problems.push({ chain: w.id, seq: 0, problem: 'missing_chain', message: `workspace ${w.id} has data but its audit chain is gone` });
  }
  const PAGE = 5000;
  for (const head of heads) {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const rows: AuditRow[] = await db.selectFrom('audit_log').selectAll().where('chain', '=', head.chain).where('seq', '>=', expectedSeq).orderBy('seq').limit(PAGE).execute();
      for (const row of rows) {
        const seq = Number(row.seq);
        entries++;
        if (seq !== expectedSeq) {
          problems.push({ chain: head.chain, seq: expectedSeq, problem: 'missing_entries', message: `entries ${expectedSeq}..${seq - 1} are missing` });
        } else if (row.prev_hash !== prevHash) {
          problems.push({ chain: head.chain, seq, problem: 'broken_link', message: `entry ${seq} does not follow entry ${seq - 1}` });
        }
        const { hash, mac, ...rest } = row;
        if (entryHash(rest) !== hash) {
          problems.push({ chain: head.chain, seq, problem: 'hash_mismatch', message: `entry ${seq} was changed after it was written` });
        } else if (keyed && mac !== entryMac(hash)) {
          problems.push({ chain: head.chain, seq, problem: 'bad_mac', message: `entry ${seq} is not signed by the audit key (changed, or its hashes recomputed)` });
        }
        prevHash = hash;
        expectedSeq = seq + 1;
      }
      if (rows.length < PAGE) break;
    }
    if (expectedSeq - 1 !== Number(head.seq) || prevHash !== head.hash) {
      problems.push({ chain: head.chain, seq: Number(head.seq), problem: 'head_mismatch', message: `chain ends at entry ${expectedSeq - 1} but its head says ${head.seq}` });
    } else if (keyed && Number(head.seq) > 0 && head.mac !== headMac(head.chain, Number(head.seq), head.hash)) {
      problems.push({ chain: head.chain, seq: Number(head.seq), problem: 'bad_mac', message: `the head of chain ${head.chain} is not signed by the audit key` });
    }
  }
  return { ok: problems.length === 0, chains: heads.length, entries, problems };
}

/** The newest entries about one target, of the given actions (newest first): for modules that explain a state from its history. */
export async function auditEntriesFor(from: AnyDb, q: { workspaceId: string; targetId: string; actions: string[]; limit: number }): Promise<Array<Pick<AuditRow, 'action' | 'before' | 'after'>>> {
  return on<AuditTables>(from)
    .selectFrom('audit_log')
    .select(['action', 'before', 'after'])
    .where('workspace_id', '=', q.workspaceId)
    .where('target_id', '=', q.targetId)
    .where('action', 'in', q.actions)
    .orderBy('at', 'desc')
    .orderBy('seq', 'desc')
    .limit(q.limit)
    .execute();
}
