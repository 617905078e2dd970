/**
 * Claims of variants to send (internal to the module; DeliveryService is the face): due ones and lapsed
 * claims for a lease, and the ones due within the look-ahead, staged (migration 0039) until the sender
 * confirms them at their slot. FOR UPDATE SKIP LOCKED: several workers never share a variant.
 */
import { sql, type Kysely } from 'kysely';
import { arrayLiteral } from '../../platform/db/unnest.js';
import { dropOpenRecords, finalText, screenedText } from './posts.store.js';
import { iso, type MediaItem, type PostRow, type PublishingTables, type VariantRow } from './publishing.tables.js';

/** A claimed variant with what the sender needs of its post. */
export interface DueVariant {
  variantId: string;
  postId: string;
  workspaceId: string;
  accountId: string | null;
  target: string;
  title: string;
  /** What is sent: the tracked links and the stamp. */
  text: string;
  /** What the screen reads: the links as written, and the stamp. */
  screenText: string;
  media: MediaItem[];
  product: string | null;
  postStatus: PostRow['status'];
  stampRequired: boolean;
  reviewValidUntil: string | null;
  idempotencyKey: string;
  dueAt: string;
  attempts: number;
}

export type BeginResult = { kind: 'fresh' } | { kind: 'reconcile'; calls: number } | { kind: 'done'; nativeId: string; url: string | null };

export const idempotencyKeyOf = (variantId: string) => `sotong-post-${variantId}`;

/** `column = any($1::uuid[])`: one parameter for a batch of ids (a list of hundreds of parameters costs more to send and plan). */
export const anyId = (column: 'id', ids: string[]) => sql<boolean>`${sql.ref(column)} = any(${arrayLiteral(ids)}::uuid[])`;

/** Claims due variants (and those whose claim lapsed) for `leaseMs`; several workers never share one. */
export async function claimDue(db: Kysely<PublishingTables>, now: Date, limit = 50, leaseMs = 60_000): Promise<DueVariant[]> {
  const rows = await db.transaction().execute(async (trx) => {
    // Lapsed claims first (they were due earlier), then the due ones; each by its own partial index.
    const lapsed = await trx.selectFrom('publishing_variants').selectAll().where('status', '=', 'sending').where('claim_until', '<', now).orderBy('claim_until').limit(limit).forUpdate().skipLocked().execute();
    const due =
      lapsed.length < limit
        ? [
            ...lapsed,
            ...(await trx
              .selectFrom('publishing_variants')
              .selectAll()
              .where('status', '=', 'scheduled')
              .where('due_at', '<=', now)
              .orderBy('due_at')
              .limit(limit - lapsed.length)
              .forUpdate()
              .skipLocked()
              .execute()),
          ]
        : lapsed;
    if (!due.length) return [];
    // A lapsed claim that was never confirmed was never called: its record goes and it is sent afresh.
    await dropOpenRecords(
      trx,
      lapsed.filter((v) => v.staged_at).map((v) => v.id),
    );
    await trx
      .updateTable('publishing_variants')
      .set({ status: 'sending', staged_at: null, claim_until: new Date(now.getTime() + leaseMs), attempts: sql`attempts + 1` })
      .where(
        anyId(
          'id',
          due.map((v) => v.id),
        ),
      )
      .execute();
    return due;
  });
  return withPosts(db, rows);
}

/**
 * Claims the variants due within the next `aheadMs` (not yet due) until `leaseMs` after their slot,
 * marked staged: the sender checks them and writes their records before the slot and, at the slot,
 * calls only those it can still confirm (`confirmStaged`).
 */
export async function claimAhead(db: Kysely<PublishingTables>, now: Date, limit: number, aheadMs: number, leaseMs = 60_000): Promise<DueVariant[]> {
  const rows = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('publishing_variants')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('due_at', '>', now)
      .where('due_at', '<=', new Date(now.getTime() + aheadMs))
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!due.length) return [];
    await trx
      .updateTable('publishing_variants')
      .set({ status: 'sending', staged_at: now, claim_until: sql`due_at + ${`${leaseMs} milliseconds`}::interval`, attempts: sql`attempts + 1` })
      .where(
        anyId(
          'id',
          due.map((v) => v.id),
        ),
      )
      .execute();
    return due;
  });
  return withPosts(db, rows);
}

/** At the slot: the staged variants still staged (no one changed, stopped or took them over) become plain claims; the ones that may be called. */
export async function confirmStaged(db: Kysely<PublishingTables>, now: Date, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await sql<{ id: string }>`update publishing_variants set staged_at = null
      where id = any(${arrayLiteral(ids)}::uuid[]) and status = 'sending' and staged_at is not null and claim_until > ${now} returning id`.execute(db);
  return new Set(rows.rows.map((r) => r.id));
}

async function withPosts(db: Kysely<PublishingTables>, rows: VariantRow[]): Promise<DueVariant[]> {
  if (!rows.length) return [];
  const posts = await db
    .selectFrom('publishing_posts')
    .selectAll()
    .where(anyId('id', [...new Set(rows.map((r) => r.post_id))]))
    .execute();
  const byId = new Map(posts.map((p) => [p.id, p]));
  return rows.map((v) => {
    const p = byId.get(v.post_id)!;
    return {
      variantId: v.id,
      postId: v.post_id,
      workspaceId: v.workspace_id,
      accountId: v.account_id,
      target: v.target,
      title: p.title,
      text: finalText(p, v),
      screenText: screenedText(p, v),
      media: v.media,
      product: p.product,
      postStatus: p.status,
      stampRequired: v.stamp_required,
      reviewValidUntil: p.review_valid_until,
      idempotencyKey: idempotencyKeyOf(v.id),
      dueAt: iso(v.due_at)!,
      attempts: v.attempts + 1,
    };
  });
}
