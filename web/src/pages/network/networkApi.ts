/** Client for the network API: influencers, author profiles, the graph, runs and recompute requests. */
import { query, request, ws } from '../../api.js';

export const PERIODS = ['all', '7d', '30d', '90d', '365d'] as const;
export type Period = (typeof PERIODS)[number];
export const SORTS = ['pagerank', 'influence', 'betweenness', 'coreness', 'sneezer', 'followers', 'in_degree'] as const;
export type Sort = (typeof SORTS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface NetworkRun {
  id: string;
  slice: string;
  params: { period: Period; channel: string | null; topic: string | null };
  status: 'queued' | 'running' | 'succeeded' | 'skipped' | 'failed';
  mode: 'full' | 'degrees';
  trigger: 'schedule' | 'request';
  requestedBy: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  worker: string | null;
  interactions: number | null;
  nodes: number | null;
  edges: number | null;
  modularity: number | null;
  communities: number | null;
  communitySizes: number[];
  betweenness: { mode: 'exact' | 'sampled'; sources: number; maxStdErr: number } | null;
  cascades: number | null;
  seconds: Record<string, number> | null;
  error: string | null;
}

export interface NetworkAuthor {
  id: string;
  channel: string;
  handle: string | null;
  name: string | null;
  followers: number | null;
  verified: boolean | null;
  profileUrl: string | null;
  avatarUrl: string | null;
  influence: number | null;
}

export interface Metrics {
  pagerank: number | null;
  pagerankPct: number | null;
  inDegree: number;
  outDegree: number;
  inStrength: number;
  outStrength: number;
  coreness: number | null;
  betweenness: number | null;
  community: number | null;
  cascadesStarted: number;
  sneezerAvg: number | null;
  sneezerMax: number | null;
  secondaryReach: number | null;
  computedAt: string;
  degreesAt: string;
}

export interface SentimentShares {
  negative: number;
  neutral: number;
  positive: number;
  labelled: number;
}

export interface Community {
  id: number;
  size: number;
  color: string;
}

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

export interface Tie {
  id: string;
  handle: string | null;
  name: string | null;
  weight: number;
  interactions: number;
}

export interface AuthorProfile {
  slice: string;
  run: NetworkRun | null;
  author: NetworkAuthor;
  metrics: Metrics | null;
  sentiment: SentimentShares | null;
  slices: string[];
  community: { id: number; size: number; color: string; topMembers: Array<{ id: string; handle: string | null; name: string | null; influence: number | null; pagerank: number | null }> } | null;
  recentItems: Array<{ id: string; channel: string; kind: string; text: string; url: string | null; createdAt: string; isReply: boolean; sentiment: string | null }>;
  cascades: Array<{ itemId: string; size: number; depth: number; maxBreadth: number; t50Minutes: number | null; t90Minutes: number | null; text: string; createdAt: string }>;
  amplifiedBy: Tie[];
  amplifies: Tie[];
}

export interface GraphNode {
  id: string;
  label: string;
  name: string | null;
  channel: string;
  followers: number | null;
  influence: number | null;
  pagerank: number | null;
  inDegree: number;
  outDegree: number;
  community: number | null;
  color: string;
  size: number;
}

export interface NetworkGraph {
  slice: string;
  run: NetworkRun | null;
  totalNodes: number;
  truncated: boolean;
  edgesTruncated: boolean;
  communities: Community[];
  nodes: GraphNode[];
  edges: Array<{ source: string; target: string; weight: number }>;
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
