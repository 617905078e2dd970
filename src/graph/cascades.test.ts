import { beforeAll, describe, expect, it } from 'vitest';
import { parseCascades, readCascadeFile } from './cascade-parse.js';
import { analyzeCascades, topUsers, type CascadeReport } from './cascades.js';
import { GRAPH_DATA, graphDataOrFail, readReference } from './testing/fixtures.js';
import { topIndices } from './top.js';

const TWITTER = `cascade_id\tparent_node\tparent_uid\tchild_node\tchild_uid\tchild_delay_min
c1\t-1\t-1\t0\tu1\t0.0
c1\t0\tu1\t1\tu2\t1
c1\t0\tu1\t2\tu3\t2
c1\t1\tu2\t3\tu4\t5
c1\t3\tu4\t4\tu5\t10
c1\t2\tu3\t4\tu5\t12
c1\t2\tu3\t2\tu3\t13
c2\t-1\t-1\t0\tu2\t0
c2\t0\tu2\t1\tu1\t3
c2\t1\tu1\t2\tu3\t4
`;

const SIMPLE = `# parent child delay
u1 u2 1
u1 u3 2
u2 u4 5
u4 u5 10
u3 u5 12
`;

function userFigures(report: CascadeReport, user: string): Record<string, number> {
  const u = report.users.indexOf(user);
  const s = report.spread;
  return { started: s.started[u]!, total: s.totalReach[u]!, secondary: s.secondaryReach[u]!, direct: s.directChildren[u]!, cascades: s.cascades[u]! };
}

describe('cascade metrics', () => {
  it('measures size, BFS depth, breadth and speed of DAG-shaped trees', () => {
    const input = parseCascades(TWITTER);
    expect(input.format).toBe('twitter');
    expect(input.errorCount).toBe(0);
    const report = analyzeCascades(input);
    const [c1, c2] = report.cascades;
    expect(c1).toEqual({ id: 'c1', source: 'u1', size: 5, depth: 2, maxBreadth: 2, t50: 2, t90: 10 });
    expect(c2).toEqual({ id: 'c2', source: 'u2', size: 3, depth: 2, maxBreadth: 1, t50: 3, t90: 4 });
    expect(report.sizeMedian).toBe(4);
    expect(report.sizeMax).toBe(5);
    expect(report.depthMax).toBe(2);
  });

  it('credits each user with reach in own and others’ cascades (the sneezer figures)', () => {
    const report = analyzeCascades(parseCascades(TWITTER));
    expect(userFigures(report, 'u1')).toEqual({ started: 1, total: 5, secondary: 1, direct: 3, cascades: 2 });
    expect(userFigures(report, 'u2')).toEqual({ started: 1, total: 4, secondary: 2, direct: 2, cascades: 2 });
    expect(userFigures(report, 'u3')).toEqual({ started: 0, total: 1, secondary: 1, direct: 1, cascades: 2 });
    expect(userFigures(report, 'u5')).toEqual({ started: 0, total: 0, secondary: 0, direct: 0, cascades: 1 });
    const [best] = topUsers(report, 'totalReach', 1);
    expect(best).toMatchObject({ user: 'u1', startedReachAvg: 4, startedReachMax: 4, secondaryReach: 1 });
  });

  it('reads the simple parent child [delay] form, one cascade per parentless user', () => {
    const input = parseCascades(SIMPLE);
    expect(input.format).toBe('simple');
    const report = analyzeCascades(input);
    expect(report.cascades).toEqual([{ id: 'u1', source: 'u1', size: 5, depth: 2, maxBreadth: 2, t50: 2, t90: 10 }]);
    expect(userFigures(report, 'u2')).toMatchObject({ total: 2, secondary: 2, direct: 1 });
    const noDelays = analyzeCascades(parseCascades('a b\nb c\nx y\n'));
    expect(noDelays.cascades.map((c) => [c.id, c.size, c.t50])).toEqual([
      ['a', 3, null],
      ['x', 2, null],
    ]);
  });

  it('reports malformed lines with line numbers and keeps the rest', () => {
    const input = parseCascades('c1 -1 -1 0 u1 0\nc1 0 u1 1\nc1 0 u1 1 u2 soon\nc1 0 u1 -1 u2 1\nc1 0 u1 1 u2 1\n');
    expect(input.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(input.errors[1]!.message).toMatch(/child_delay_min/);
    expect(analyzeCascades(input).cascades[0]!.size).toBe(2);
    const simple = parseCascades('a b 1\na b c d\nb c x\n');
    expect(simple.errors.map((e) => e.line)).toEqual([2, 3]);
    const cyclic = parseCascades('a b\nb a\nc d\n');
    expect(cyclic.unrooted).toBe(2);
  });
});

interface CascadeRef {
  cascades: number;
  edges: number;
  users: number;
  size_median: number;
  size_max: number;
  depth_max: number;
  top_cascades_by_size: Array<{ cascade_id: string; size: number; depth: number; max_breadth: number }>;
  top_users_total_reach: Array<[number, number]>;
  top_users_secondary_reach: Array<[number, number]>;
  top_users_direct_children: Array<[number, number]>;
  top_users_started: Array<[number, number]>;
}

describe.skipIf(!graphDataOrFail(process.env))('Twitter15/16 cascades vs the reference metrics', () => {
  let report: CascadeReport;
  let ref: CascadeRef;
  let errors = -1;

  beforeAll(async () => {
    const input = await readCascadeFile(`${GRAPH_DATA}twitter1516-cascades.tsv.gz`);
    errors = input.errorCount;
    report = analyzeCascades(input);
    ref = readReference<CascadeRef>('twitter1516-cascades.json');
  });

  it('has the reference totals', () => {
    expect(errors).toBe(0);
    expect(report.cascades.length).toBe(ref.cascades);
    expect(report.edges).toBe(ref.edges);
    expect(report.users.length).toBe(ref.users);
    expect(report.sizeMedian).toBe(ref.size_median);
    expect(report.sizeMax).toBe(ref.size_max);
    expect(report.depthMax).toBe(ref.depth_max);
  });

  it('has the reference size, depth and breadth of the 20 largest cascades', () => {
    const byId = new Map(report.cascades.map((c) => [c.id, c]));
    for (const r of ref.top_cascades_by_size) {
      expect(byId.get(r.cascade_id)).toMatchObject({ size: r.size, depth: r.depth, maxBreadth: r.max_breadth });
    }
    const largest = [...report.cascades].sort((a, b) => b.size - a.size).slice(0, 20);
    expect(largest.map((c) => c.id)).toEqual(ref.top_cascades_by_size.map((c) => c.cascade_id));
  });

  it.each([
    ['top_users_total_reach', 'totalReach'],
    ['top_users_secondary_reach', 'secondaryReach'],
    ['top_users_direct_children', 'directChildren'],
    ['top_users_started', 'started'],
  ] as const)('%s: the reference users have the reference values, and ours are the top values', (key, metric) => {
    const values = report.spread[metric];
    for (const [uid, value] of ref[key]) expect(values[report.users.indexOf(String(uid))]).toBe(value);
    expect(topIndices(values, ref[key].length).map((u) => values[u])).toEqual(ref[key].map(([, v]) => v));
  });
});
