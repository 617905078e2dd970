/**
 * What was published, as a record keeper needs it (the archive-capture flow): the text that went out,
 * where, when, under which campaign and 심의필, who wrote it and who approved it.
 */
import { sql, type Kysely } from 'kysely';
import { arrayLiteral } from '../../platform/db/unnest.js';
import { tables, type Store } from '../../platform/db/store.js';
import { finalText } from './posts.store.js';
import { iso, UUID_RE, type MediaItem, type PublishingTables, type TrackedLink } from './publishing.tables.js';

export interface PublishedRecord {
  variantId: string;
  postId: string;
  workspaceId: string;
  accountId: string | null;
  target: string;
  title: string;
  /** Exactly what was sent: tracked links and the 심의필 stamp included. */
  text: string;
  media: MediaItem[];
  trackedLinks: TrackedLink[];
  nativeId: string | null;
  url: string | null;
  publishedAt: string | null;
  campaign: string | null;
  product: string | null;
  round: number;
  review: { number: string; validFrom: string | null; validUntil: string | null } | null;
  owner: { id: string | null; label: string };
  /** Who approved the round that was sent, in step order. */
  approvers: string[];
}

export class PublishedRecords {
  private readonly db: Kysely<PublishingTables>;
  constructor(store: Store) {
    this.db = tables<PublishingTables>(store);
  }

  /** What people call these posts: the title, else the start of the master text (ids of other workspaces left out). */
  async titles(workspaceId: string, postIds: string[]): Promise<Map<string, string>> {
    const ids = postIds.filter((id) => UUID_RE.test(id));
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('publishing_posts').select(['id', 'title', 'master_text']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.title || r.master_text.slice(0, 40)]));
  }

  /** The published variants among these ids, of this workspace (others are left out). */
  async published(workspaceId: string, variantIds: string[]): Promise<PublishedRecord[]> {
    if (!variantIds.length) return [];
    const rows = await this.db
      .selectFrom('publishing_variants as v')
      .innerJoin('publishing_posts as p', 'p.id', 'v.post_id')
      .leftJoin('publishing_campaigns as c', 'c.id', 'p.campaign_id')
      .select(['v.id', 'v.post_id', 'v.account_id', 'v.target', 'v.text', 'v.tracked_text', 'v.tracked_links', 'v.stamp_required', 'v.media', 'v.native_id', 'v.url', 'v.published_at'])
      .select(['p.title', 'p.stamp', 'p.product', 'p.round', 'p.review_number', 'p.review_valid_from', 'p.review_valid_until', 'p.owner_id', 'p.owner_label', 'c.name as campaign'])
      .where('v.workspace_id', '=', workspaceId)
      .where(sql<boolean>`v.id = any(${arrayLiteral(variantIds.filter((id) => UUID_RE.test(id)))}::uuid[])`)
      .where('v.status', '=', 'published')
      .execute();
    if (!rows.length) return [];
    const reviews = await this.db
      .selectFrom('publishing_reviews')
      .select(['post_id', 'round', 'step', 'user_label'])
      .where('workspace_id', '=', workspaceId)
      .where('action', '=', 'approved')
      .where(sql<boolean>`post_id = any(${arrayLiteral([...new Set(rows.map((r) => r.post_id))])}::uuid[])`)
      .orderBy('step')
      .execute();
    return rows.map((r) => ({
      variantId: r.id,
      postId: r.post_id,
      workspaceId,
      accountId: r.account_id,
      target: r.target,
      title: r.title,
      text: finalText({ stamp: r.stamp }, r),
      media: r.media ?? [],
      trackedLinks: r.tracked_links ?? [],
      nativeId: r.native_id,
      url: r.url,
      publishedAt: iso(r.published_at),
      campaign: r.campaign,
      product: r.product,
      round: r.round,
      review: r.review_number ? { number: r.review_number, validFrom: r.review_valid_from, validUntil: r.review_valid_until } : null,
      owner: { id: r.owner_id, label: r.owner_label },
      approvers: reviews.filter((x) => x.post_id === r.post_id && x.round === r.round).map((x) => x.user_label),
    }));
  }

  /**
   * The published variants that went out with these native ids on these accounts (a reply or comment
   * names its parent's native id): what a customer engaged with. Other workspaces' posts are left out.
   */
  async byNativeIds(workspaceId: string, refs: { accountId: string; nativeId: string }[]): Promise<{ accountId: string; nativeId: string; postId: string; title: string; target: string; url: string | null; publishedAt: string | null }[]> {
    const ids = [...new Set(refs.map((r) => r.nativeId))];
    if (!ids.length) return [];
    const rows = await this.db
      .selectFrom('publishing_variants as v')
      .innerJoin('publishing_posts as p', 'p.id', 'v.post_id')
      .select(['v.account_id', 'v.native_id', 'v.post_id', 'v.target', 'v.url', 'v.published_at', 'p.title', 'p.master_text'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.status', '=', 'published')
      .where(sql<boolean>`v.native_id = any(${arrayLiteral(ids)}::text[])`)
      .execute();
    const wanted = new Set(refs.map((r) => `${r.accountId} ${r.nativeId}`));
    return rows
      .filter((r) => r.account_id && r.native_id && wanted.has(`${r.account_id} ${r.native_id}`))
      .map((r) => ({ accountId: r.account_id!, nativeId: r.native_id!, postId: r.post_id, title: r.title || r.master_text.slice(0, 40), target: r.target, url: r.url, publishedAt: iso(r.published_at) }));
  }
}
