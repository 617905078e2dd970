import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph, type GraphAnalysis } from './analyze.js';
import { buildGraph } from './csr.js';
import { readEdgeListFile } from './edgelist.js';
import { pagerank } from './pagerank.js';
import { GRAPH_DATA, graphDataOrFail, readReference } from './testing/fixtures.js';

interface KarateRef {
  n: number;
  m: number;
  pagerank: Array<[string, number]>;
  pagerank_weighted: Array<[string, number]>;
  betweenness: Array<[string, number]>;
  louvain: { modularity: number; count: number; partition?: number[][] };
  kcore: { max: number; max_core_size: number; max_core_nodes?: string[] };
  in_degree?: Array<[string, number]>;
}

function l1(ids: string[], scores: ArrayLike<number>, ref: Array<[string, number]>): number {
  const index = new Map(ids.map((id, i) => [id, i]));
  return ref.reduce((sum, [id, v]) => sum + Math.abs(scores[index.get(id)!]! - v), 0);
}

describe.skipIf(!graphDataOrFail(process.env))('karate club vs networkx 2.8.8 and igraph 0.10.2', () => {
  let result: GraphAnalysis;
  let nx: KarateRef;
  let ig: KarateRef;
  let index: Map<string, number>;

  beforeAll(async () => {
    const list = await readEdgeListFile(`${GRAPH_DATA}karate.edgelist`);
    result = analyzeGraph(buildGraph(list, { undirected: true }));
    nx = readReference<KarateRef>('karate.nx.json');
    ig = readReference<KarateRef>('karate.ig.json');
    index = new Map(result.ids.map((id, i) => [id, i]));
  });

  it('has the reference size', () => {
    expect(result.nodes).toBe(nx.n);
    expect(result.edges).toBe(2 * nx.m);
  });

  it('PageRank (weighted and plain) matches igraph’s exact solve within 1e-9 L1 over all nodes', () => {
    expect(ig.pagerank_weighted).toHaveLength(34);
    expect(l1(result.ids, result.pagerank, ig.pagerank_weighted)).toBeLessThan(1e-9);
    const plain = pagerank(result.graph, { weighted: false });
    expect(l1(result.ids, plain.scores, ig.pagerank)).toBeLessThan(1e-9);
    // networkx stopped at its default tolerance (N·1e-6), so its own error is around 1e-5.
    expect(l1(result.ids, result.pagerank, nx.pagerank_weighted)).toBeLessThan(1e-4);
    expect(l1(result.ids, plain.scores, nx.pagerank)).toBeLessThan(1e-4);
  });

  it('exact betweenness equals both references', () => {
    expect(result.betweennessInfo?.mode).toBe('exact');
    for (const [id, v] of nx.betweenness) expect(result.betweenness![index.get(id)!]).toBeCloseTo(v, 13);
    for (const [id, v] of ig.betweenness) expect(result.betweenness![index.get(id)!]).toBeCloseTo(v, 13);
  });

  it('k-core: max core 4 with the reference’s 10 nodes', () => {
    const core = result.coreness!;
    const max = Math.max(...core);
    expect(max).toBe(nx.kcore.max);
    const members = result.ids.filter((_, i) => core[i] === max).sort();
    expect(members).toHaveLength(nx.kcore.max_core_size);
    expect(members).toEqual([...nx.kcore.max_core_nodes!].sort());
  });

  it('Louvain modularity is at least both references’ and recovers the club split', () => {
    expect(result.modularity!).toBeGreaterThanOrEqual(nx.louvain.modularity - 1e-12);
    expect(result.modularity!).toBeGreaterThanOrEqual(ig.louvain.modularity);
    expect(result.communityCount).toBe(nx.louvain.count);
    const club = new Map(
      readFileSync(`${GRAPH_DATA}karate-club.tsv`, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t') as [string, string]),
    );
    // Each community votes for its majority club; count the members that agree (networkx's partition: 33/34).
    let agree = 0;
    for (let c = 0; c < result.communityCount; c++) {
      const votes = new Map<string, number>();
      result.ids.forEach((id, i) => {
        if (result.communities![i] === c) votes.set(club.get(id)!, (votes.get(club.get(id)!) ?? 0) + 1);
      });
      agree += Math.max(...votes.values());
    }
    expect(agree).toBeGreaterThanOrEqual(33);
  });

  it('in-degree matches networkx', () => {
    for (const [id, d] of nx.in_degree!) expect(result.inDegree[index.get(id)!]).toBe(d);
  });
});
