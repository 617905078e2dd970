import type { EdgeList } from './edgelist.js';

/** Compressed sparse rows: row r's entries are cols/weights[offsets[r] .. offsets[r+1]), cols ascending, unique. */
export interface Csr {
  offsets: Int32Array;
  cols: Int32Array;
  weights: Float64Array;
}

/**
 * Builds a CSR from coordinate triples in O(n + count): two stable counting sorts (by column, then by row) and a
 * merge that sums the weights of repeated (row, col) pairs.
 */
export function buildCsr(n: number, rows: Int32Array, cols: Int32Array, weights: Float64Array, count = rows.length): Csr {
  const pos = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) pos[cols[e]! + 1]!++;
  for (let i = 0; i < n; i++) pos[i + 1]! += pos[i]!;
  const byCol = new Int32Array(count);
  for (let e = 0; e < count; e++) byCol[pos[cols[e]!]!++] = e;
  pos.fill(0);
  for (let e = 0; e < count; e++) pos[rows[e]! + 1]!++;
  for (let i = 0; i < n; i++) pos[i + 1]! += pos[i]!;
  const sorted = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const e = byCol[k]!;
    sorted[pos[rows[e]!]!++] = e;
  }
  // pos[r] is now the end of row r; merge duplicates row by row.
  const offsets = new Int32Array(n + 1);
  const outCols = new Int32Array(count);
  const outWeights = new Float64Array(count);
  let w = 0;
  let k = 0;
  for (let r = 0; r < n; r++) {
    const end = pos[r]!;
    let last = -1;
    for (; k < end; k++) {
      const e = sorted[k]!;
      const c = cols[e]!;
      if (c === last) {
        outWeights[w - 1]! += weights[e]!;
      } else {
        outCols[w] = c;
        outWeights[w] = weights[e]!;
        w++;
        last = c;
      }
    }
    offsets[r + 1] = w;
  }
  return { offsets, cols: outCols.slice(0, w), weights: outWeights.slice(0, w) };
}

/**
 * Directed weighted graph in CSR form over dense node indices 0..n-1 (`ids[i]` is the external id).
 * Repeated edges are merged with their weights summed. An undirected input stores both directions.
 */
export interface Graph {
  n: number;
  /** Distinct directed edges (after merging repeats; an undirected edge counts twice, a self-loop once). */
  m: number;
  ids: string[];
  undirected: boolean;
  outOffsets: Int32Array;
  outTargets: Int32Array;
  outWeights: Float64Array;
  inOffsets: Int32Array;
  inSources: Int32Array;
  inWeights: Float64Array;
  outStrength: Float64Array;
  inStrength: Float64Array;
}

export interface BuildOptions {
  /** Treat every line as an undirected edge (both directions). Default false. */
  undirected?: boolean;
}

/** Builds the CSR graph (out- and in-adjacency, degrees and strengths) from an edge list. */
export function buildGraph(list: EdgeList, options: BuildOptions = {}): Graph {
  const undirected = options.undirected ?? false;
  const n = list.ids.length;
  let rows = list.src;
  let cols = list.dst;
  let weights = list.weight;
  if (undirected) {
    const count = list.src.length;
    let loops = 0;
    for (let e = 0; e < count; e++) if (list.src[e] === list.dst[e]) loops++;
    const total = 2 * count - loops;
    rows = new Int32Array(total);
    cols = new Int32Array(total);
    weights = new Float64Array(total);
    let k = 0;
    for (let e = 0; e < count; e++) {
      const s = list.src[e]!;
      const t = list.dst[e]!;
      const w = list.weight[e]!;
      rows[k] = s;
      cols[k] = t;
      weights[k++] = w;
      if (s !== t) {
        rows[k] = t;
        cols[k] = s;
        weights[k++] = w;
      }
    }
  }
  const out = buildCsr(n, rows, cols, weights);
  const m = out.cols.length;
  // In-adjacency from the merged out-adjacency: a counting sort by target, stable in source order.
  const inOffsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) inOffsets[out.cols[e]! + 1]!++;
  for (let i = 0; i < n; i++) inOffsets[i + 1]! += inOffsets[i]!;
  const fill = inOffsets.slice(0, n);
  const inSources = new Int32Array(m);
  const inWeights = new Float64Array(m);
  const outStrength = new Float64Array(n);
  const inStrength = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    for (let e = out.offsets[s]!; e < out.offsets[s + 1]!; e++) {
      const t = out.cols[e]!;
      const w = out.weights[e]!;
      const p = fill[t]!++;
      inSources[p] = s;
      inWeights[p] = w;
      outStrength[s]! += w;
      inStrength[t]! += w;
    }
  }
  return {
    n,
    m,
    ids: list.ids,
    undirected,
    outOffsets: out.offsets,
    outTargets: out.cols,
    outWeights: out.weights,
    inOffsets,
    inSources,
    inWeights,
    outStrength,
    inStrength,
  };
}

/** Out-degree (distinct successors) of every node. */
export function outDegrees(g: Graph): Int32Array {
  const d = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) d[v] = g.outOffsets[v + 1]! - g.outOffsets[v]!;
  return d;
}

/** In-degree (distinct predecessors) of every node. */
export function inDegrees(g: Graph): Int32Array {
  const d = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) d[v] = g.inOffsets[v + 1]! - g.inOffsets[v]!;
  return d;
}

/**
 * Undirected simple projection: neighbours without self-loops, weight of {u, v} = w(u→v) + w(v→u) for a directed
 * graph (for an undirected input, the edge's own weight). Self-loop weights are kept apart in `loops`.
 */
export interface UndirectedGraph {
  n: number;
  offsets: Int32Array;
  neighbors: Int32Array;
  weights: Float64Array;
  loops: Float64Array;
  /** Sum of all edge weights, each undirected edge and self-loop once. */
  totalWeight: number;
}

export function undirectedProjection(g: Graph): UndirectedGraph {
  const { n, outOffsets, outTargets, outWeights } = g;
  const loops = new Float64Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    for (let e = outOffsets[s]!; e < outOffsets[s + 1]!; e++) if (outTargets[e] !== s) count += 2;
  }
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  const weights = new Float64Array(count);
  // An undirected input already holds both directions, so each pair would be counted twice.
  const scale = g.undirected ? 0.5 : 1;
  let k = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    for (let e = outOffsets[s]!; e < outOffsets[s + 1]!; e++) {
      const t = outTargets[e]!;
      const w = outWeights[e]!;
      if (t === s) {
        loops[s]! += w;
        total += w;
        continue;
      }
      rows[k] = s;
      cols[k] = t;
      weights[k++] = w * scale;
      rows[k] = t;
      cols[k] = s;
      weights[k++] = w * scale;
      total += w * scale;
    }
  }
  const csr = buildCsr(n, rows, cols, weights);
  return { n, offsets: csr.offsets, neighbors: csr.cols, weights: csr.weights, loops, totalWeight: total };
}
