/**
 * The network's JSON views (`/api/v1/w/:ws/network`, docs/network.md): runs, authors, metrics, the
 * author profile and the graph. Types only; dates are ISO strings.
 */

export type NetworkPeriod = 'all' | '7d' | '30d' | '90d' | '365d';

/** The interaction graph one run is built from. */
export interface SliceParams {
  period: NetworkPeriod;
  channel: string | null;
  topic: string | null;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'skipped' | 'failed';
export type RunMode = 'full' | 'degrees';
export type RunTrigger = 'schedule' | 'request';

export interface BetweennessInfo {
  mode: 'exact' | 'sampled';
  sources: number;
  maxStdErr: number;
  hoeffding95: number;
}

export interface RunView {
  id: string;
  slice: string;
  params: SliceParams;
  status: RunStatus;
  mode: RunMode;
  trigger: RunTrigger;
  requestedBy: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The worker process that ran it (host:pid). */
  worker: string | null;
  interactions: number | null;
  nodes: number | null;
  edges: number | null;
  modularity: number | null;
  communities: number | null;
  communitySizes: number[];
  betweenness: BetweennessInfo | null;
  cascades: number | null;
  seconds: Record<string, number> | null;
  error: string | null;
}

export interface MetricsView {
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

export interface SentimentView {
  negative: number;
  neutral: number;
  positive: number;
  /** Items with a sentiment label; the shares above are of these. */
  labelled: number;
}

export interface AuthorView {
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

export interface CommunityView {
  id: number;
  size: number;
  color: string;
}

/** Someone an author amplifies or is amplified by. */
export interface Tie {
  id: string;
  handle: string | null;
  name: string | null;
  weight: number;
  interactions: number;
}

/** GET /network/authors/:id. */
export interface AuthorProfileView {
  slice: string;
  run: RunView | null;
  author: AuthorView;
  metrics: MetricsView | null;
  sentiment: SentimentView | null;
  slices: string[];
  community: (CommunityView & { topMembers: Array<{ id: string; handle: string | null; name: string | null; influence: number | null; pagerank: number | null }> }) | null;
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

/** GET /network/graph. */
export interface NetworkGraphView {
  slice: string;
  run: RunView | null;
  totalNodes: number;
  truncated: boolean;
  edgesTruncated: boolean;
  communities: CommunityView[];
  nodes: GraphNode[];
  edges: Array<{ source: string; target: string; weight: number }>;
}

/** One person of the influencer list: identities linked by consent to one customer are one row (docs/network.md). */
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

/** One row: the lead identity (`author`), the person's combined figures, and all their ranked identities. */
export interface InfluencerView {
  author: AuthorView;
  metrics: MetricsView;
  sentiment: SentimentView;
  person: PersonView;
}

/** GET /network/influencers. */
export interface InfluencerPageView {
  slice: string;
  run: RunView | null;
  total: number;
  communities: CommunityView[];
  influencers: InfluencerView[];
}
