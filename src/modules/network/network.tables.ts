import { safeUrl } from '../../platform/safe-url.js';
import type { ItemsTables } from '../items/index.js';
import type { InteractionWeights, SliceParams } from './slice.js';

import type { AuthorView, BetweennessInfo, MetricsView, RunMode, RunStatus, RunTrigger, RunView, SentimentView } from '../../contracts/network.js';

export type { AuthorView, BetweennessInfo, MetricsView, RunMode, RunStatus, RunTrigger, RunView, SentimentView };

export interface NetworkTables extends ItemsTables {
  workspaces: { id: string };
  network_runs: {
    id: string;
    workspace_id: string;
    period: string;
    params: SliceParams;
    status: RunStatus;
    mode: RunMode;
    trigger: RunTrigger;
    force: boolean;
    requested_by: string | null;
    queued_at: Date;
    started_at: Date | null;
    finished_at: Date | null;
    worker: string | null;
    fingerprint: string | null;
    interactions: number | null;
    nodes: number | null;
    edges: number | null;
    modularity: number | null;
    communities: number | null;
    community_sizes: number[] | null;
    betweenness: BetweennessInfo | null;
    pagerank: { iterations: number; errorBound: number; converged: boolean } | null;
    cascades: number | null;
    seconds: Record<string, number> | null;
    error: string | null;
  };
  author_metrics: {
    workspace_id: string;
    author_id: string;
    period: string;
    run_id: string | null;
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
  };
  network_cascades: {
    workspace_id: string;
    period: string;
    item_id: string;
    author_id: string;
    size: number;
    depth: number;
    max_breadth: number;
    t50_min: number | null;
    t90_min: number | null;
    computed_at: Date;
  };
  network_settings: {
    workspace_id: string;
    weights: InteractionWeights;
    updated_at: Date;
  };
}

export type RunRow = NetworkTables['network_runs'];
export type MetricsRow = NetworkTables['author_metrics'];

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export const presentRun = (r: RunRow): RunView => ({
  id: r.id,
  slice: r.period,
  params: r.params,
  status: r.status,
  mode: r.mode,
  trigger: r.trigger,
  requestedBy: r.requested_by,
  queuedAt: iso(r.queued_at)!,
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
  worker: r.worker,
  interactions: r.interactions,
  nodes: r.nodes,
  edges: r.edges,
  modularity: r.modularity,
  communities: r.communities,
  communitySizes: r.community_sizes ?? [],
  betweenness: r.betweenness,
  cascades: r.cascades,
  seconds: r.seconds,
  error: r.error,
});

export const presentMetrics = (m: MetricsRow): MetricsView => ({
  pagerank: m.pagerank,
  pagerankPct: m.pagerank_pct,
  inDegree: m.in_degree,
  outDegree: m.out_degree,
  inStrength: m.in_strength,
  outStrength: m.out_strength,
  coreness: m.coreness,
  betweenness: m.betweenness,
  community: m.community,
  cascadesStarted: m.cascades_started,
  sneezerAvg: m.sneezer_avg,
  sneezerMax: m.sneezer_max,
  secondaryReach: m.secondary_reach,
  computedAt: iso(m.computed_at)!,
  degreesAt: iso(m.degrees_at)!,
});

export function presentSentiment(m: Pick<MetricsRow, 'items_negative' | 'items_neutral' | 'items_positive'>): SentimentView {
  const labelled = m.items_negative + m.items_neutral + m.items_positive;
  const share = (n: number) => (labelled ? n / labelled : 0);
  return { negative: share(m.items_negative), neutral: share(m.items_neutral), positive: share(m.items_positive), labelled };
}

export const presentAuthor = (a: ItemsTables['authors']): AuthorView => ({
  id: a.id,
  channel: a.channel,
  handle: a.handle,
  name: a.display_name,
  followers: a.followers,
  verified: a.verified,
  profileUrl: safeUrl(a.profile_url),
  avatarUrl: safeUrl(a.avatar_url),
  influence: a.influence,
});

/** Colours of the twelve largest communities (numbered by decreasing size); the rest share grey. */
export const COMMUNITY_COLORS = ['#2f6fde', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0c8599', '#e67700', '#5c940d', '#a61e4d', '#1864ab', '#862e9c', '#d9480f'];
export const OTHER_COLOR = '#9aa5b1';
export const communityColor = (c: number | null): string => (c !== null && c >= 0 && c < COMMUNITY_COLORS.length ? COMMUNITY_COLORS[c]! : OTHER_COLOR);
