import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, type CliIO } from '../command.js';
import { GRAPH_DATA, graphDataOrFail } from '../../graph/index.js';
import { graphCommand } from './graph.js';

function memoryIO(): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => outChunks.push(c));
  stderr.on('data', (c: Buffer) => errChunks.push(c));
  return {
    io: { stdin: Readable.from([]), stdout, stderr, env: {} },
    out: () => Buffer.concat(outChunks).toString('utf8'),
    err: () => Buffer.concat(errChunks).toString('utf8'),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sotong-graph-cli-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const TRIANGLE = file('triangle.txt', '# a small graph\na b 2\nb c\nc a 1\nd a\n');

describe('sotong graph', () => {
  it('rank writes the top-K JSON report to --out', async () => {
    const { io, err } = memoryIO();
    const out = join(dir, 'rank.json');
    const code = await graphCommand.run(['rank', '--edges', TRIANGLE, '--top', '2', '--out', out], io);
    expect(code).toBe(EXIT.ok);
    expect(err()).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.nodes).toBe(4);
    expect(report.edges).toBe(4);
    expect(report.pagerank).toHaveLength(2);
    expect(report.pagerank[0][0]).toBe('a');
    expect(report.coreness[0]).toEqual(['a', 2]);
    expect(report.betweenness[0][0]).toBe('a');
    expect(report.communities.count).toBeGreaterThanOrEqual(1);
    expect(typeof report.communities.modularity).toBe('number');
    expect(report.betweenness_info.mode).toBe('exact');
    for (const key of ['parse', 'build', 'pagerank', 'coreness', 'communities', 'betweenness', 'total']) expect(typeof report.seconds[key]).toBe('number');
  });

  it('rank prints to stdout, honours --undirected, --alpha, --unweighted and --betweenness off', async () => {
    const { io, out } = memoryIO();
    const code = await graphCommand.run(['rank', `--edges=${TRIANGLE}`, '--undirected', '--alpha', '0.5', '--unweighted', '--betweenness', 'off'], io);
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(out());
    expect(report.pagerank_info).toMatchObject({ alpha: 0.5, weighted: false, converged: true });
    expect(report.betweenness).toEqual([]);
    expect(report.betweenness_info).toBeNull();
    expect(report.in_degree[0]).toEqual(['a', 3]);
  });

  it('rank reports malformed lines with line numbers on stderr and exits with partial', async () => {
    const bad = file('bad.txt', 'a b\nonly-one\nb c x\nc a\n');
    const { io, err, out } = memoryIO();
    const code = await graphCommand.run(['rank', '--edges', bad], io);
    expect(code).toBe(EXIT.partial);
    expect(err()).toContain(`${bad}:2:`);
    expect(err()).toContain(`${bad}:3: weight`);
    expect(err()).toContain('2 malformed lines skipped');
    expect(JSON.parse(out()).malformed_lines).toBe(2);
  });

  it('fails cleanly on a missing or empty file', async () => {
    const missing = memoryIO();
    expect(await graphCommand.run(['rank', '--edges', join(dir, 'nope.txt')], missing.io)).toBe(EXIT.failure);
    expect(missing.err()).toMatch(/cannot read/);
    const empty = memoryIO();
    expect(await graphCommand.run(['rank', '--edges', file('empty.txt', '# nothing\n')], empty.io)).toBe(EXIT.failure);
    expect(empty.err()).toMatch(/no edges/);
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['rank']],
    [['rank', '--edges']],
    [['rank', '--edges', TRIANGLE, '--alpha', '1']],
    [['rank', '--edges', TRIANGLE, '--alpha', 'high']],
    [['rank', '--edges', TRIANGLE, '--top', '0']],
    [['rank', '--edges', TRIANGLE, '--betweenness', 'maybe']],
    [['rank', '--edges', TRIANGLE, '--bogus']],
    [['rank', '--edges', TRIANGLE, '--edges', TRIANGLE]],
    [['cascades']],
    [['cascades', '--trees', TRIANGLE, '--undirected']],
  ])('throws UsageError for bad arguments %j', async (args) => {
    const { io } = memoryIO();
    await expect(graphCommand.run(args, io)).rejects.toBeInstanceOf(UsageError);
  });

  it('prints help', async () => {
    const { io, out } = memoryIO();
    expect(await graphCommand.run(['--help'], io)).toBe(EXIT.ok);
    expect(out()).toContain('sotong graph rank --edges FILE');
    expect(graphCommand.name).toBe('graph');
  });

  it('cascades reads gzip Twitter15/16 trees and reports cascade and user figures', async () => {
    const trees = file('trees.tsv.gz', gzipSync('cascade_id\tparent_node\tparent_uid\tchild_node\tchild_uid\tchild_delay_min\nc1\t-1\t-1\t0\tu1\t0\nc1\t0\tu1\t1\tu2\t1\nc1\t1\tu2\t2\tu3\t2\nc1\t0\tu1\t3\tu4\t30\n'));
    const { io, out } = memoryIO();
    expect(await graphCommand.run(['cascades', '--trees', trees, '--top', '3'], io)).toBe(EXIT.ok);
    const report = JSON.parse(out());
    expect(report).toMatchObject({ format: 'twitter', cascades: 1, edges: 4, users: 4, size_max: 4, depth_max: 2 });
    expect(report.top_cascades_by_size[0]).toEqual({ cascade_id: 'c1', source: 'u1', size: 4, depth: 2, max_breadth: 2, t50_min: 1, t90_min: 30 });
    expect(report.top_users_total_reach[0]).toEqual(['u1', 3]);
    expect(report.top_users_secondary_reach[0]).toEqual(['u2', 1]);
    expect(report.sneezers[0]).toMatchObject({ user: 'u1', started: 1, started_reach_avg: 3, started_reach_max: 3, total_reach: 3 });
  });

  it('cascades reads the simple form, writes --out and flags malformed lines', async () => {
    const simple = file('simple.txt', 'a b 1\nb c 2\nbroken\na d 5\n');
    const outFile = join(dir, 'cascades.json');
    const { io, err } = memoryIO();
    expect(await graphCommand.run(['cascades', '--trees', simple, '--out', outFile], io)).toBe(EXIT.partial);
    expect(err()).toContain(`${simple}:3:`);
    const report = JSON.parse(readFileSync(outFile, 'utf8'));
    expect(report).toMatchObject({ format: 'simple', cascades: 1, malformed_lines: 1 });
  });

  it.skipIf(!graphDataOrFail(process.env))('ranks the karate club like the references', async () => {
    const { io, out } = memoryIO();
    expect(await graphCommand.run(['rank', '--edges', `${GRAPH_DATA}karate.edgelist`, '--undirected', '--top', '3'], io)).toBe(EXIT.ok);
    const report = JSON.parse(out());
    expect(report.nodes).toBe(34);
    expect(report.edges).toBe(78);
    expect(report.pagerank.map((p: [string, number]) => p[0])).toEqual(['33', '0', '32']);
    expect(report.betweenness[0][1]).toBeCloseTo(0.4376352813852815, 12);
    expect(report.communities.modularity).toBeGreaterThanOrEqual(0.444903);
  });
});
