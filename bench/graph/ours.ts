/**
 * One run of Sotong's graph engine for bench/graph, in its own process so peak memory is its own.
 * Usage: tsx bench/graph/ours.ts --edges FILE [--pagerank-out TSV] [--betweenness exact|N]
 * Prints one JSON object with wall and CPU seconds per step, results and peak RSS.
 */
import { writeFileSync } from 'node:fs';
import { betweenness } from '../../src/graph/betweenness.js';
import { buildGraph, undirectedProjection } from '../../src/graph/csr.js';
import { readEdgeListFile } from '../../src/graph/edgelist.js';
import { coreness } from '../../src/graph/kcore.js';
import { louvain } from '../../src/graph/louvain.js';
import { pagerank } from '../../src/graph/pagerank.js';
import { topPairs } from '../../src/graph/top.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const edges = arg('--edges');
if (edges === undefined) throw new Error('--edges FILE is required');
const times: Record<string, { wall: number; cpu: number }> = {};
async function timed<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await fn();
  const c = process.cpuUsage(c0);
  times[name] = { wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 };
  return out;
}

const list = await timed('parse', () => readEdgeListFile(edges));
const graph = await timed('build', () => buildGraph(list));
times.load = { wall: times.parse!.wall + times.build!.wall, cpu: times.parse!.cpu + times.build!.cpu };
const pr = await timed('pagerank', () => pagerank(graph));
const projection = await timed('projection', () => undirectedProjection(graph));
const core = await timed('coreness', () => coreness(projection));
const comms = await timed('communities', () => louvain(projection, { seed: 1 }));
let kmax = 0;
for (const k of core) if (k > kmax) kmax = k;
let kcount = 0;
for (const k of core) if (k === kmax) kcount++;
const result: Record<string, unknown> = {
  lib: 'sotong',
  node: process.version,
  nodes: graph.n,
  modularity: comms.modularity,
  communities: comms.count,
  kcore: { max: kmax, max_core_size: kcount },
  pagerank_info: { iterations: pr.iterations, components: pr.components, errorBound: pr.errorBound },
  pagerank_top: topPairs(graph.ids, pr.scores, 100),
};
const bMode = arg('--betweenness');
if (bMode !== undefined) {
  const mode = bMode === 'exact' ? 'exact' : Number(bMode);
  const bc = await timed('betweenness', () => betweenness(graph, { mode }));
  result.betweenness_info = { mode: bc.mode, sources: bc.sources, maxStdErr: bc.maxStdErr, hoeffding95: bc.hoeffding95 };
  result.betweenness_top = topPairs(graph.ids, bc.scores, 100);
}
const out = arg('--pagerank-out');
if (out !== undefined) writeFileSync(out, graph.ids.map((id, i) => `${id}\t${pr.scores[i]}`).join('\n') + '\n');
result.seconds = times;
result.peak_rss_mib = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(result)}\n`);
