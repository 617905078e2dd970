import { beforeAll, describe, expect, it } from 'vitest';
import { betweenness } from './betweenness.js';
import { buildGraph, undirectedProjection, type Graph, type UndirectedGraph } from './csr.js';
import { readEdgeListFile } from './edgelist.js';
import { coreness } from './kcore.js';
import { louvain, modularity } from './louvain.js';
import { pagerank } from './pagerank.js';
import { GRAPH_DATA, graphDataOrFail, readReference } from './testing/fixtures.js';
import { topIndices } from './top.js';

interface RetweetRef {
  n: number;
  m: number;
  pagerank: Array<[string, number]>;
  pagerank_weighted: Array<[string, number]>;
  betweenness: Array<[string, number]>;
  louvain: { modularity: number; count: number; largest: number[] };
  kcore: { max: number; max_core_size: number };
}

describe.skipIf(!graphDataOrFail(process.env))('Twitter15/16 retweet graph (677,640 nodes / 833,460 edges) vs igraph 0.10.2', () => {
  let graph: Graph;
  let projection: UndirectedGraph;
  let ref: RetweetRef;
  let index: Map<string, number>;

  beforeAll(async () => {
    graph = buildGraph(await readEdgeListFile(`${GRAPH_DATA}twitter1516-retweet.edgelist`));
    projection = undirectedProjection(graph);
    ref = readReference<RetweetRef>('twitter1516-retweet.ig.json');
    index = new Map(graph.ids.map((id, i) => [id, i]));
  });

  it('has the reference size', () => {
    expect(graph.n).toBe(ref.n);
    expect(graph.m).toBe(ref.m);
  });

  it.each(['pagerank', 'pagerank_weighted'] as const)('%s: top-100 ranking and values match igraph’s exact (PRPACK) solve', (key) => {
    const pr = pagerank(graph, { weighted: key === 'pagerank_weighted' });
    expect(pr.converged).toBe(true);
    expect(pr.errorBound).toBeLessThan(1e-10);
    const expected = ref[key];
    expect(expected).toHaveLength(100);
    // Values of the reference's top 100 nodes, L1 over them.
    let l1 = 0;
    for (const [id, v] of expected) l1 += Math.abs(pr.scores[index.get(id)!]! - v);
    expect(l1).toBeLessThan(1e-9);
    // Our top 100 has the same values in the same order (ties may swap ids).
    const ours = topIndices(pr.scores, 100);
    ours.forEach((v, rank) => expect(Math.abs(pr.scores[v]! - expected[rank]![1])).toBeLessThan(1e-12));
    const tiedValue = (id: string): number => expected.filter(([, v]) => Math.abs(v - pr.scores[index.get(id)!]!) < 1e-12).length;
    ours.forEach((v, rank) => {
      if (tiedValue(graph.ids[v]!) === 1) expect(graph.ids[v]).toBe(expected[rank]![0]);
    });
  });

  it('k-core: max coreness 10, 459 nodes in the max core', () => {
    const core = coreness(projection);
    let max = 0;
    for (const c of core) if (c > max) max = c;
    let size = 0;
    for (const c of core) if (c === max) size++;
    expect(max).toBe(ref.kcore.max);
    expect(size).toBe(ref.kcore.max_core_size);
  });

  it('Louvain modularity is at least igraph’s (0.8481)', () => {
    const result = louvain(projection, { seed: 1 });
    expect(result.modularity).toBeGreaterThanOrEqual(ref.louvain.modularity - 1e-6);
    expect(result.modularity).toBeCloseTo(modularity(projection, result.membership), 9);
    expect(result.count).toBeGreaterThan(150);
    expect(result.count).toBeLessThan(300);
  });

  it('sampled betweenness finds igraph’s exact top nodes within its stated error', () => {
    const result = betweenness(graph, { mode: 2000, seed: 1 });
    expect(result.mode).toBe('sampled');
    const expected = ref.betweenness;
    let within = 0;
    for (const [id, v] of expected) if (Math.abs(result.scores[index.get(id)!]! - v) <= 3 * result.maxStdErr) within++;
    expect(within).toBeGreaterThanOrEqual(95);
    const ourTop = new Set(topIndices(result.scores, 20).map((v) => graph.ids[v]));
    const overlap = expected.slice(0, 10).filter(([id]) => ourTop.has(id)).length;
    expect(overlap).toBeGreaterThanOrEqual(8);
  });
});
