/**
 * The influencer list, one row per person: channel identities the data joins into one person (consented
 * links to one customer, handed in as an `IdentityJoin`) are ranked together, with their channels in the
 * row and their figures combined as docs/network.md ("One person, one row") states. Identities of the
 * institution itself (authors of its outbound items) are not ranked among customers, nor is a person one
 * of whose identities is the institution.
 */
import { sql, type Expression, type Kysely } from 'kysely';
import type { Scope } from '../../platform/access/scope.js';
import { safeUrl } from '../../platform/safe-url.js';
import type { PersonView } from '../../contracts/network.js';
import type { AuthorView, MetricsView, NetworkTables, SentimentView } from './network.tables.js';
import { presentSentiment } from './network.tables.js';

/**
 * Where the data says that several channel identities are one person. `relation` gives, for the scope's
 * workspace, SQL rows `(author_id uuid, person_id uuid, person_name text)`: each identity at most once,
 * the identities of one person sharing `person_id` (the customer). Null when this viewer may not use it.
 */
export interface IdentityJoin {
  relation(scope: Scope): Expression<unknown> | null;
}

export type { PersonView };

export interface PersonRanking {
  sort: readonly string[];
  order: 'asc' | 'desc';
  channel: string | null;
  community?: number;
  sentiment?: 'negative' | 'neutral' | 'positive';
  minFollowers?: number;
  q?: string;
  limit: number;
  offset: number;
}

const likeAny = (q: string) => `%${q.replace(/[%_\\]/g, '\\$&')}%`;

/** Columns of the per-person rows (`g`) a sort may name. */
const SORTABLE = new Set(['pagerank', 'influence', 'betweenness', 'coreness', 'sneezer_max', 'sneezer_avg', 'followers', 'in_degree', 'in_strength']);

interface Member {
  id: string;
  channel: string;
  handle: string | null;
  name: string | null;
  followers: number | null;
  verified: boolean | null;
  profile_url: string | null;
  avatar_url: string | null;
  influence: number | null;
}

/** A person's combined row: the metric columns of `author_metrics`, keyed by person. */
type PersonRow = Omit<NetworkTables['author_metrics'], 'workspace_id' | 'author_id' | 'period' | 'run_id'> & {
  pkey: string;
  customer_id: string | null;
  customer_name: string | null;
  followers: number | null;
  influence: number | null;
};

const presentMember = (m: Member): AuthorView => ({
  id: m.id,
  channel: m.channel,
  handle: m.handle,
  name: m.name,
  followers: m.followers,
  verified: m.verified,
  profileUrl: safeUrl(m.profile_url),
  avatarUrl: safeUrl(m.avatar_url),
  influence: m.influence,
});

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The persons of a slice (`key`), filtered, sorted and paged. Identity rows are grouped by person (the
 * linked customer, else the identity alone); the lead identity is the one with the highest PageRank.
 */
