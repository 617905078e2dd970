import { describe, expect, it } from 'vitest';
import { betweenness } from './betweenness.js';
import { buildGraph, undirectedProjection, type Graph } from './csr.js';
import { parseEdgeList } from './edgelist.js';
import { coreness } from './kcore.js';
import { louvain, modularity } from './louvain.js';
import { pagerank } from './pagerank.js';
import { stronglyConnectedComponents } from './scc.js';
import { randomEdgeLines } from './testing/fixtures.js';
import { topIndices } from './top.js';

const graphOf = (text: string, undirected = false): Graph => buildGraph(parseEdgeList(text), { undirected });

/** Textbook power iteration on a dense matrix, run to machine precision. */
function naivePagerank(g: Graph, alpha: number, weighted: boolean): number[] {
  const n = g.n;
  let x = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < 3000; it++) {
    const y = new Array<number>(n).fill(0);
    let dangling = 0;
    for (let u = 0; u < n; u++) {
      let out = 0;
      for (let e = g.outOffsets[u]!; e < g.outOffsets[u + 1]!; e++) out += weighted ? g.outWeights[e]! : 1;
      if (out === 0) {
        dangling += x[u]!;
        continue;
      }
      for (let e = g.outOffsets[u]!; e < g.outOffsets[u + 1]!; e++) y[g.outTargets[e]!]! += (alpha * x[u]! * (weighted ? g.outWeights[e]! : 1)) / out;
    }
    x = y.map((v) => v + (1 - alpha) / n + (alpha * dangling) / n);
  }
  return x;
}

/** Betweenness by all-pairs BFS path counting (O(n·(n+m)) per node, fine for tiny graphs). */
function naiveBetweenness(g: Graph): number[] {
  const n = g.n;
  const dist: number[][] = [];
  const sigma: number[][] = [];
  for (let s = 0; s < n; s++) {
    const d = new Array<number>(n).fill(-1);
    const c = new Array<number>(n).fill(0);
    d[s] = 0;
    c[s] = 1;
    const q = [s];
    for (let i = 0; i < q.length; i++) {
      const v = q[i]!;
      for (let e = g.outOffsets[v]!; e < g.outOffsets[v + 1]!; e++) {
        const w = g.outTargets[e]!;
        if (d[w] === -1) {
          d[w] = d[v]! + 1;
          q.push(w);
        }
        if (d[w] === d[v]! + 1) c[w]! += c[v]!;
      }
    }
    dist.push(d);
    sigma.push(c);
  }
  const bc = new Array<number>(n).fill(0);
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < n; t++) {
      if (s === t || dist[s]![t]! <= 0) continue;
      for (let v = 0; v < n; v++) {
        if (v === s || v === t || dist[s]![v]! <= 0 || dist[v]![t]! <= 0) continue;
        if (dist[s]![v]! + dist[v]![t]! === dist[s]![t]) bc[v]! += (sigma[s]![v]! * sigma[v]![t]!) / sigma[s]![t]!;
      }
    }
  }
  return bc.map((b) => b / ((n - 1) * (n - 2)));
}

describe('CSR graph', () => {
  it('merges repeated edges, keeps both adjacencies and strengths', () => {
    const g = graphOf('a b 1\na b 2\nb c 1\nc a 4\nc c 1\n');
    expect(g.n).toBe(3);
    expect(g.m).toBe(4);
    expect(Array.from(g.outStrength)).toEqual([3, 1, 5]);
    expect(Array.from(g.inStrength)).toEqual([4, 3, 2]);
    const u = undirectedProjection(g);
    expect(Array.from(u.loops)).toEqual([0, 0, 1]);
    expect(u.totalWeight).toBe(9);
    // {a,c}: c→a 4 only; {a,b}: 3.
    expect(Array.from(u.weights.subarray(u.offsets[0]!, u.offsets[1]!))).toEqual([3, 4]);
  });

  it('sums both directions in the projection of a directed graph, not of an undirected one', () => {
    const directed = undirectedProjection(graphOf('a b 2\nb a 3\n'));
    expect(Array.from(directed.weights)).toEqual([5, 5]);
    const undirected = undirectedProjection(graphOf('a b 2\n', true));
    expect(Array.from(undirected.weights)).toEqual([2, 2]);
    expect(undirected.totalWeight).toBe(2);
  });

  it('orders strongly connected components topologically', () => {
    const g = graphOf(randomEdgeLines(60, 90, 7));
    const { comp } = stronglyConnectedComponents(g);
    for (let u = 0; u < g.n; u++) for (let e = g.outOffsets[u]!; e < g.outOffsets[u + 1]!; e++) expect(comp[g.outTargets[e]!]!).toBeGreaterThanOrEqual(comp[u]!);
  });
});

