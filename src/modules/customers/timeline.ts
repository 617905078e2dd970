import { sql, type Kysely } from 'kysely';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { AUTHOR_COLUMNS, ITEM_COLUMNS, presentItem, type ItemRowView } from '../items/index.js';
import type { CustomersDb } from './customers.tables.js';
import type { CustomerActivity, EngagedPost, SentimentPoint, TimelineEntry } from '../../contracts/customers.js';

export type { CustomerActivity, EngagedPost, SentimentPoint, TimelineEntry };

/**
 * What other modules add to a customer's timeline (the customer-timeline flow implements it over the
 * publishing and links faces; the composition root passes it in).
 */
export interface TimelineExtras {
  /** The bank's published posts these items reply to or comment on, by item id. */
  engagedPosts(workspaceId: string, items: { id: string; accountId: string; parentNativeId: string | null; threadNativeId: string | null }[]): Promise<Map<string, EngagedPost>>;
  /** Clicks on tracked links sent in these (private) conversations and conversions attributed to them, newest first. */
  activity(workspaceId: string, conversationIds: string[], window: { after?: Date; before?: Date; limit: number }): Promise<CustomerActivity[]>;
}

const scoreOf = (analysis: unknown): number | null => {
  const p = (analysis as { sentiment?: { probs?: Record<string, number> } } | null)?.sentiment?.probs;
  return p ? Math.round(((p.positive ?? 0) - (p.negative ?? 0)) * 1000) / 1000 : null;
};

/** One customer's items across their linked social identities, newest first, and sentiment by day. */
export class Timeline {
  private readonly db: Kysely<CustomersDb>;
  constructor(store: Store) {
    this.db = tables<CustomersDb>(store);
  }

  async page(workspaceId: string, authorIds: string[], opts: { before?: Date; limit: number }): Promise<{ entries: TimelineEntry[]; nextBefore: string | null }> {
    if (!authorIds.length) return { entries: [], nextBefore: null };
    let q = this.db
      .selectFrom('items as i')
      .innerJoin('authors as a', 'a.id', 'i.author_id')
      .select([...ITEM_COLUMNS, ...AUTHOR_COLUMNS])
      .where('i.workspace_id', '=', workspaceId)
      .where('i.author_id', 'in', authorIds)
      .where('i.deleted_at', 'is', null);
    if (opts.before) q = q.where('i.created_at', '<', opts.before);
    const rows = (await q.orderBy('i.created_at', 'desc').limit(opts.limit).execute()) as unknown as ItemRowView[];
    const entries: TimelineEntry[] = rows.map((r) => ({ item: presentItem(r), sentiment: scoreOf(r.analysis) }));
    return { entries, nextBefore: rows.length === opts.limit ? new Date(rows[rows.length - 1]!.created_at).toISOString() : null };
  }

  /**
   * The private conversations of these identities: a tracked link in a private reply went to this person
   * only, so its clicks are theirs (public replies' links can be followed by anyone and are left out).
   */
  async privateConversations(workspaceId: string, authorIds: string[]): Promise<string[]> {
    if (!authorIds.length) return [];
    const rows = await this.db.selectFrom('conversations').select('id').where('workspace_id', '=', workspaceId).where('customer_author_id', 'in', authorIds).where('is_private', '=', true).limit(1000).execute();
    return rows.map((r) => r.id);
  }

  async sentiment(workspaceId: string, authorIds: string[], since: Date): Promise<SentimentPoint[]> {
    if (!authorIds.length) return [];
    const rows = await this.db
      .selectFrom('items as i')
      .select([
        sql<string>`to_char(date_trunc('day', i.created_at at time zone 'UTC'), 'YYYY-MM-DD')`.as('day'),
        sql<number>`avg(coalesce((i.analysis->'sentiment'->'probs'->>'positive')::float8, 0) - coalesce((i.analysis->'sentiment'->'probs'->>'negative')::float8, 0))`.as('mean'),
        sql<number>`count(*)::int`.as('count'),
      ])
      .where('i.workspace_id', '=', workspaceId)
      .where('i.author_id', 'in', authorIds)
      .where('i.created_at', '>=', since)
      .where(sql<boolean>`i.analysis->'sentiment' is not null`)
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute();
    return rows.map((r) => ({ day: r.day, mean: Math.round(Number(r.mean) * 1000) / 1000, count: Number(r.count) }));
  }
}