export async function rankPersons(
  db: Kysely<NetworkTables>,
  scope: Scope,
  key: string,
  f: PersonRanking,
  join: IdentityJoin | undefined,
): Promise<{ total: number; rows: Array<{ author: AuthorView; metrics: MetricsView; sentiment: SentimentView; person: PersonView }> }> {
  const ws = scope.workspaceId;
  const rel = join?.relation(scope) ?? null;
  const linked = rel ? sql`left join (${rel}) p on p.author_id = m.author_id` : sql``;
  const pkey = rel ? sql`coalesce(p.person_id, m.author_id)` : sql`m.author_id`;
  const customer = rel ? sql`p.person_id as customer_id, p.person_name as customer_name` : sql`null::uuid as customer_id, null::text as customer_name`;
  const channel = f.channel ? sql`and a.channel = ${f.channel}` : sql``;
  const hit = f.q ? sql`coalesce(x.handle ilike ${likeAny(f.q)} or x.display_name ilike ${likeAny(f.q)}, false)` : sql`true`;
  // Who leads a person's row: the highest PageRank, then influence, then followers.
  const leadOrder = sql`x.pagerank desc nulls last, x.influence desc nulls last, x.followers desc nulls last, x.author_id`;
  // Phase 1: the page of persons, with the total. An identity linked to no customer is a person as it is (no
  // grouping: most rows); only the identities of customers are grouped.
  const linkedPersons = rel
    ? sql`union all
      select x.customer_id, x.customer_id, max(x.customer_name),
        sum(x.pagerank), max(x.pagerank_pct), sum(x.in_degree)::int8, sum(x.out_degree)::int8, sum(x.in_strength)::float8, sum(x.out_strength)::float8,
        max(x.coreness), max(x.betweenness), (array_agg(x.community order by ${leadOrder}))[1],
        sum(x.cascades_started)::int8, max(x.sneezer_avg), max(x.sneezer_max), sum(x.secondary_reach)::float8,
        sum(x.items_negative)::int8, sum(x.items_neutral)::int8, sum(x.items_positive)::int8, max(x.computed_at), max(x.degrees_at),
        sum(x.followers)::int8, max(x.influence), bool_or(x.own), bool_or(${hit})
      from x where x.customer_id is not null group by x.customer_id`
    : sql``;
  const persons = sql`
    with x as (
      select m.author_id, m.pagerank, m.pagerank_pct, m.in_degree, m.out_degree, m.in_strength, m.out_strength, m.coreness, m.betweenness,
        m.community, m.cascades_started, m.sneezer_avg, m.sneezer_max, m.secondary_reach, m.items_negative, m.items_neutral, m.items_positive,
        m.computed_at, m.degrees_at, a.handle, a.display_name, a.followers, a.influence, ${customer},
        exists (select 1 from items o where o.author_id = m.author_id and o.direction = 'outbound') as own
      from author_metrics m join authors a on a.id = m.author_id ${linked}
      where m.workspace_id = ${ws} and m.period = ${key} ${channel}
    ), g (pkey, customer_id, customer_name, pagerank, pagerank_pct, in_degree, out_degree, in_strength, out_strength, coreness, betweenness, community,
          cascades_started, sneezer_avg, sneezer_max, secondary_reach, items_negative, items_neutral, items_positive, computed_at, degrees_at,
          followers, influence, own, matched) as (
      select x.author_id, null::uuid, null::text,
        x.pagerank, x.pagerank_pct, x.in_degree::int8, x.out_degree::int8, x.in_strength, x.out_strength,
        x.coreness, x.betweenness, x.community,
        x.cascades_started::int8, x.sneezer_avg, x.sneezer_max, x.secondary_reach,
        x.items_negative::int8, x.items_neutral::int8, x.items_positive::int8, x.computed_at, x.degrees_at,
        x.followers::int8, x.influence, x.own, ${hit}
      from x where x.customer_id is null
      ${linkedPersons}
    )`;
  const filters = [sql`not g.own`, sql`g.matched`];
  if (f.community !== undefined) filters.push(sql`g.community = ${f.community}`);
  if (f.minFollowers !== undefined) filters.push(sql`g.followers >= ${f.minFollowers}`);
  if (f.sentiment) {
    // The person's most frequent label among their labelled items (a tie matches each tied label).
    const [mine, ...others] = [f.sentiment, ...(['negative', 'neutral', 'positive'] as const).filter((s) => s !== f.sentiment)].map((s) => sql.ref(`g.items_${s}`));
    filters.push(sql`${mine} > 0 and ${mine} >= ${others[0]} and ${mine} >= ${others[1]}`);
  }
  const where = sql.join(filters, sql` and `);
  const dir = f.order === 'asc' ? sql`asc` : sql`desc`;
  const orderBy = sql.join([...f.sort.filter((c) => SORTABLE.has(c)).map((c) => sql`${sql.ref(`g.${c}`)} ${dir} nulls last`), sql`g.pkey`]);
  const page = await sql<PersonRow & { total: string }>`${persons} select g.*, count(*) over () as total from g where ${where} order by ${orderBy} limit ${f.limit} offset ${f.offset}`.execute(db);
  const count = page.rows.length ? Number(page.rows[0]!.total) : Number((await sql<{ n: string }>`${persons} select count(*)::int8 as n from g where ${where}`.execute(db)).rows[0]?.n ?? 0);
  // Phase 2: the identities of the page's persons, lead first (by primary key and by the customers' links).
  const authorIds = page.rows.filter((r) => !r.customer_id).map((r) => r.pkey);
  const customerIds = page.rows.filter((r) => r.customer_id).map((r) => r.customer_id!);
  const members = new Map<string, Member[]>();
  if (page.rows.length) {
    const mine = [authorIds.length ? sql`m.author_id in (${sql.join(authorIds)})` : null, rel && customerIds.length ? sql`p.person_id in (${sql.join(customerIds)})` : null].filter((x) => x !== null);
    const rows = await sql<Member & { pkey: string }>`
      select x.author_id as id, x.channel, x.handle, x.display_name as name, x.followers, x.verified, x.profile_url, x.avatar_url, x.influence, x.pkey
      from (select m.author_id, m.pagerank, a.channel, a.handle, a.display_name, a.followers, a.verified, a.profile_url, a.avatar_url, a.influence, ${pkey} as pkey
            from author_metrics m join authors a on a.id = m.author_id ${linked}
            where m.workspace_id = ${ws} and m.period = ${key} ${channel} and (${sql.join(mine, sql` or `)})) x
      order by x.pkey, ${leadOrder}`.execute(db);
    for (const r of rows.rows) members.set(r.pkey, [...(members.get(r.pkey) ?? []), r]);
  }
  return {
    total: count,
    // A person whose link was revoked between the two reads has no identities left under this key: left out of the page.
    rows: page.rows
      .filter((r) => members.has(r.pkey))
      .map((r) => {
        const identities = members.get(r.pkey)!.map(presentMember);
        const m = {
          items_negative: Number(r.items_negative),
          items_neutral: Number(r.items_neutral),
          items_positive: Number(r.items_positive),
        };
        return {
          author: identities[0]!,
          metrics: {
            pagerank: num(r.pagerank),
            pagerankPct: num(r.pagerank_pct),
            inDegree: Number(r.in_degree),
            outDegree: Number(r.out_degree),
            inStrength: Number(r.in_strength),
            outStrength: Number(r.out_strength),
            coreness: num(r.coreness),
            betweenness: num(r.betweenness),
            community: num(r.community),
            cascadesStarted: Number(r.cascades_started),
            sneezerAvg: num(r.sneezer_avg),
            sneezerMax: num(r.sneezer_max),
            secondaryReach: num(r.secondary_reach),
            computedAt: new Date(r.computed_at).toISOString(),
            degreesAt: new Date(r.degrees_at).toISOString(),
          },
          sentiment: presentSentiment(m),
          person: {
            customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
            followers: num(r.followers),
            influence: num(r.influence),
            identities,
          },
        };
      }),
  };
}
