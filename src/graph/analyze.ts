import { betweenness, type BetweennessOptions } from './betweenness.js';
import { buildGraph, inDegrees, outDegrees, undirectedProjection, type Graph } from './csr.js';
import { edgeListFromTuples, type EdgeList, type EdgeTuple } from './edgelist.js';
import { coreness as coreNumbers } from './kcore.js';
import { louvain, type LouvainOptions } from './louvain.js';
import { pagerank } from './pagerank.js';

/** A built graph, a parsed edge list, or `[source, target, weight?]` tuples. */
export type GraphInput = Graph | EdgeList | Iterable<EdgeTuple>;

export interface AnalyzeOptions {
  /** Edge-list / tuple input only: every edge is undirected. Default false. */
  undirected?: boolean;
  /** PageRank damping. Default 0.85. */
  alpha?: number;
  /** PageRank over edge weights. Default true. */
  weighted?: boolean;
  /** PageRank L1 error bound. Default 1e-10. */
  tolerance?: number;
  /** Betweenness options, or false to skip it. Default: exact up to 5000 nodes, else 1000 sampled sources. */
  betweenness?: BetweennessOptions | false;
  /** Louvain options, or false to skip it. Default: seed 1, 10 restarts up to 10 000 nodes, else 1. */
  communities?: LouvainOptions | false;
  /** k-core coreness; false skips it. Default true. */
  coreness?: boolean;
}

export interface GraphAnalysis {
  graph: Graph;
  nodes: number;
  /** Distinct directed edges of the CSR graph. */
  edges: number;
  ids: string[];
  pagerank: Float64Array;
  pagerankInfo: { iterations: number; errorBound: number; converged: boolean };
  inDegree: Int32Array;
  outDegree: Int32Array;
  inStrength: Float64Array;
  outStrength: Float64Array;
  coreness: Int32Array | null;
  communities: Int32Array | null;
  communityCount: number;
  communitySizes: Int32Array | null;
  modularity: number | null;
  betweenness: Float64Array | null;
  betweennessInfo: { mode: 'exact' | 'sampled'; sources: number; maxStdErr: number; hoeffding95: number } | null;
  /** Wall-clock seconds per step. */
  seconds: { build: number; pagerank: number; degree: number; projection: number; coreness: number; communities: number; betweenness: number; total: number };
}

function isGraph(input: GraphInput): input is Graph {
  return typeof input === 'object' && input !== null && 'outOffsets' in input;
}

function isEdgeList(input: GraphInput): input is EdgeList {
  return typeof input === 'object' && input !== null && 'src' in input && 'dst' in input;
}

/** Builds the graph when needed and runs every metric, timing each step. */
export function analyzeGraph(input: GraphInput, options: AnalyzeOptions = {}): GraphAnalysis {
  const clock = (): number => performance.now() / 1000;
  const t0 = clock();
  let graph: Graph;
  if (isGraph(input)) graph = input;
  else graph = buildGraph(isEdgeList(input) ? input : edgeListFromTuples(input), { undirected: options.undirected ?? false });
  const t1 = clock();
  const pr = pagerank(graph, { alpha: options.alpha, weighted: options.weighted, tolerance: options.tolerance });
  const t2 = clock();
  const inDegree = inDegrees(graph);
  const outDegree = outDegrees(graph);
  const t3 = clock();
  const wantCore = options.coreness ?? true;
  const wantCommunities = options.communities !== false;
  const projection = wantCore || wantCommunities ? undirectedProjection(graph) : null;
  const t4 = clock();
  const core = projection && wantCore ? coreNumbers(projection) : null;
  const t5 = clock();
  let communities: ReturnType<typeof louvain> | null = null;
  if (projection && options.communities !== false) {
    const opts = options.communities ?? {};
    communities = louvain(projection, { ...opts, restarts: opts.restarts ?? (graph.n <= 10_000 ? 10 : 1) });
  }
  const t6 = clock();
  const bc = options.betweenness === false ? null : betweenness(graph, options.betweenness ?? {});
  const t7 = clock();
  return {
    graph,
    nodes: graph.n,
    edges: graph.m,
    ids: graph.ids,
    pagerank: pr.scores,
    pagerankInfo: { iterations: pr.iterations, errorBound: pr.errorBound, converged: pr.converged },
    inDegree,
    outDegree,
    inStrength: graph.inStrength,
    outStrength: graph.outStrength,
    coreness: core,
    communities: communities?.membership ?? null,
    communityCount: communities?.count ?? 0,
    communitySizes: communities?.sizes ?? null,
    modularity: communities?.modularity ?? null,
    betweenness: bc?.scores ?? null,
    betweennessInfo: bc ? { mode: bc.mode, sources: bc.sources, maxStdErr: bc.maxStdErr, hoeffding95: bc.hoeffding95 } : null,
    seconds: {
      build: t1 - t0,
      pagerank: t2 - t1,
      degree: t3 - t2,
      projection: t4 - t3,
      coreness: t5 - t4,
      communities: t6 - t5,
      betweenness: t7 - t6,
      total: t7 - t0,
    },
  };
}
