import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EdgeListBuilder, EdgeListParser, edgeListFromTuples, parseEdgeList, readEdgeListFile } from './edgelist.js';
import { IdMap } from './ids.js';
import { GRAPH_DATA, graphDataOrFail } from './testing/fixtures.js';

describe('edge-list parser', () => {
  it('reads source target [weight] lines, skipping comments and blank lines', () => {
    const list = parseEdgeList('# header\n\na b 2\n  b\tc  \r\nc a 0.5 # trailing comment\n# end\n');
    expect(list.ids).toEqual(['a', 'b', 'c']);
    expect(Array.from(list.src)).toEqual([0, 1, 2]);
    expect(Array.from(list.dst)).toEqual([1, 2, 0]);
    expect(Array.from(list.weight)).toEqual([2, 1, 0.5]);
    expect(list.errorCount).toBe(0);
    expect(list.lines).toBe(6);
  });

  it('collects malformed lines with their line numbers instead of throwing', () => {
    const list = parseEdgeList('a b\nlonely\na b c d\nx y -1\nx y abc\nx y NaN\nx y 1e400\nok fine 3\n');
    expect(list.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(list.errors[0]!.message).toMatch(/got 1 field/);
    expect(list.errors[1]!.message).toMatch(/got 4 fields/);
    expect(list.errors[2]!.message).toMatch(/weight/);
    expect(list.errors[2]!.text).toBe('x y -1');
    expect(list.src.length).toBe(2);
    expect(list.ids).toEqual(['a', 'b', 'ok', 'fine']);
  });

  it('keeps only maxErrors error texts but counts them all', () => {
    const list = parseEdgeList('bad\n'.repeat(50), { maxErrors: 3 });
    expect(list.errors).toHaveLength(3);
    expect(list.errorCount).toBe(50);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const text = '1 2 3\n2 3\n# c\n30 1 1.5\nüser 2\n0 007 2\n';
    const whole = parseEdgeList(text);
    const bytes = Buffer.from(text, 'utf8');
    const parser = new EdgeListParser();
    for (let i = 0; i < bytes.length; i++) parser.push(bytes.subarray(i, i + 1));
    const split = parser.end();
    expect(split.ids).toEqual(whole.ids);
    expect(Array.from(split.src)).toEqual(Array.from(whole.src));
    expect(Array.from(split.weight)).toEqual(Array.from(whole.weight));
    expect(whole.ids).toEqual(['1', '2', '3', '30', 'üser', '0', '007']);
  });

  it('treats numeric and string spellings of an id as one node, but not zero-padded ones', () => {
    const builder = new EdgeListBuilder();
    builder.add('17', 'x');
    builder.add('x', '017');
    const parsed = parseEdgeList('17 x\n');
    expect(builder.idMap.lookup('17')).toBe(0);
    expect(builder.idMap.lookup('017')).toBe(2);
    expect(parsed.ids).toEqual(['17', 'x']);
    expect(() => builder.add('a', 'b', -2)).toThrow(RangeError);
  });

  it('keeps numeric ids unique while its lookup table grows', () => {
    const map = new IdMap();
    const values = [5_000_000, 3, 70_000, 5_000_000, 1_000_000, 70_000, 3, 9_999_999_999, 1_000_000];
    const idx = values.map((v) => map.internNumber(v));
    expect(idx).toEqual([0, 1, 2, 0, 3, 2, 1, 4, 3]);
    for (let v = 0; v < 200_000; v += 7) map.internNumber(v);
    expect(map.lookup('5000000')).toBe(0);
    expect(map.lookup('9999999999')).toBe(4);
    expect(map.internNumber(1_000_000)).toBe(3);
    expect(new Set(map.ids).size).toBe(map.size);
  });

  it('builds edge lists from tuples', () => {
    const list = edgeListFromTuples([
      ['a', 'b'],
      ['b', 'a', 3],
    ]);
    expect(Array.from(list.weight)).toEqual([1, 3]);
  });

  it('reads plain and gzip files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sotong-graph-'));
    writeFileSync(join(dir, 'e.txt'), 'a b 1\nb c 2\n');
    writeFileSync(join(dir, 'e.gz'), gzipSync('a b 1\nb c 2\n'));
    const plain = await readEdgeListFile(join(dir, 'e.txt'));
    const gz = await readEdgeListFile(join(dir, 'e.gz'));
    expect(gz.ids).toEqual(plain.ids);
    expect(Array.from(gz.weight)).toEqual([1, 2]);
  });

  it.skipIf(!graphDataOrFail(process.env))('streams the 833k-edge retweet graph in well under two seconds', async () => {
    const t0 = performance.now();
    const list = await readEdgeListFile(`${GRAPH_DATA}twitter1516-retweet.edgelist`);
    const seconds = (performance.now() - t0) / 1000;
    expect(list.src.length).toBe(833_460);
    expect(list.ids.length).toBe(677_640);
    expect(list.errorCount).toBe(0);
    expect(seconds).toBeLessThan(2);
  });
});
