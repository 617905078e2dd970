/**
 * Rollup deltas gathered in memory and written with one upsert per table (keys sorted, so concurrent
 * writers take row locks in the same order). Counts never go below 0; rows that reach 0 are removed.
 */
import { sql, type Kysely } from 'kysely';
import type { ListeningDb, SentimentKey } from './listening.tables.js';

interface Hourly {
  workspace_id: string;
  query_id: string;
  bucket_hour: Date;
  channel: string;
  sentiment: SentimentKey;
  count: number;
  complaint_count: number;
  reach_sum: number;
}
interface Keyword {
  workspace_id: string;
  query_id: string;
  day: string;
  term: string;
  count: number;
}
interface Author {
  workspace_id: string;
  query_id: string;
  day: string;
  author_id: string;
  count: number;
  negative: number;
}

export class RollupDeltas {
  private readonly h = new Map<string, Hourly>();
  private readonly k = new Map<string, Keyword>();
  private readonly a = new Map<string, Author>();

  hourly(workspace_id: string, query_id: string, bucket_hour: Date, channel: string, sentiment: SentimentKey, count: number, complaint: number, reach: number): void {
    const key = `${query_id}|${bucket_hour.toISOString()}|${channel}|${sentiment}`;
    const r = this.h.get(key) ?? { workspace_id, query_id, bucket_hour, channel, sentiment, count: 0, complaint_count: 0, reach_sum: 0 };
    r.count += count;
    r.complaint_count += complaint;
    r.reach_sum += reach;
    this.h.set(key, r);
  }

  keyword(workspace_id: string, query_id: string, day: string, term: string, count: number): void {
    const key = `${query_id}|${day}|${term}`;
    const r = this.k.get(key) ?? { workspace_id, query_id, day, term, count: 0 };
    r.count += count;
    this.k.set(key, r);
  }

  author(workspace_id: string, query_id: string, day: string, author_id: string, count: number, negative: number): void {
    const key = `${query_id}|${day}|${author_id}`;
    const r = this.a.get(key) ?? { workspace_id, query_id, day, author_id, count: 0, negative: 0 };
    r.count += count;
    r.negative += negative;
    this.a.set(key, r);
  }

  get empty(): boolean {
    return this.h.size + this.k.size + this.a.size === 0;
  }

  async apply(trx: Kysely<ListeningDb>): Promise<void> {
    const sorted = <T>(m: Map<string, T>, keep: (r: T) => boolean) =>
      [...m]
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([, r]) => r)
        .filter(keep);
    const hourly = sorted(this.h, (r) => r.count !== 0 || r.complaint_count !== 0 || r.reach_sum !== 0);
    const keywords = sorted(this.k, (r) => r.count !== 0);
    const authors = sorted(this.a, (r) => r.count !== 0 || r.negative !== 0);
    for (let i = 0; i < hourly.length; i += 1000) {
      await trx
        .insertInto('listening_rollups_hourly')
        .values(hourly.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.columns(['query_id', 'bucket_hour', 'channel', 'sentiment']).doUpdateSet({
            count: sql`greatest(0, listening_rollups_hourly.count + excluded.count)`,
            complaint_count: sql`greatest(0, listening_rollups_hourly.complaint_count + excluded.complaint_count)`,
            reach_sum: sql`greatest(0, listening_rollups_hourly.reach_sum + excluded.reach_sum)`,
          }),
        )
        .execute();
    }
    for (let i = 0; i < keywords.length; i += 1000) {
      await trx
        .insertInto('listening_keywords_daily')
        .values(keywords.slice(i, i + 1000))
        .onConflict((oc) => oc.columns(['query_id', 'day', 'term']).doUpdateSet({ count: sql`greatest(0, listening_keywords_daily.count + excluded.count)` }))
        .execute();
    }
    for (let i = 0; i < authors.length; i += 1000) {
      await trx
        .insertInto('listening_authors_daily')
        .values(authors.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.columns(['query_id', 'day', 'author_id']).doUpdateSet({
            count: sql`greatest(0, listening_authors_daily.count + excluded.count)`,
            negative: sql`greatest(0, listening_authors_daily.negative + excluded.negative)`,
          }),
        )
        .execute();
    }
    // Decrements can leave empty rows (or, after pruning, negative fresh ones): remove them.
    if (hourly.some((r) => r.count < 0)) {
      const qids = [...new Set(hourly.map((r) => r.query_id))];
      const hours = [...new Set(hourly.map((r) => r.bucket_hour.toISOString()))];
      await trx
        .deleteFrom('listening_rollups_hourly')
        .where('query_id', 'in', qids)
        .where(
          'bucket_hour',
          'in',
          hours.map((h) => new Date(h)),
        )
        .where('count', '<=', 0)
        .execute();
    }
    if (keywords.some((r) => r.count < 0)) {
      const qids = [...new Set(keywords.map((r) => r.query_id))];
      const days = [...new Set(keywords.map((r) => r.day))];
      await trx.deleteFrom('listening_keywords_daily').where('query_id', 'in', qids).where('day', 'in', days).where('count', '<=', 0).execute();
    }
    if (authors.some((r) => r.count < 0)) {
      const qids = [...new Set(authors.map((r) => r.query_id))];
      const days = [...new Set(authors.map((r) => r.day))];
      await trx.deleteFrom('listening_authors_daily').where('query_id', 'in', qids).where('day', 'in', days).where('count', '<=', 0).execute();
    }
  }
}
