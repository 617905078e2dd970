import { describe, expect, it } from 'vitest';
import { analyzeCascades } from '../../src/graph/index.js';
import { followersScore, influenceScore, percentiles } from '../../src/modules/network/influence.js';
import { buildTrees } from '../../src/modules/network/network.load.js';
import { normalizeSlice, sliceKey, validateWeights, windowStart } from '../../src/modules/network/slice.js';

describe('influence score', () => {
  it('percentiles count lower values, ties half', () => {
    expect(Array.from(percentiles([0.5, 0.1, 0.1, 0.3]))).toEqual([1, 1 / 6, 1 / 6, 2 / 3]);
    expect(Array.from(percentiles([0.2]))).toEqual([1]);
    expect(Array.from(percentiles([]))).toEqual([]);
  });

  it('blends the PageRank percentile with followers on a log scale', () => {
    expect(followersScore(null)).toBe(0);
    expect(followersScore(1_000_000)).toBe(1);
    expect(followersScore(5_000_000)).toBe(1);
    expect(followersScore(1000)).toBeCloseTo(0.5, 2);
    expect(influenceScore(1, 1_000_000)).toBe(100);
    expect(influenceScore(null, null)).toBe(0);
    expect(influenceScore(1, null)).toBe(60);
    expect(influenceScore(0, 10_000)).toBe(26.7);
  });
});

describe('slices', () => {
  it('names slices by period, channel and topic', () => {
    expect(sliceKey(normalizeSlice({}))).toBe('all');
    expect(sliceKey(normalizeSlice({ period: '30d', channel: 'x', topic: ' 대출 ' }))).toBe('30d/ch:x/t:대출');
    expect(() => normalizeSlice({ period: '2d' })).toThrow(/Unknown period/);
    expect(windowStart('7d', new Date('2026-11-23T00:00:00Z'))?.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(windowStart('all', new Date())).toBeNull();
  });

  it('validates weights and fills in the defaults', () => {
    expect(validateWeights({ follow: 0 })).toEqual({ repost: 3, quote: 2, reply: 1, mention: 1, follow: 0 });
    expect(() => validateWeights({ like: 1 })).toThrow(/Unknown interaction type/);
    expect(() => validateWeights({ repost: -1 })).toThrow(/from 0 to 100/);
  });
});

describe('propagation trees from items', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 1, 0, m));
  const item = (id: string, author: string, m: number, parent: string | null, onTopic = true, channel = 'x') => ({ id: `id-${id}`, channel, native_id: id, parent_native_id: parent, author_id: author, created_at: at(m), on_topic: onTopic });

  it('links children to parents by channel and native id and measures each cascade', () => {
    const trees = buildTrees([
      item('a', 'alice', 0, null),
      item('b', 'bob', 10, 'a'),
      item('c', 'carol', 20, 'b'),
      item('d', 'dan', 30, 'a'),
      item('b', 'bob', 10, 'a'), // the same post through a second account
      item('e', 'erin', 40, 'zz'), // parent unknown: starts its own cascade only if it has children
      item('f', 'frank', 5, 'a', true, 'y'), // another channel: not a child of x/a
    ]);
    const report = analyzeCascades(trees.edges);
    expect(report.cascades).toHaveLength(1);
    expect(report.cascades[0]).toMatchObject({ id: 'id-a', source: 'alice', size: 4, depth: 2, maxBreadth: 2, t50: 10, t90: 30 });
    const alice = report.users.indexOf('alice');
    const bob = report.users.indexOf('bob');
    expect(report.spread.startedReachMax[alice]).toBe(3);
    expect(report.spread.secondaryReach[bob]).toBe(1);
  });

  it('keeps only cascades whose root is on the topic', () => {
    const trees = buildTrees([item('a', 'alice', 0, null, false), item('b', 'bob', 1, 'a', false), item('c', 'carol', 2, null, true), item('d', 'dan', 3, 'c', false)]);
    expect(trees.edges.cascadeIds).toEqual(['id-c']);
  });
});
