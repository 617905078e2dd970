/**
 * bench/graph: Sotong's graph engine against python-igraph (C core) and networkx on the same edge list, each tool
 * in its own fresh process, in one run on one machine. Times PageRank + coreness + Louvain communities, reports
 * per-step wall and CPU seconds (best of --repeat runs; networkx once), peak RSS, the ratios, and how far the
 * PageRank vectors are apart over all nodes. Also writes networkx's and igraph's full results to --outdir
 * (the large graph's reference results).
 *
 *   npx tsx bench/graph/bench.ts [--edges FILE] [--repeat 3] [--no-nx] [--betweenness] [--outdir DIR]
 *
 * Installs Debian's python3-networkx and python3-igraph with apt-get when they are missing (needs root).
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PYTHON = '/usr/bin/python3';
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const edges = opt('--edges', fileURLToPath(new URL('../../../shared/data/graphs/twitter1516-retweet.edgelist', import.meta.url)));
const repeat = Math.max(1, Number(opt('--repeat', '3')));
const outdir = opt('--outdir', '/tmp/sotong-bench-graph');
const withNx = !argv.includes('--no-nx');
const withBetweenness = argv.includes('--betweenness');
mkdirSync(outdir, { recursive: true });

type Step = { wall: number; cpu: number };
interface Run {
  lib: string;
  version?: string;
  nodes: number;
  modularity: number;
  communities: number;
  kcore: { max: number; max_core_size: number };
  pagerank_top: Array<[string, number]>;
  betweenness_top?: Array<[string, number]>;
  seconds: Record<string, Step>;
  peak_rss_mib: number;
}

function ensurePythonLibraries(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import networkx, igraph'], { encoding: 'utf8' });
  if (probe.status === 0) return;
  console.error('bench/graph: installing python3-networkx python3-igraph with apt-get ...');
  for (const args of [['update'], ['install', '-y', 'python3-networkx', 'python3-igraph']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (run as root, or install the packages yourself)`);
  }
}

function runChild(label: string, command: string, args: string[]): Run {
  console.error(`bench/graph: ${label} ...`);
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr}`);
  const run = JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
  writeFileSync(`${outdir}/${label.replace(/[^a-z0-9]+/gi, '-')}.json`, JSON.stringify(run));
  return run;
}

/** Best (minimum) wall and CPU time per step over repeated runs; the other fields from the first run. */
function best(runs: Run[]): Run {
  const first = runs[0]!;
  const seconds: Record<string, Step> = {};
  for (const step of Object.keys(first.seconds)) {
    const timed = runs.map((r) => r.seconds[step]).filter((s): s is Step => s !== undefined);
    seconds[step] = { wall: Math.min(...timed.map((s) => s.wall)), cpu: Math.min(...timed.map((s) => s.cpu)) };
  }
  return { ...first, seconds, peak_rss_mib: Math.max(...runs.map((r) => r.peak_rss_mib)) };
}

function readScores(path: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) map.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return map;
}

function l1(a: Map<string, number>, b: Map<string, number>): number {
  let sum = 0;
  for (const [id, v] of a) sum += Math.abs(v - (b.get(id) ?? 0));
  return sum;
}

function topOverlap(a: Array<[string, number]>, b: Array<[string, number]>, k: number): number {
  const set = new Set(b.slice(0, k).map(([id]) => id));
  return a.slice(0, k).filter(([id]) => set.has(id)).length;
}

ensurePythonLibraries();
const tsxLoader = ['--import', 'tsx'];
const oursRuns: Run[] = [];
const igRuns: Run[] = [];
for (let r = 0; r < repeat; r++) {
  const extra = withBetweenness && r === 0 ? ['--betweenness', 'exact'] : [];
  oursRuns.push(runChild(`sotong run ${r + 1}/${repeat}`, process.execPath, [...tsxLoader, `${HERE}ours.ts`, '--edges', edges, '--pagerank-out', `${outdir}/sotong-pagerank.tsv`, ...extra]));
  const igExtra = withBetweenness && r === 0 ? ['--betweenness'] : [];
  igRuns.push(runChild(`igraph run ${r + 1}/${repeat}`, PYTHON, [`${HERE}reference.py`, '--lib', 'ig', '--edges', edges, '--pagerank-out', `${outdir}/igraph-pagerank.tsv`, ...igExtra]));
}
const ours = best(oursRuns);
ours.betweenness_top = oursRuns[0]!.betweenness_top;
const ig = best(igRuns);
ig.betweenness_top = igRuns[0]!.betweenness_top;
const nx = withNx ? runChild('networkx (about 2 minutes)', PYTHON, [`${HERE}reference.py`, '--lib', 'nx', '--edges', edges, '--pagerank-out', `${outdir}/networkx-pagerank.tsv`]) : null;
writeFileSync(`${outdir}/results.json`, JSON.stringify({ edges, date: new Date().toISOString(), ours, igraph: ig, networkx: nx }, null, 1));

