import { buildCsr, type UndirectedGraph } from './csr.js';
import { createRng, identity, shuffle } from './random.js';

export interface LouvainOptions {
  /** Modularity resolution γ. Default 1. */
  resolution?: number;
  /** Seed of the node visiting order. Default 1. */
  seed?: number;
  /** Independent runs (seeds seed, seed+1, ...); the best modularity wins. Default 1. */
  restarts?: number;
  /** Stop aggregating when a level gains at most this much modularity. Default 1e-7 (as networkx). */
  threshold?: number;
}

export interface LouvainResult {
  /** Community of every node, numbered 0..count−1 by decreasing size. */
  membership: Int32Array;
  count: number;
  /** Size of every community, largest first. */
  sizes: Int32Array;
  modularity: number;
  /** Aggregation levels of the winning run. */
  levels: number;
}

/** One level of the hierarchy: a weighted graph whose self-loops are stored as loop2 = twice their weight. */
interface Level {
  n: number;
  offsets: Int32Array;
  neighbors: Int32Array;
  weights: Float64Array;
  loop2: Float64Array;
  strength: Float64Array;
}

function baseLevel(g: UndirectedGraph): Level {
  const { n, offsets, weights } = g;
  const loop2 = new Float64Array(n);
  const strength = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let s = 2 * g.loops[v]!;
    loop2[v] = s;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) s += weights[e]!;
    strength[v] = s;
  }
  return { n, offsets, neighbors: g.neighbors, weights, loop2, strength };
}

/**
 * Local moving phase: visit nodes in a random order and move each to the neighbouring community with the largest
 * modularity gain, until a full pass moves nothing. Returns communities renumbered 0..count−1, or null if no
 * node moved.
 */
function localMove(level: Level, m2: number, resolution: number, rng: () => number, initial?: Int32Array): { comm: Int32Array; count: number } | null {
  const { n, offsets, neighbors, weights, strength } = level;
  const comm = initial ? initial.slice() : identity(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) tot[comm[i]!]! += strength[i]!;
  // Queue-driven moving (as in Leiden's fast local move): every node once in random order, then only nodes whose
  // neighbourhood changed. Same local optimum as repeated full passes, far fewer visits.
  const queue = shuffle(identity(n), rng);
  const queued = new Uint8Array(n).fill(1);
  let head = 0;
  let pending = n;
  const neighW = new Float64Array(n).fill(-1);
  const touched = new Int32Array(n);
  let movedAny = false;
  let visits = 0;
  const maxVisits = 1000 * n;
  while (pending > 0 && visits < maxVisits) {
    const i = queue[head]!;
    head = head + 1 === n ? 0 : head + 1;
    pending--;
    queued[i] = 0;
    visits++;
    const ci = comm[i]!;
    const ki = strength[i]!;
    let nc = 0;
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const c = comm[neighbors[e]!]!;
      const w = weights[e]!;
      if (neighW[c]! < 0) {
        neighW[c] = w;
        touched[nc++] = c;
      } else neighW[c]! += w;
    }
    tot[ci]! -= ki;
    const scale = (resolution * ki) / m2;
    const own = neighW[ci]!;
    let best = ci;
    let bestGain = (own > 0 ? own : 0) - tot[ci]! * scale;
    const eps = 1e-12 * (ki > 1 ? ki : 1);
    for (let t = 0; t < nc; t++) {
      const c = touched[t]!;
      const gain = neighW[c]! - tot[c]! * scale;
      if (gain > bestGain + eps) {
        best = c;
        bestGain = gain;
      }
      neighW[c] = -1;
    }
    tot[best]! += ki;
    if (best === ci) continue;
    comm[i] = best;
    movedAny = true;
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const j = neighbors[e]!;
      if (queued[j] === 0 && comm[j] !== best) {
        queued[j] = 1;
        queue[(head + pending) % n] = j;
        pending++;
      }
    }
  }
  if (!movedAny) return null;
  const renumber = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = comm[i]!;
    if (renumber[c]! < 0) renumber[c] = count++;
    comm[i] = renumber[c]!;
  }
  return { comm, count };
}

/** Collapses each community into one node; internal weight becomes that node's self-loop. */
function aggregate(level: Level, comm: Int32Array, count: number): Level {
  const { n, offsets, neighbors, weights } = level;
  const loop2 = new Float64Array(count);
  const strength = new Float64Array(count);
  const size = neighbors.length;
  const rows = new Int32Array(size);
  const cols = new Int32Array(size);
  const wts = new Float64Array(size);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const ci = comm[i]!;
    loop2[ci]! += level.loop2[i]!;
    strength[ci]! += level.strength[i]!;
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const cj = comm[neighbors[e]!]!;
      if (cj === ci) loop2[ci]! += weights[e]!;
      else {
        rows[k] = ci;
        cols[k] = cj;
        wts[k++] = weights[e]!;
      }
    }
  }
  const csr = buildCsr(count, rows, cols, wts, k);
  return { n: count, offsets: csr.offsets, neighbors: csr.cols, weights: csr.weights, loop2, strength };
}

function levelModularity(level: Level, m2: number, resolution: number): number {
  let q = 0;
  for (let c = 0; c < level.n; c++) {
    const t = level.strength[c]! / m2;
    q += level.loop2[c]! / m2 - resolution * t * t;
  }
  return q;
}

