/**
 * Full-text search over all items of a workspace, Korean-aware: the query is cut into words, each
 * reduced by the same tokenizer as the search column (국민은행에서 → 국민은행), a word the tokenizer splits or
 * a "quoted phrase" must appear as consecutive tokens, #tags and @handles match their own lexemes.
 * Newest first with keyset paging.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { arrayLiteral } from '../../platform/db/unnest.js';
import { appendAudit } from '../audit/index.js';
import { toCsv } from './csv.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { AUTHOR_COLUMNS, ITEM_COLUMNS, presentItem, type ItemRowView } from '../items/index.js';
import { decodeCursor, encodeCursor } from './present.js';
import { compileSearch, type CompiledSearch } from './search-compile.js';
import { UUID_RE, type ListeningDb } from './listening.tables.js';
import type { SearchResult } from '../../contracts/listening.js';

export type { SearchResult };

export interface SearchFilter {
  q?: string;
  channel?: string;
  lang?: string;
  sentiment?: string;
  intent?: string;
  queryId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
  /** Only posts by social identities linked (with consent) to customers of this segment (needs customers.read). */
  segmentId?: string;
}

/** The authors of a customer segment (the customers module through the composition root); null: no such segment. */
export interface SegmentAuthors {
  authorsOf(workspaceId: string, segmentId: string): Promise<string[] | null>;
}

/** At most this many rows go into one CSV export of a search. */
export const SEARCH_EXPORT_MAX = 10_000;

/** The tsquery literal for a search box text made only of words (null: it has a field filter); throws on a syntax error. */
export function searchQuery(q: string): string | null {
  return compileSearch(q).tsquery;
}

/** Results are counted up to this many; beyond it the count says "10,000+". */
export const COUNT_CAP = 10_000;

/** A page is searched in time slices, newest first, doubling from six hours (see search()). */
const FIRST_SLICE_MS = 6 * 3_600_000;
/** After this long a page is returned with what was found so far and a cursor to go on from. */
const PAGE_BUDGET_MS = 120;
/** Words with more estimated hits than this are tested row by row along the time index; fewer, read from GIN. */
const DENSE_HITS = 10_000;
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

const sentimentOf = (analysis: unknown) => (analysis as { sentiment?: { label?: string } } | null)?.sentiment?.label ?? '';

