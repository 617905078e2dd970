/** Client for the network API: influencers, author profiles, the graph, runs and recompute requests. */
import type {
  AuthorProfileView as AuthorProfile,
  AuthorView as NetworkAuthor,
  CommunityView as Community,
  MetricsView as Metrics,
  NetworkGraphView as NetworkGraph,
  NetworkPeriod,
  RunView as NetworkRun,
  SentimentView as SentimentShares,
} from '../../../../src/contracts/network.js';
import { query, request, ws } from '../../api.js';

export type { GraphNode, Tie } from '../../../../src/contracts/network.js';
export type { AuthorProfile, Community, Metrics, NetworkAuthor, NetworkGraph, NetworkRun, SentimentShares };

export const PERIODS = ['all', '7d', '30d', '90d', '365d'] as const satisfies readonly NetworkPeriod[];
export type Period = NetworkPeriod;
export const SORTS = ['pagerank', 'influence', 'betweenness', 'coreness', 'sneezer', 'followers', 'in_degree'] as const;
export type Sort = (typeof SORTS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** One person: identities the bank's data joins (consented links to one customer) are one row. */
export interface Person {
  customer: { id: string; name: string | null } | null;
  /** Summed over the identities. */
  followers: number | null;
  /** The highest among the identities. */
  influence: number | null;
  /** The lead identity (`author`) first. */
  identities: NetworkAuthor[];
}

export interface Influencer {
  /** The person's lead identity (highest PageRank); the profile opens on it. */
  author: NetworkAuthor;
  /** Combined over the person's identities (docs/network.md). */
  metrics: Metrics;
  sentiment: SentimentShares;
  person: Person;
}

export interface InfluencerPage {
  slice: string;
  run: NetworkRun | null;
  total: number;
  communities: Community[];
  influencers: Influencer[];
}

export interface InfluencerFilter {
  period: Period;
  sort: Sort;
  order: 'desc' | 'asc';
  community: string;
  sentiment: '' | Sentiment;
  minFollowers: string;
  q: string;
  limit: number;
  offset: number;
}

const base = (w: string) => `${ws(w)}/network`;

export const networkApi = {
  influencers: (w: string, f: InfluencerFilter) =>
    request<InfluencerPage>(
      'GET',
      `${base(w)}/influencers${query({
        period: f.period,
        sort: f.sort,
        order: f.order,
        community: f.community,
        sentiment: f.sentiment,
        minFollowers: f.minFollowers,
        q: f.q.trim(),
        limit: f.limit,
        offset: f.offset,
      })}`,
    ),
  author: (w: string, authorId: string, period: Period) => request<AuthorProfile>('GET', `${base(w)}/authors/${encodeURIComponent(authorId)}${query({ period })}`),
  graph: (w: string, period: Period, limit: number) => request<NetworkGraph>('GET', `${base(w)}/graph${query({ period, limit })}`),
  runs: (w: string, limit = 10) => request<{ runs: NetworkRun[] }>('GET', `${base(w)}/runs${query({ limit })}`),
  recompute: (w: string, period: Period) => request<{ run: NetworkRun; created: boolean }>('POST', `${base(w)}/recompute`, { period }),
};