/** Multilevel phase from `level`: move, aggregate, repeat while a level gains more than `threshold`. */
function multilevel(level: Level, membership: Int32Array, m2: number, resolution: number, threshold: number, rng: () => number): number {
  let q = levelModularity(level, m2, resolution);
  let levels = 0;
  for (;;) {
    const moved = localMove(level, m2, resolution, rng);
    if (moved === null) break;
    for (let v = 0; v < membership.length; v++) membership[v] = moved.comm[membership[v]!]!;
    level = aggregate(level, moved.comm, moved.count);
    levels++;
    const next = levelModularity(level, m2, resolution);
    const gain = next - q;
    q = next;
    if (gain <= threshold) break;
  }
  return levels;
}

/**
 * One randomised run: the multilevel phase, then refinement rounds that move single nodes of the original graph
 * between the final communities and, when that helps, aggregate and run the multilevel phase again.
 */
function runOnce(base: Level, m2: number, resolution: number, threshold: number, seed: number): { membership: Int32Array; modularity: number; levels: number } {
  const rng = createRng(seed);
  const membership = identity(base.n);
  let levels = multilevel(base, membership, m2, resolution, threshold, rng);
  let count = 0;
  for (let v = 0; v < base.n; v++) if (membership[v]! + 1 > count) count = membership[v]! + 1;
  let q = levelModularity(aggregate(base, membership, count), m2, resolution);
  for (let round = 0; round < 10; round++) {
    const refined = localMove(base, m2, resolution, rng, membership);
    if (refined === null) break;
    const coarse = aggregate(base, refined.comm, refined.count);
    const next = levelModularity(coarse, m2, resolution);
    if (next - q <= threshold) break;
    const inner = identity(refined.count);
    levels += multilevel(coarse, inner, m2, resolution, threshold, rng);
    for (let v = 0; v < base.n; v++) membership[v] = inner[refined.comm[v]!]!;
    count = 0;
    for (let v = 0; v < base.n; v++) if (membership[v]! + 1 > count) count = membership[v]! + 1;
    q = levelModularity(aggregate(base, membership, count), m2, resolution);
  }
  return { membership, modularity: q, levels };
}

/**
 * Louvain community detection (Blondel et al. 2008) on the undirected projection: repeated local moving and
 * aggregation. Randomised by the node order; `seed` makes it reproducible.
 */
export function louvain(g: UndirectedGraph, options: LouvainOptions = {}): LouvainResult {
  const resolution = options.resolution ?? 1;
  const seed = options.seed ?? 1;
  const restarts = Math.max(1, options.restarts ?? 1);
  const threshold = options.threshold ?? 1e-7;
  const base = baseLevel(g);
  const m2 = 2 * g.totalWeight;
  let best: { membership: Int32Array; modularity: number; levels: number };
  if (!(m2 > 0)) best = { membership: identity(g.n), modularity: 0, levels: 0 };
  else {
    best = runOnce(base, m2, resolution, threshold, seed);
    for (let r = 1; r < restarts; r++) {
      const run = runOnce(base, m2, resolution, threshold, seed + r);
      if (run.modularity > best.modularity) best = run;
    }
  }
  return finish(best.membership, best.modularity, best.levels);
}

/** Renumbers communities by decreasing size (ties: smallest member first). */
function finish(raw: Int32Array, modularity: number, levels: number): LouvainResult {
  const n = raw.length;
  let count = 0;
  for (let v = 0; v < n; v++) if (raw[v]! + 1 > count) count = raw[v]! + 1;
  const size = new Int32Array(count);
  const first = new Int32Array(count).fill(n);
  for (let v = 0; v < n; v++) {
    const c = raw[v]!;
    size[c]!++;
    if (v < first[c]!) first[c] = v;
  }
  const live = Array.from(identity(count)).filter((c) => size[c]! > 0);
  live.sort((a, b) => size[b]! - size[a]! || first[a]! - first[b]!);
  const rank = new Int32Array(count);
  live.forEach((c, i) => {
    rank[c] = i;
  });
  const membership = new Int32Array(n);
  for (let v = 0; v < n; v++) membership[v] = rank[raw[v]!]!;
  const sizes = Int32Array.from(live.map((c) => size[c]!));
  return { membership, count: live.length, sizes, modularity, levels };
}

/** Newman modularity of a partition of the undirected projection (weights, self-loops counted once). */
export function modularity(g: UndirectedGraph, membership: Int32Array, resolution = 1): number {
  const m2 = 2 * g.totalWeight;
  if (!(m2 > 0)) return 0;
  let count = 0;
  for (let v = 0; v < g.n; v++) if (membership[v]! + 1 > count) count = membership[v]! + 1;
  const inner = new Float64Array(count);
  const tot = new Float64Array(count);
  for (let v = 0; v < g.n; v++) {
    const c = membership[v]!;
    inner[c]! += 2 * g.loops[v]!;
    tot[c]! += 2 * g.loops[v]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.weights[e]!;
      tot[c]! += w;
      if (membership[g.neighbors[e]!] === c) inner[c]! += w;
    }
  }
  let q = 0;
  for (let c = 0; c < count; c++) q += inner[c]! / m2 - resolution * (tot[c]! / m2) ** 2;
  return q;
}