export class SearchService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly segments?: SegmentAuthors,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.db = tables<ListeningDb>(store);
  }

  /** The search's rows (newest first, at most SEARCH_EXPORT_MAX) as CSV; audited with the filter and count. */
  async exportCsv(scope: Scope, f: SearchFilter): Promise<{ csv: string; rows: number }> {
    assertCan(scope, 'listening.read');
    const rows: SearchResult['items'] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.search(scope, { ...f, limit: 200, ...(cursor ? { cursor } : {}) });
      rows.push(...page.items);
      if (!page.nextCursor || rows.length >= SEARCH_EXPORT_MAX) break;
      cursor = page.nextCursor;
    }
    const out = rows.slice(0, SEARCH_EXPORT_MAX);
    const filter = Object.fromEntries(Object.entries(f).filter(([k, v]) => k !== 'cursor' && k !== 'limit' && v !== undefined));
    await appendAudit(this.db, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.exported', targetType: 'search', after: { filter, rows: out.length }, at: this.clock() });
    const csv = toCsv(
      ['created_at', 'channel', 'kind', 'author_handle', 'author_name', 'text', 'sentiment', 'url'],
      out.map((i) => [i.createdAt, i.channel, i.kind, i.author.handle ?? '', i.author.name ?? '', i.text, sentimentOf(i.analysis), i.url ?? '']),
    );
    return { csv, rows: out.length };
  }

  /** The planner's row estimate for items matching `where`. */
  private async estimate(where: RawBuilder<boolean>): Promise<number> {
    const plan = await sql<Record<string, unknown>>`explain (format json) select 1 from items i where ${where}`.execute(this.db);
    const raw = Object.values(plan.rows[0] ?? {})[0];
    const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan?: { 'Plan Rows'?: number } }>;
    return json?.[0]?.Plan?.['Plan Rows'] ?? Number.POSITIVE_INFINITY;
  }

  /** The oldest and newest item times (null: no items), so the slices know where history is. */
  private async bounds(workspaceId: string): Promise<{ min: number; max: number } | null> {
    const r = (await sql<{ lo: Date | null; hi: Date | null }>`select min(created_at) as lo, max(created_at) as hi from items where workspace_id = ${workspaceId}`.execute(this.db)).rows[0];
    return r?.lo && r.hi ? { min: new Date(r.lo).getTime(), max: new Date(r.hi).getTime() } : null;
  }

  /** How many items match `where`, counting at most COUNT_CAP + 1. */
  private async count(where: RawBuilder<boolean>): Promise<number> {
    const r = await sql<{ n: string | number }>`select count(*) as n from (select 1 from items i inner join authors a on a.id = i.author_id where ${where} limit ${COUNT_CAP + 1}) t`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  async search(scope: Scope, f: SearchFilter): Promise<SearchResult> {
    assertCan(scope, 'listening.read');
    const limit = Math.min(200, Math.max(1, f.limit ?? 50));
    const conds: RawBuilder<unknown>[] = [sql`i.workspace_id = ${scope.workspaceId}`, sql`i.deleted_at is null`];
    const compiled: CompiledSearch | null = f.q && f.q.trim() ? compileSearch(f.q) : null;
    const tsq = compiled?.tsquery ?? null;
    const terms = compiled?.terms ?? [];
    if (compiled) conds.push(compiled.where);
    if (f.channel) conds.push(sql`i.channel = ${f.channel}`);
    if (f.lang) conds.push(sql`(lower(i.lang) = ${f.lang.toLowerCase()} or lower(i.lang) like ${`${f.lang.toLowerCase()}-%`})`);
    if (f.sentiment) conds.push(sql`(i.analysis -> 'sentiment' ->> 'label') = ${f.sentiment}`);
    if (f.intent) conds.push(sql`coalesce(i.analysis -> 'intents' -> 'labels', '[]'::jsonb) ? ${f.intent}`);
    if (f.queryId) {
      if (!UUID_RE.test(f.queryId)) throw invalid('listening.bad_query_id', 'queryId must be a query id.', 'queryId');
      conds.push(sql`exists (select 1 from query_matches qm where qm.query_id = ${f.queryId} and qm.item_id = i.id and qm.workspace_id = ${scope.workspaceId})`);
    }
    if (f.segmentId) {
      assertCan(scope, 'customers.read');
      const authors = UUID_RE.test(f.segmentId) && this.segments ? await this.segments.authorsOf(scope.workspaceId, f.segmentId) : null;
      if (!authors) throw notFound('segment.not_found', 'No such segment.');
      if (!authors.length) return { items: [], nextCursor: null, total: f.cursor ? null : 0, totalCapped: false, terms };
      conds.push(sql`i.author_id = any(${arrayLiteral(authors)}::uuid[])`);
    }
    if (f.from) conds.push(sql`i.created_at >= ${new Date(f.from)}`);
    if (f.to) conds.push(sql`i.created_at < ${new Date(f.to)}`);
    const cursor = decodeCursor(f.cursor);
    if (f.cursor && !cursor) throw invalid('listening.bad_cursor', 'The cursor is not valid; start again without it.', 'cursor');
    const where = sql<boolean>`${sql.join(conds, sql` and `)}`;
    const history = await this.bounds(scope.workspaceId);
    if (!history) return { items: [], nextCursor: null, total: f.cursor ? null : 0, totalCapped: false, terms };
    const counted = f.cursor ? null : await this.count(where);
    const total = counted === null ? null : Math.min(counted, COUNT_CAP);
    const totalCapped = counted !== null && counted > COUNT_CAP;
    const floor = Math.max(history.min, f.from ? new Date(f.from).getTime() : -Infinity);
    // Newest first in time slices (1 day, 2, 4, … back from the cursor): whatever the planner picks, one
    // slice reads at most that slice's rows, so a rare or absent combination of words and filters costs
    // one bounded step per slice instead of a walk over all history. When the page budget runs out before
    // the page is full, what was found comes back with a cursor at the slice boundary to continue from.
    const started = Date.now();
    // Per slice, one of two plans, chosen from the text's own hit estimate (filters only thin hits out, and
    // the planner misjudges combined words both ways): dense words → walk the (workspace, created_at) index
    // testing rows; sparse → GIN bitmap AND the slice's time range, then sort.
    const dense = tsq ? (await this.estimate(sql<boolean>`i.workspace_id = ${scope.workspaceId} and i.search @@ ${tsq}::tsquery`)) > DENSE_HITS : true;
    let end = cursor ?? { at: new Date(Math.min(f.to ? new Date(f.to).getTime() : Infinity, history.max + 1)), id: MAX_UUID };
    let span = FIRST_SLICE_MS;
    const rows: ItemRowView[] = [];
    for (;;) {
      const start = Math.max(floor, end.at.getTime() - span);
      const need = limit + 1 - rows.length;
      const got = await this.db.transaction().execute(async (trx) => {
        await sql`set local jit = off`.execute(trx);
        await sql.raw(dense ? 'set local enable_bitmapscan = off' : 'set local enable_indexscan = off').execute(trx);
        return trx
          .selectFrom('items as i')
          .innerJoin('authors as a', 'a.id', 'i.author_id')
          .select([...ITEM_COLUMNS, ...AUTHOR_COLUMNS])
          .where(where)
          .where('i.created_at', '>=', new Date(start))
          .where(sql<boolean>`(i.created_at, i.id) < (${end.at}, ${end.id}::uuid)`)
          .orderBy('i.created_at', 'desc')
          .orderBy('i.id', 'desc')
          .limit(need)
          .execute();
      });
      rows.push(...(got as ItemRowView[]));
      if (rows.length > limit || start <= floor) break;
      end = { at: new Date(start), id: MAX_UUID };
      span *= 2;
      if (Date.now() - started > PAGE_BUDGET_MS) {
        const items = rows.map(presentItem);
        return { items, nextCursor: encodeCursor(end.at, end.id), total, totalCapped, terms };
      }
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(presentItem), nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null, total, totalCapped, terms };
  }
}
