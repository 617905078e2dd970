/**
 * Housekeeping on a recurring job: fills the search column of items stored before it existed (or
 * written by an older version), and keeps the daily author and keyword rollups small (a finished day
 * keeps its 200 most active authors per query; keywords seen once are dropped after a week).
 */
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { DAY_MS, seoulDateKey } from './domain/seoul-time.js';
import { documentText, searchVector } from '../../nlp/index.js';
import type { ListeningDb } from './listening.tables.js';

export const MAINTENANCE_JOB = 'listening.maintenance';
export const TOP_AUTHORS_KEPT = 200;

export class Maintenance {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  /** Fills up to `limit` missing search documents; returns how many. */
  async fillSearch(limit = 2000): Promise<number> {
    const rows = await sql<{ id: string; title: string | null; text: string }>`select id, title, text from items where search is null limit ${limit}`.execute(this.db);
    for (let i = 0; i < rows.rows.length; i += 200) {
      const chunk = rows.rows.slice(i, i + 200);
      const values = sql.join(chunk.map((r) => sql`(${r.id}::uuid, ${searchVector(documentText(r.title, r.text))}::tsvector)`));
      await sql`update items set search = v.doc from (values ${values}) as v(id, doc) where items.id = v.id and items.search is null`.execute(this.db);
    }
    return rows.rows.length;
  }

  async prune(): Promise<void> {
    const today = this.clock.now().getTime();
    const cut = seoulDateKey(today - DAY_MS);
    const since = seoulDateKey(today - 4 * DAY_MS);
    await sql`delete from listening_authors_daily d using (
        select query_id, day, author_id from (
          select query_id, day, author_id, row_number() over (partition by query_id, day order by count desc, author_id) as rn
          from listening_authors_daily where day < ${cut}::date and day >= ${since}::date) ranked
        where rn > ${TOP_AUTHORS_KEPT}) x
      where d.query_id = x.query_id and d.day = x.day and d.author_id = x.author_id`.execute(this.db);
    await this.db
      .deleteFrom('listening_keywords_daily')
      .where('count', '<=', 1)
      .where('day', '<', seoulDateKey(today - 7 * DAY_MS))
      .where('day', '>=', seoulDateKey(today - 10 * DAY_MS))
      .execute();
  }

  async run(): Promise<void> {
    while ((await this.fillSearch()) === 2000) {
      /* keep going while there is a backlog */
    }
    await this.prune();
  }
}
