/** Client for the network API: influencers, author profiles, the graph, runs and recompute requests. */
import type {
  AuthorProfileView as AuthorProfile,
  AuthorView as NetworkAuthor,
  CommunityView as Community,
  InfluencerPageView,
  InfluencerView,
  PersonView,
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

export type Person = PersonView;
export type Influencer = InfluencerView;
export type InfluencerPage = InfluencerPageView;

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
