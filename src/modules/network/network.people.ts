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

export interface PersonView {
  /** The customer the identities are linked to (by consent), with the name kept for display (masked); null: an unlinked identity. */
  customer: { id: string; name: string | null } | null;
  /** Followers summed over the identities (audiences of different channels; their overlap is unknown). */
  followers: number | null;
  /** The highest influence score among the identities. */
  influence: number | null;
  /** Every ranked identity of the person, the lead (the row's `author`) first. */
  identities: AuthorView[];
}

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

interface PersonRow {
  pkey: string;
  customer_id: string | null;
  customer_name: string | null;
  pagerank: number | null;
  pagerank_pct: number | null;
  in_degree: number;
  out_degree: number;
  in_strength: number;
  out_strength: number;
  coreness: number | null;
  betweenness: number | null;
  community: number | null;
  cascades_started: number;
  sneezer_avg: number | null;
  sneezer_max: number | null;
  secondary_reach: number | null;
  items_negative: number;
  items_neutral: number;
  items_positive: number;
  computed_at: Date;
  degrees_at: Date;
  followers: number | null;
  influence: number | null;
  members: Member[] | string;
}

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
  const pkey = rel ? sql`coalesce(p.person_id::text, m.author_id::text)` : sql`m.author_id::text`;
  const customer = rel ? sql`p.person_id::text as customer_id, p.person_name as customer_name` : sql`null::text as customer_id, null::text as customer_name`;
  const channel = f.channel ? sql`and a.channel = ${f.channel}` : sql``;
  const matched = f.q ? sql`bool_or(x.handle ilike ${likeAny(f.q)} or x.display_name ilike ${likeAny(f.q)})` : sql`true`;
  const persons = sql`
    with x as (
      select m.*, a.channel, a.handle, a.display_name, a.followers, a.verified, a.profile_url, a.avatar_url, a.influence,
        ${pkey} as pkey, ${customer},
        exists (select 1 from items o where o.author_id = m.author_id and o.direction = 'outbound') as own,
        row_number() over (partition by ${pkey} order by m.pagerank desc nulls last, a.influence desc nulls last, a.followers desc nulls last, m.author_id) as rn
      from author_metrics m join authors a on a.id = m.author_id ${linked}
      where m.workspace_id = ${ws} and m.period = ${key} ${channel}
    ), g as (
      select x.pkey, max(x.customer_id) as customer_id, max(x.customer_name) as customer_name,
        sum(x.pagerank) as pagerank, max(x.pagerank_pct) as pagerank_pct,
        sum(x.in_degree)::int8 as in_degree, sum(x.out_degree)::int8 as out_degree,
        sum(x.in_strength)::float8 as in_strength, sum(x.out_strength)::float8 as out_strength,
        max(x.coreness) as coreness, max(x.betweenness) as betweenness,
        max(x.community) filter (where x.rn = 1) as community,
        sum(x.cascades_started)::int8 as cascades_started, max(x.sneezer_avg) as sneezer_avg, max(x.sneezer_max) as sneezer_max,
        sum(x.secondary_reach)::float8 as secondary_reach,
        sum(x.items_negative)::int8 as items_negative, sum(x.items_neutral)::int8 as items_neutral, sum(x.items_positive)::int8 as items_positive,
        max(x.computed_at) as computed_at, max(x.degrees_at) as degrees_at,
        sum(x.followers)::int8 as followers, max(x.influence) as influence,
        json_agg(json_build_object('id', x.author_id, 'channel', x.channel, 'handle', x.handle, 'name', x.display_name, 'followers', x.followers,
          'verified', x.verified, 'profile_url', x.profile_url, 'avatar_url', x.avatar_url, 'influence', x.influence) order by x.rn) as members,
        bool_or(x.own) as own, ${matched} as matched
      from x group by x.pkey
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
  const [count, page] = await Promise.all([
    sql<{ n: string }>`${persons} select count(*)::int8 as n from g where ${where}`.execute(db),
    sql<PersonRow>`${persons} select g.* from g where ${where} order by ${orderBy} limit ${f.limit} offset ${f.offset}`.execute(db),
  ]);
  return {
    total: Number(count.rows[0]?.n ?? 0),
    rows: page.rows.map((r) => {
      const members = (typeof r.members === 'string' ? (JSON.parse(r.members) as Member[]) : r.members).map(presentMember);
      const m = {
        items_negative: Number(r.items_negative),
        items_neutral: Number(r.items_neutral),
        items_positive: Number(r.items_positive),
      };
      return {
        author: members[0]!,
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
          identities: members,
        },
      };
    }),
  };
}
