import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { EXIT, UsageError, type CliCommand, type CliIO } from '../command.js';
import { analyzeGraph } from '../../graph/index.js';
import { readCascadeFile } from '../../graph/index.js';
import { analyzeCascades, topUsers } from '../../graph/index.js';
import { buildGraph } from '../../graph/index.js';
import { readEdgeListFile, type LineError } from '../../graph/index.js';
import { topPairs } from '../../graph/index.js';

const USAGE = `Usage:
  sotong graph rank --edges FILE [--undirected] [--alpha 0.85] [--unweighted] [--top K]
                    [--betweenness auto|exact|off|N] [--seed N] [--out FILE.json]
  sotong graph cascades --trees FILE [--top K] [--out FILE.json]

rank      Influence in a network: PageRank, k-core coreness, betweenness and Louvain communities of an edge
          list (one "source target [weight]" a line, "#" comments; direction source -> target, e.g.
          "retweeter author"). Prints the top K of each metric as JSON.
          --undirected       every line is an undirected edge
          --alpha A          PageRank damping in [0, 1), default 0.85
          --unweighted       PageRank ignores weights
          --betweenness M    exact, off, N sampled sources, or auto (exact up to 5000 nodes, else 1000 sources)
          --seed N           seed for Louvain and betweenness sampling, default 1
cascades  Spread of posts through propagation trees: size, depth, breadth and speed of every cascade, and
          each user's reach (the "sneezer" figures). Accepts the Twitter15/16 form
          "cascade_id parent_node parent_uid child_node child_uid child_delay_min" (node -1 = root marker)
          or "parent child [delay_minutes]" lines; gzip is detected by its magic bytes.
Common:   --top K (default 10), --out FILE (default: standard output).
Malformed lines are skipped and reported on standard error with their line numbers (exit code 3).`;

interface Parsed {
  flags: Set<string>;
  values: Map<string, string>;
}

const RANK_VALUES = new Set(['--edges', '--alpha', '--top', '--out', '--betweenness', '--seed']);
const RANK_FLAGS = new Set(['--undirected', '--unweighted']);
const CASCADE_VALUES = new Set(['--trees', '--top', '--out']);

function parseArgs(args: string[], valueOpts: Set<string>, flagOpts: Set<string>): Parsed {
  const parsed: Parsed = { flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    const eq = raw.indexOf('=');
    const name = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    if (flagOpts.has(name) && eq < 0) {
      parsed.flags.add(name);
    } else if (valueOpts.has(name)) {
      const value = eq > 0 ? raw.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`graph: ${name} needs a value`);
      if (parsed.values.has(name)) throw new UsageError(`graph: ${name} given twice`);
      parsed.values.set(name, value);
    } else {
      throw new UsageError(`graph: unknown argument "${raw}" (see sotong graph --help)`);
    }
  }
  return parsed;
}

function intOption(parsed: Parsed, name: string, fallback: number, min: number): number {
  const raw = parsed.values.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`graph: ${name} must be an integer >= ${min}, got "${raw}"`);
  return Number(raw);
}

function requireValue(parsed: Parsed, name: string): string {
  const value = parsed.values.get(name);
  if (value === undefined) throw new UsageError(`graph: ${name} FILE is required`);
  return value;
}

function reportErrors(stderr: Writable, file: string, errors: LineError[], total: number): void {
  for (const e of errors) stderr.write(`sotong graph: ${file}:${e.line}: ${e.message}: ${JSON.stringify(e.text)}\n`);
  if (total > errors.length) stderr.write(`sotong graph: ${file}: ${total - errors.length} more malformed lines not shown\n`);
  if (total > 0) stderr.write(`sotong graph: ${file}: ${total} malformed line${total === 1 ? '' : 's'} skipped\n`);
}

async function emit(io: CliIO, out: string | undefined, value: unknown): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out === undefined) io.stdout.write(text);
  else await writeFile(out, text, 'utf8');
}

const round = (x: number, digits = 6): number => Number(x.toFixed(digits));

