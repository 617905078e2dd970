import type { Graph } from './csr.js';
import { stronglyConnectedComponents } from './scc.js';

export interface PageRankOptions {
  /** Damping factor. Default 0.85. */
  alpha?: number;
  /** Use edge weights (out-strength normalised); false weighs every distinct edge 1. Default true. */
  weighted?: boolean;
  /**
   * Bound on the L1 distance of the result to the exact PageRank vector (a guarantee derived from the residual,
   * not just "the last step changed little"). Default 1e-10, far tighter than networkx's N·1e-12 stopping rule.
   */
  tolerance?: number;
  /** Iteration cap per strongly connected component (`converged` is false if one hit it). Default 10000. */
  maxIterations?: number;
}

export interface PageRankResult {
  scores: Float64Array;
  /** Most iterations any strongly connected component needed (1 for an acyclic graph). */
  iterations: number;
  /** Strongly connected components (cyclic parts are the only ones iterated). */
  components: number;
  /** Upper bound on the L1 distance of `scores` to the exact PageRank vector. */
  errorBound: number;
  converged: boolean;
}

/**
 * PageRank with teleport (1−α)/n and dangling nodes (no out-weight) spreading their mass uniformly, as networkx
 * and igraph do: the fixed point of x = (1−α)/n + α·(dangling mass)/n + α·Σ x(u)·w(u→v)/strength(u).
 * Scores sum to 1.
 */
export function pagerank(g: Graph, options: PageRankOptions = {}): PageRankResult {
  const alpha = options.alpha ?? 0.85;
  const weighted = options.weighted ?? true;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 10000;
  if (!(alpha >= 0 && alpha < 1)) throw new RangeError(`alpha must be in [0, 1), got ${alpha}`);
  const { n, m, inOffsets, inSources, inWeights, outOffsets } = g;
  if (n === 0) return { scores: new Float64Array(0), iterations: 0, components: 0, errorBound: 0, converged: true };

  // Transition probability of every in-edge (0 from a node without out-weight).
  const norm = new Float64Array(m);
  const outWeight = new Float64Array(n);
  if (weighted) outWeight.set(g.outStrength);
  else for (let v = 0; v < n; v++) outWeight[v] = outOffsets[v + 1]! - outOffsets[v]!;
  for (let e = 0; e < m; e++) {
    const s = outWeight[inSources[e]!]!;
    norm[e] = s > 0 ? (weighted ? inWeights[e]! : 1) / s : 0;
  }

  // With uniform teleport and uniform dangling spread, PageRank is z/Σz for the solution of z = 1 + α·Pᵀz (P: the
  // transition matrix with zero rows for dangling nodes). Solving that system component by component in
  // topological order settles every node outside a cycle exactly in one pass; only strongly connected components
  // are iterated (Jacobi), with everything upstream already final.
  const { order, offsets, count } = stronglyConnectedComponents(g);
  const z = new Float64Array(n);
  let maxSize = 0;
  for (let c = 0; c < count; c++) maxSize = Math.max(maxSize, offsets[c + 1]! - offsets[c]!);
  const next = new Float64Array(maxSize);
  // Per-component budget on the last step's L1 change, so that the total bound below stays under `tolerance`.
  const budgetPerNode = (tolerance * (1 - alpha)) / (2 * alpha || 1);
  let iterations = 1;
  let converged = true;
  let residual = 0;
  for (let c = 0; c < count; c++) {
    const start = offsets[c]!;
    const end = offsets[c + 1]!;
    if (end - start === 1) {
      const v = order[start]!;
      let acc = 0;
      let loop = 0;
      for (let e = inOffsets[v]!; e < inOffsets[v + 1]!; e++) {
        const u = inSources[e]!;
        if (u === v) loop += norm[e]!;
        else acc += norm[e]! * z[u]!;
      }
      // A self-loop is the only cycle a singleton can have: z = (1 + α·acc) / (1 − α·loop).
      z[v] = (1 + alpha * acc) / (1 - alpha * loop);
      continue;
    }
    for (let i = start; i < end; i++) z[order[i]!] = 1;
    const budget = budgetPerNode * (end - start);
    let it = 0;
    let delta = Infinity;
    while (it < maxIterations) {
      delta = 0;
      for (let i = start; i < end; i++) {
        const v = order[i]!;
        let acc = 0;
        const stop = inOffsets[v + 1]!;
        for (let e = inOffsets[v]!; e < stop; e++) acc += norm[e]! * z[inSources[e]!]!;
        const val = 1 + alpha * acc;
        next[i - start] = val;
        const d = val - z[v]!;
        delta += d < 0 ? -d : d;
      }
      for (let i = start; i < end; i++) z[order[i]!] = next[i - start]!;
      it++;
      if (delta < budget) break;
    }
    if (!(delta < budget)) converged = false;
    if (it > iterations) iterations = it;
    // The kept iterate's residual is at most α times the last change (‖αPᵀ‖₁ ≤ α, upstream values fixed).
    residual += alpha * delta;
  }
  let total = 0;
  for (let v = 0; v < n; v++) total += z[v]!;
  for (let v = 0; v < n; v++) z[v]! /= total;
  // ‖z − z*‖₁ ≤ ‖residual‖₁/(1−α); normalising by Σz ≥ n at most doubles the relative error.
  const errorBound = (2 * residual) / (1 - alpha) / total;
  return { scores: z, iterations, components: count, errorBound, converged };
}