const METRIC_STEPS = ['pagerank', 'coreness', 'communities'];
const sum = (run: Run, kind: keyof Step, steps = METRIC_STEPS): number => steps.reduce((s, k) => s + (run.seconds[k]?.[kind] ?? 0), 0);
const fmt = (x: number | undefined, digits = 3): string => (x === undefined ? '—' : x.toFixed(digits));
const tools: Array<[string, Run]> = [
  [`Sotong (TypeScript, Node ${process.version})`, ours],
  [`python-igraph ${ig.version} (C)`, ig],
];
if (nx) tools.push([`networkx ${nx.version}`, nx]);

const lines: string[] = [];
lines.push(`Edge list: \`${edges.split('/').slice(-1)[0]}\`, ${ours.nodes.toLocaleString('en')} nodes. Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB.`);
lines.push(`Seconds, CPU (user+sys) / wall; best of ${repeat} fresh processes for Sotong and igraph, networkx once.`);
lines.push('');
lines.push('| step | ' + tools.map(([name]) => name).join(' | ') + ' |');
lines.push('|---|' + tools.map(() => '---|').join(''));
for (const step of ['load', 'pagerank', 'projection', 'coreness', 'communities', ...(withBetweenness ? ['betweenness'] : [])]) {
  lines.push(`| ${step} | ` + tools.map(([, r]) => (r.seconds[step] ? `${fmt(r.seconds[step]!.cpu)} / ${fmt(r.seconds[step]!.wall)}` : '—')).join(' | ') + ' |');
}
lines.push('| **PageRank + coreness + communities** | ' + tools.map(([, r]) => `**${fmt(sum(r, 'cpu'))} / ${fmt(sum(r, 'wall'))}**`).join(' | ') + ' |');
lines.push('| peak RSS (MiB) | ' + tools.map(([, r]) => Math.round(r.peak_rss_mib)).join(' | ') + ' |');
lines.push('| Louvain modularity | ' + tools.map(([, r]) => r.modularity.toFixed(6) + ` (${r.communities} communities)`).join(' | ') + ' |');
lines.push('| k-core max / size | ' + tools.map(([, r]) => `${r.kcore.max} / ${r.kcore.max_core_size}`).join(' | ') + ' |');
lines.push('');
const ratio = (a: Run, b: Run, kind: keyof Step): string => (sum(a, kind) / sum(b, kind)).toFixed(2);
lines.push(`Sotong / igraph time (PageRank + coreness + communities): ${ratio(ours, ig, 'cpu')}× CPU, ${ratio(ours, ig, 'wall')}× wall (goal ≤ 2×).`);
if (nx) lines.push(`networkx / Sotong: ${(sum(nx, 'cpu') / sum(ours, 'cpu')).toFixed(1)}× CPU, ${(sum(nx, 'wall') / sum(ours, 'wall')).toFixed(1)}× wall (goal ≥ 10×).`);
const oursPr = readScores(`${outdir}/sotong-pagerank.tsv`);
const igPr = readScores(`${outdir}/igraph-pagerank.tsv`);
lines.push(`Weighted PageRank L1 over all nodes: Sotong vs igraph PRPACK ${l1(oursPr, igPr).toExponential(2)}; top-100 overlap ${topOverlap(ours.pagerank_top, ig.pagerank_top, 100)}/100.`);
if (nx) {
  const nxPr = readScores(`${outdir}/networkx-pagerank.tsv`);
  lines.push(
    `Weighted PageRank L1 over all nodes: Sotong vs networkx (tol 1e-12) ${l1(oursPr, nxPr).toExponential(2)}; networkx vs igraph ${l1(nxPr, igPr).toExponential(2)}; top-100 overlap with networkx ${topOverlap(ours.pagerank_top, nx.pagerank_top, 100)}/100.`,
  );
}
if (withBetweenness && ours.betweenness_top && ig.betweenness_top) {
  const igTop = new Map(ig.betweenness_top);
  const maxDiff = Math.max(...ours.betweenness_top.map(([id, v]) => Math.abs(v - (igTop.get(id) ?? v))));
  lines.push(`Exact betweenness: top-100 overlap with igraph ${topOverlap(ours.betweenness_top, ig.betweenness_top, 100)}/100, largest difference on shared nodes ${maxDiff.toExponential(2)}.`);
}
lines.push(`Full outputs (incl. networkx's and igraph's complete PageRank vectors): ${outdir}/.`);
console.log(lines.join('\n'));