describe('PageRank', () => {
  it.each([
    [0.85, true],
    [0.85, false],
    [0.5, true],
  ])('matches dense power iteration (alpha %s, weighted %s) with loops, cycles and dangling nodes', (alpha, weighted) => {
    const g = graphOf(randomEdgeLines(80, 160, 3));
    const pr = pagerank(g, { alpha, weighted });
    const ref = naivePagerank(g, alpha, weighted);
    let l1 = 0;
    for (let v = 0; v < g.n; v++) l1 += Math.abs(pr.scores[v]! - ref[v]!);
    expect(l1).toBeLessThan(1e-10);
    expect(pr.converged).toBe(true);
    expect(pr.errorBound).toBeLessThan(1e-10);
    expect(pr.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('solves acyclic graphs in one pass', () => {
    const pr = pagerank(graphOf('a b\nb c\na c\n'));
    expect(pr.iterations).toBe(1);
    expect(pr.errorBound).toBe(0);
  });

  it('rejects alpha outside [0, 1)', () => {
    expect(() => pagerank(graphOf('a b\n'), { alpha: 1 })).toThrow(RangeError);
  });
});

describe('betweenness', () => {
  it('exact Brandes matches all-pairs path counting', () => {
    for (const seed of [1, 2, 3]) {
      const g = graphOf(randomEdgeLines(40, 90, seed));
      const bc = betweenness(g, { mode: 'exact' });
      const ref = naiveBetweenness(g);
      expect(bc.mode).toBe('exact');
      for (let v = 0; v < g.n; v++) expect(bc.scores[v]).toBeCloseTo(ref[v]!, 12);
    }
  });

  it('sampling is unbiased and its error estimate is of the right size', () => {
    const g = graphOf(randomEdgeLines(400, 1200, 11, false));
    const exact = betweenness(g, { mode: 'exact' }).scores;
    const runs = 20;
    const mean = new Float64Array(g.n);
    let within = 0;
    let total = 0;
    for (let r = 0; r < runs; r++) {
      const s = betweenness(g, { mode: 100, seed: r + 1 });
      expect(s.mode).toBe('sampled');
      expect(s.sources).toBe(100);
      expect(s.maxStdErr).toBeGreaterThan(0);
      expect(s.hoeffding95).toBeGreaterThan(s.maxStdErr);
      for (let v = 0; v < g.n; v++) {
        mean[v]! += s.scores[v]! / runs;
        total++;
        if (Math.abs(s.scores[v]! - exact[v]!) <= 2 * s.maxStdErr) within++;
      }
    }
    expect(within / total).toBeGreaterThan(0.95);
    const top = topIndices(exact, 10);
    for (const v of top) expect(Math.abs(mean[v]! - exact[v]!) / exact[v]!).toBeLessThan(0.1);
  });

  it("'auto' is exact on small graphs and samples above the limit", () => {
    const g = graphOf(randomEdgeLines(50, 100, 5));
    expect(betweenness(g).mode).toBe('exact');
    expect(betweenness(g, { exactLimit: 10, samples: 20 }).sources).toBe(20);
  });
});

describe('k-core', () => {
  it('matches repeated peeling', () => {
    const g = undirectedProjection(graphOf(randomEdgeLines(120, 400, 9)));
    const core = coreness(g);
    // Naive: for each k, repeatedly delete nodes of degree < k.
    const naive = new Int32Array(g.n);
    for (let k = 1; k < 40; k++) {
      const alive = new Uint8Array(g.n).fill(1);
      let changed = true;
      while (changed) {
        changed = false;
        for (let v = 0; v < g.n; v++) {
          if (!alive[v]) continue;
          let d = 0;
          for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) if (alive[g.neighbors[e]!]) d++;
          if (d < k) {
            alive[v] = 0;
            changed = true;
          }
        }
      }
      for (let v = 0; v < g.n; v++) if (alive[v]) naive[v] = k;
    }
    expect(Array.from(core)).toEqual(Array.from(naive));
  });
});

describe('Louvain', () => {
  it('separates two cliques joined by one edge', () => {
    const lines: string[] = [];
    for (const base of [0, 10]) for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) lines.push(`${base + i} ${base + j}`);
    lines.push('0 10');
    const g = undirectedProjection(graphOf(lines.join('\n'), true));
    const result = louvain(g, { seed: 3 });
    expect(result.count).toBe(2);
    expect(Array.from(result.sizes)).toEqual([6, 6]);
    expect(result.modularity).toBeCloseTo(modularity(g, result.membership), 12);
    expect(result.modularity).toBeGreaterThan(0.45);
  });

  it('is reproducible for a seed and its reported modularity is the partition’s', () => {
    const g = undirectedProjection(graphOf(randomEdgeLines(300, 900, 13)));
    const a = louvain(g, { seed: 7 });
    const b = louvain(g, { seed: 7 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(a.modularity).toBeCloseTo(modularity(g, a.membership), 12);
    expect(a.sizes.reduce((s, x) => s + x, 0)).toBe(g.n);
  });

  it('handles graphs without edge weight', () => {
    const g = undirectedProjection(graphOf('a b 0\n'));
    expect(louvain(g).modularity).toBe(0);
  });
});