async function rank(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, RANK_VALUES, RANK_FLAGS);
  const file = requireValue(parsed, '--edges');
  const top = intOption(parsed, '--top', 10, 1);
  const seed = intOption(parsed, '--seed', 1, 0);
  const alphaRaw = parsed.values.get('--alpha');
  const alpha = alphaRaw === undefined ? 0.85 : Number(alphaRaw);
  if (!(alpha >= 0 && alpha < 1) || !/^[0-9.eE+-]+$/.test(alphaRaw ?? '0')) throw new UsageError(`graph: --alpha must be a number in [0, 1), got "${alphaRaw}"`);
  const bMode = parsed.values.get('--betweenness') ?? 'auto';
  let betweenness: false | { mode: 'auto' | 'exact' | number; seed: number };
  if (bMode === 'off') betweenness = false;
  else if (bMode === 'auto' || bMode === 'exact') betweenness = { mode: bMode, seed };
  else if (/^\d+$/.test(bMode) && Number(bMode) >= 1) betweenness = { mode: Number(bMode), seed };
  else throw new UsageError(`graph: --betweenness must be auto, exact, off or a number of sources, got "${bMode}"`);

  const started = performance.now();
  let list;
  try {
    list = await readEdgeListFile(file);
  } catch (err) {
    io.stderr.write(`sotong graph: cannot read ${file}: ${(err as Error).message}\n`);
    return EXIT.failure;
  }
  const parseSeconds = (performance.now() - started) / 1000;
  reportErrors(io.stderr, file, list.errors, list.errorCount);
  if (list.src.length === 0) {
    io.stderr.write(`sotong graph: ${file}: no edges\n`);
    return EXIT.failure;
  }
  const buildStart = performance.now();
  const graph = buildGraph(list, { undirected: parsed.flags.has('--undirected') });
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const result = analyzeGraph(graph, {
    alpha,
    weighted: !parsed.flags.has('--unweighted'),
    betweenness,
    communities: { seed },
  });
  const seconds: Record<string, number> = { parse: round(parseSeconds, 4) };
  for (const [k, v] of Object.entries(result.seconds)) seconds[k] = round(v, 4);
  seconds.build = round(buildSeconds, 4);
  seconds.total = round(parseSeconds + buildSeconds + result.seconds.total, 4);
  const ids = result.ids;
  const report = {
    nodes: result.nodes,
    edges: list.src.length,
    pagerank: topPairs(ids, result.pagerank, top),
    coreness: result.coreness ? topPairs(ids, result.coreness, top) : [],
    betweenness: result.betweenness ? topPairs(ids, result.betweenness, top) : [],
    communities: {
      count: result.communityCount,
      modularity: result.modularity,
      largest: Array.from(result.communitySizes ?? []).slice(0, top),
    },
    in_degree: topPairs(ids, result.inDegree, top),
    in_strength: topPairs(ids, result.inStrength, top),
    pagerank_info: { alpha, weighted: !parsed.flags.has('--unweighted'), ...result.pagerankInfo },
    betweenness_info: result.betweennessInfo,
    malformed_lines: list.errorCount,
    seconds,
  };
  await emit(io, parsed.values.get('--out'), report);
  return list.errorCount > 0 ? EXIT.partial : EXIT.ok;
}

async function cascades(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, CASCADE_VALUES, new Set());
  const file = requireValue(parsed, '--trees');
  const top = intOption(parsed, '--top', 10, 1);
  const started = performance.now();
  let input;
  try {
    input = await readCascadeFile(file);
  } catch (err) {
    io.stderr.write(`sotong graph: cannot read ${file}: ${(err as Error).message}\n`);
    return EXIT.failure;
  }
  const parsedAt = performance.now();
  reportErrors(io.stderr, file, input.errors, input.errorCount);
  if (input.cascade.length === 0) {
    io.stderr.write(`sotong graph: ${file}: no cascade edges\n`);
    return EXIT.failure;
  }
  if (input.unrooted > 0) io.stderr.write(`sotong graph: ${file}: ${input.unrooted} edges reachable from no root (cycles) left out\n`);
  const report = analyzeCascades(input);
  const done = performance.now();
  const bySize = [...report.cascades].sort((a, b) => b.size - a.size).slice(0, top);
  const pairs = (metric: 'totalReach' | 'secondaryReach' | 'directChildren' | 'started'): Array<[string, number]> => topPairs(report.users, report.spread[metric], top);
  await emit(io, parsed.values.get('--out'), {
    format: input.format,
    cascades: report.cascades.length,
    edges: report.edges,
    users: report.users.length,
    size_median: report.sizeMedian,
    size_max: report.sizeMax,
    depth_max: report.depthMax,
    top_cascades_by_size: bySize.map((c) => ({
      cascade_id: c.id,
      source: c.source,
      size: c.size,
      depth: c.depth,
      max_breadth: c.maxBreadth,
      t50_min: c.t50,
      t90_min: c.t90,
    })),
    top_users_total_reach: pairs('totalReach'),
    top_users_secondary_reach: pairs('secondaryReach'),
    top_users_direct_children: pairs('directChildren'),
    top_users_started: pairs('started'),
    sneezers: topUsers(report, 'totalReach', top).map((u) => ({
      user: u.user,
      total_reach: u.totalReach,
      secondary_reach: u.secondaryReach,
      started: u.started,
      started_reach_avg: round(u.startedReachAvg, 3),
      started_reach_max: u.startedReachMax,
      direct_children: u.directChildren,
      cascades: u.cascades,
    })),
    malformed_lines: input.errorCount,
    unrooted_edges: input.unrooted,
    seconds: { parse: round((parsedAt - started) / 1000, 4), analyze: round((done - parsedAt) / 1000, 4) },
  });
  return input.errorCount > 0 ? EXIT.partial : EXIT.ok;
}

export const graphCommand: CliCommand = {
  name: 'graph',
  summary: 'Network analytics: influencers (PageRank, k-core, betweenness, communities) and cascade reach',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const [sub, ...rest] = args;
    if (sub === undefined) throw new UsageError('graph: missing subcommand (rank or cascades; see sotong graph --help)');
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (sub === 'rank') return rank(rest, io);
    if (sub === 'cascades') return cascades(rest, io);
    throw new UsageError(`graph: unknown subcommand "${sub}" (expected rank or cascades)`);
  },
};
