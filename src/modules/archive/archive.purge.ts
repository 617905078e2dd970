import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { on, type AnyDb } from '../../platform/db/store.js';
import { GENESIS_HASH } from '../../platform/hashchain.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { Keyring } from '../secrets/index.js';
import type { ArchiveTables } from './archive.tables.js';
import { decryptBody } from './archive.store.js';
import { contentDigest, entryHash, entryOfRow } from './chain.js';

const DAY = 86_400_000;
export const PURGE_BATCH = 5000;

type Hold = ArchiveTables['archive_holds'];
interface Candidate {
  seq: number;
  channel: string | null;
  occurred_at: Date | null;
  author_id: string | null;
  conversation_id: string | null;
  source_id: string | null;
}

/** Whether an active hold keeps a version (every criterion it names must match). */
export function heldBy(hold: Hold, v: Candidate, linked: Map<string, Set<string>>): boolean {
  if (hold.author_id && hold.author_id !== v.author_id) return false;
  if (hold.channel && hold.channel !== v.channel) return false;
  if (hold.conversation_id && hold.conversation_id !== v.conversation_id && !linked.get(hold.conversation_id)?.has(v.source_id ?? '')) return false;
  const at = v.occurred_at ? new Date(v.occurred_at).getTime() : Number.NaN;
  if (hold.from_at && !(at >= new Date(hold.from_at).getTime())) return false;
  if (hold.to_at && !(at < new Date(hold.to_at).getTime())) return false;
  return true;
}

