import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('Batcher', () => {
  it('runs concurrent entries together and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(
      async (xs) => (batches.push(xs), xs.map((x) => x * 10)),
      async (x) => x * 10,
      { max: 4, delayMs: 5, parallel: 1 },
    );
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((x) => b.add(x)));
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
  });

  it('runs the entries of a failed batch one by one, so only the bad one fails', async () => {
    const singles: number[] = [];
    const b = new Batcher<number, string>(
      async (xs) => {
        if (xs.includes(13)) throw new Error('bad batch');
        return xs.map(String);
      },
      async (x) => {
        singles.push(x);
        if (x === 13) throw new Error('unlucky');
        return `alone ${x}`;
      },
      { max: 10, delayMs: 5, parallel: 1 },
    );
    const settled = await Promise.allSettled([12, 13, 14].map((x) => b.add(x)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['alone 12', 'unlucky', 'alone 14']);
    expect(singles).toEqual([12, 13, 14]);
  });

  it('keeps at most `parallel` batches running and starts the next when one ends', async () => {
    let running = 0;
    let most = 0;
    const b = new Batcher<number, number>(
      async (xs) => {
        most = Math.max(most, ++running);
        await tick(20);
        running--;
        return xs;
      },
      async (x) => x,
      { max: 2, delayMs: 1, parallel: 2 },
    );
    const all = await Promise.all(Array.from({ length: 9 }, (_, i) => b.add(i)));
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(most).toBe(2);
  });

  it('rejects nonsensical options', () => {
    expect(
      () =>
        new Batcher<number, number>(
          async (x) => x,
          async (x) => x,
          { max: 0, delayMs: 1, parallel: 1 },
        ),
    ).toThrow(/max and parallel/);
  });
});
