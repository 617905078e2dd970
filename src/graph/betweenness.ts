import type { Graph } from './csr.js';
import { createRng, identity, shuffle } from './random.js';

export interface BetweennessOptions {
  /**
   * 'exact' runs Brandes from every node; a number runs it from that many distinct sources drawn uniformly at
   * random; 'auto' (default) is exact when n ≤ `exactLimit`, else `samples` sources.
   */
  mode?: 'auto' | 'exact' | number;
  /** Node count up to which 'auto' is exact. Default 5000. */
  exactLimit?: number;
  /** Sources sampled by 'auto' on larger graphs. Default 1000. */
  samples?: number;
  /** Seed of the source sample. Default 1. */
  seed?: number;
}

export interface BetweennessResult {
  /** Directed, unweighted (hop-count) betweenness, normalised by 1/((n−1)(n−2)). */
  scores: Float64Array;
  mode: 'exact' | 'sampled';
  /** Sources whose shortest paths were counted. */
  sources: number;
  /**
   * Sampled only (0 when exact): largest estimated standard error over all nodes, from the sample variance of
   * the per-source dependencies with the finite-population correction. About 95% of nodes lie within 2× it.
   */
  maxStdErr: number;
  /**
   * Sampled only (0 when exact): Hoeffding bound that holds for any single node with probability ≥ 95%
   * (loose: it assumes the worst possible spread of dependencies).
   */
  hoeffding95: number;
}

/**
 * Brandes' algorithm over the out-adjacency. Only the nodes a search reached are reset afterwards, so a source
 * costs O(reached nodes + their edges), not O(n). Dependencies are accumulated in reverse BFS order over the
 * successors one level deeper, so no predecessor lists are stored.
 */
export function betweenness(g: Graph, options: BetweennessOptions = {}): BetweennessResult {
  const { n, outOffsets, outTargets } = g;
  const requested = options.mode ?? 'auto';
  const exactLimit = options.exactLimit ?? 5000;
  let sampleCount: number;
  if (requested === 'exact') sampleCount = n;
  else if (requested === 'auto') sampleCount = n <= exactLimit ? n : Math.min(n, options.samples ?? 1000);
  else {
    if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`betweenness samples must be a positive integer, got ${requested}`);
    sampleCount = Math.min(n, requested);
  }
  const exact = sampleCount >= n;
  let sources: Int32Array;
  if (exact) sources = identity(n);
  else sources = shuffle(identity(n), createRng(options.seed ?? 1)).subarray(0, sampleCount);

  const bc = new Float64Array(n);
  const sumSq = exact ? null : new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (let k = 0; k < sources.length; k++) {
    const s = sources[k]!;
    dist[s] = 0;
    sigma[s] = 1;
    order[0] = s;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const v = order[head++]!;
      const dn = dist[v]! + 1;
      const sv = sigma[v]!;
      for (let e = outOffsets[v]!; e < outOffsets[v + 1]!; e++) {
        const w = outTargets[e]!;
        let dw = dist[w]!;
        if (dw < 0) {
          dist[w] = dw = dn;
          order[tail++] = w;
        }
        if (dw === dn) sigma[w]! += sv;
      }
    }
    for (let i = tail - 1; i >= 0; i--) {
      const v = order[i]!;
      const dn = dist[v]! + 1;
      let acc = 0;
      for (let e = outOffsets[v]!; e < outOffsets[v + 1]!; e++) {
        const w = outTargets[e]!;
        if (dist[w] === dn) acc += (1 + delta[w]!) / sigma[w]!;
      }
      const dv = acc * sigma[v]!;
      delta[v] = dv;
      if (v !== s) {
        bc[v]! += dv;
        if (sumSq !== null) sumSq[v]! += dv * dv;
      }
    }
    for (let i = 0; i < tail; i++) {
      const v = order[i]!;
      dist[v] = -1;
      sigma[v] = 0;
      delta[v] = 0;
    }
  }

  const norm = n > 2 ? 1 / ((n - 1) * (n - 2)) : 0;
  const k = sources.length;
  const scale = exact ? norm : (n / k) * norm;
  let maxStdErr = 0;
  if (sumSq !== null && k > 1) {
    // Estimate n·mean(δ): variance of the mean from the sample variance, times (n−k)/(n−1) for no replacement.
    const fpc = (n - k) / (n - 1);
    for (let v = 0; v < n; v++) {
      const mean = bc[v]! / k;
      const variance = Math.max(0, (sumSq[v]! - k * mean * mean) / (k - 1));
      const se = n * norm * Math.sqrt((variance / k) * fpc);
      if (se > maxStdErr) maxStdErr = se;
    }
  }
  for (let v = 0; v < n; v++) bc[v]! *= scale;
  // Each per-source term n·δ_s(v)·norm lies in [0, n/(n−1)]; Hoeffding with two-sided 5%.
  const hoeffding95 = exact || n <= 2 ? 0 : (n / (n - 1)) * Math.sqrt(Math.log(2 / 0.05) / (2 * k));
  return { scores: bc, mode: exact ? 'exact' : 'sampled', sources: k, maxStdErr, hoeffding95 };
}