/** Seq numbers as ranges ("1-40,52"), so the record of a large purge stays small. */
export function ranges(seqs: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < seqs.length; ) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j]! + 1) j++;
    out.push(i === j ? `${seqs[i]}` : `${seqs[i]}-${seqs[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/**
 * One purge batch of one workspace, inside the caller's transaction: versions past their channel's
 * retention and under no active hold are emptied into tombstones (seq, prev_hash and hash stay, so the
 * chain still links), the purge is recorded with the seq numbers it removed and audited. Returns what it
 * removed and how many it kept for a hold. The head row is locked, so a purge and an append queue.
 */
export async function purgeBatch(trx: AnyDb, workspaceId: string, now: Date, actor: Actor): Promise<{ removed: number; held: number; more: boolean }> {
  const db = on<ArchiveTables>(trx);
  const retention = await db.selectFrom('archive_retention').selectAll().where('workspace_id', '=', workspaceId).execute();
  if (!retention.length) return { removed: 0, held: 0, more: false };
  await sql`select set_config('sotong.archive_purge', 'on', true)`.execute(trx);
  await db.selectFrom('archive_heads').select('seq').where('workspace_id', '=', workspaceId).forUpdate().execute();
  const days = new Map(retention.map((r) => [r.channel, r.days]));
  const cutoffOf = (channel: string | null) => {
    const d = days.get(channel ?? '') ?? days.get('*');
    return d === undefined ? Number.NEGATIVE_INFINITY : now.getTime() - d * DAY;
  };
  const widest = Math.max(...retention.map((r) => now.getTime() - r.days * DAY));
  const holds = await db.selectFrom('archive_holds').selectAll().where('workspace_id', '=', workspaceId).where('released_at', 'is', null).execute();
  const linked = new Map<string, Set<string>>();
  const convs = [...new Set(holds.map((h) => h.conversation_id).filter((c): c is string => !!c))];
  if (convs.length) {
    const links = await db.selectFrom('archive_conversation_links').select(['item_id', 'conversation_id']).where('workspace_id', '=', workspaceId).where('conversation_id', 'in', convs).execute();
    for (const l of links) linked.set(l.conversation_id, (linked.get(l.conversation_id) ?? new Set()).add(l.item_id));
  }
  let after = 0;
  const remove: number[] = [];
  let held = 0;
  let more = false;
  // Held versions stay candidates on every run, so the scan pages past them within this batch.
  for (;;) {
    const page: Candidate[] = await db
      .selectFrom('archive_versions')
      .select(['seq', 'channel', 'occurred_at', 'author_id', 'conversation_id', 'source_id'])
      .where('workspace_id', '=', workspaceId)
      .where('purged_at', 'is', null)
      .where('occurred_at', '<', new Date(widest))
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PURGE_BATCH)
      .execute();
    for (const v of page) {
      if (!(new Date(v.occurred_at!).getTime() < cutoffOf(v.channel))) continue;
      if (holds.some((h) => heldBy(h, v, linked))) held++;
      else remove.push(Number(v.seq));
    }
    if (page.length < PURGE_BATCH) break;
    after = Number(page[page.length - 1]!.seq);
    if (remove.length >= PURGE_BATCH) {
      more = true;
      break;
    }
  }
  if (!remove.length) return { removed: 0, held, more: false };
  const purgeId = crypto.randomUUID();
  for (let i = 0; i < remove.length; i += 1000) {
    await db
      .updateTable('archive_versions')
      .set({
        purged_at: now,
        purge_id: purgeId,
        occurred_at: null,
        kind: null,
        source: null,
        source_id: null,
        channel: null,
        account_id: null,
        native_id: null,
        conversation_id: null,
        author_id: null,
        author_label: null,
        direction: null,
        is_private: null,
        item_version: null,
        labels: null,
        meta: null,
        attachments: null,
        text_masked: null,
        content_nonce: null,
        content_sha256: null,
        body_enc: null,
      })
      .where('workspace_id', '=', workspaceId)
      .where('seq', 'in', remove.slice(i, i + 1000))
      .execute();
  }
  // Their attachment files: the worker removes the held bytes from the storage and records when.
  let files = 0;
  for (let i = 0; i < remove.length; i += 1000) {
    const r = await db
      .updateTable('archive_attachment_files')
      .set({ status: 'purged', purged_at: now, purge_id: purgeId, claimed_until: null })
      .where('workspace_id', '=', workspaceId)
      .where('seq', 'in', remove.slice(i, i + 1000))
      .where('status', '<>', 'purged')
      .executeTakeFirst();
    files += Number(r.numUpdatedRows);
  }
  const seqs = ranges(remove);
  await db
    .insertInto('archive_purges')
    .values({ id: purgeId, workspace_id: workspaceId, at: now, removed: remove.length, held, first_seq: remove[0]!, last_seq: remove[remove.length - 1]!, seqs: jsonParam(seqs) })
    .execute();
  await appendAudit(trx, {
    workspaceId,
    actor,
    action: 'archive.purged',
    targetType: 'archive_purge',
    targetId: purgeId,
    after: { removed: remove.length, held, attachmentFiles: files, seqs: seqs.length > 2000 ? `${seqs.slice(0, 2000)}…` : seqs },
    at: now,
  });
  return { removed: remove.length, held, more };
}

export interface ChainProblem {
  seq: number;
  message: string;
}

/**
 * Recomputes a workspace's chain in the store: every living version's hash and the digest of its
 * decrypted original, every link, the head; a tombstone must belong to a recorded purge.
 */
export async function verifyStoredChain(trx: AnyDb, keyring: Keyring, workspaceId: string): Promise<{ ok: boolean; versions: number; purged: number; problems: ChainProblem[] }> {
  const db = on<ArchiveTables>(trx);
  const problems: ChainProblem[] = [];
  const purges = new Set((await db.selectFrom('archive_purges').select('id').where('workspace_id', '=', workspaceId).execute()).map((p) => p.id));
  const head = await db.selectFrom('archive_heads').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  let expected = 1;
  let prev = GENESIS_HASH;
  let purged = 0;
  for (;;) {
    const rows = await db.selectFrom('archive_versions').selectAll().where('workspace_id', '=', workspaceId).where('seq', '>=', expected).orderBy('seq').limit(2000).execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) problems.push({ seq: expected, message: `versions ${expected}..${seq - 1} are missing` });
      else if (r.prev_hash !== prev) problems.push({ seq, message: `version ${seq} does not follow version ${seq - 1}` });
      if (r.purged_at) {
        purged++;
        if (!r.purge_id || !purges.has(r.purge_id)) problems.push({ seq, message: `version ${seq} was emptied by no recorded purge` });
      } else if (entryHash(entryOfRow(r)) !== r.hash) {
        problems.push({ seq, message: `version ${seq} was changed after it was written` });
      } else {
        try {
          const body = decryptBody(keyring, workspaceId, seq, r.body_enc ?? '');
          if (contentDigest(r.content_nonce ?? '', body) !== r.content_sha256) problems.push({ seq, message: `the original of version ${seq} does not match its digest` });
        } catch {
          problems.push({ seq, message: `the original of version ${seq} cannot be read (changed, or moved from another version)` });
        }
      }
      prev = r.hash;
      expected = seq + 1;
    }
    if (rows.length < 2000) break;
  }
  const headSeq = head ? Number(head.seq) : 0;
  if (expected - 1 !== headSeq || prev !== (head?.hash ?? GENESIS_HASH)) problems.push({ seq: headSeq, message: `the chain ends at version ${expected - 1} but its head says ${headSeq}` });
  return { ok: problems.length === 0, versions: expected - 1, purged, problems };
}
