import { describe, expect, it } from 'vitest';
import { openMemoryBus } from './bus/memory.js';
import { SharedCache, TtlCache } from './cache.js';
import { ManualClock } from './clock/clock.js';

describe('TtlCache on the clock port', () => {
  it('serves a value until the clock passes its time to live, then loads again', async () => {
    const clock = new ManualClock();
    const cache = new TtlCache<number>(10_000, clock);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    clock.advance(9_999);
    expect(await cache.get('k', load)).toBe(1);
    clock.advance(1);
    expect(await cache.get('k', load)).toBe(2);
  });

  it('shares one in-flight load and forgets a failed one', async () => {
    const cache = new TtlCache<number>(1_000, new ManualClock());
    let loads = 0;
    const slow = () => new Promise<number>((r) => setTimeout(() => r(++loads), 10));
    expect(await Promise.all([cache.get('k', slow), cache.get('k', slow)])).toEqual([1, 1]);
    await expect(cache.get('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('x', async () => 7)).toBe(7);
  });
});

describe('SharedCache', () => {
  it('a change in one process drops the key in every process that watches, before its time is up', async () => {
    const bus = openMemoryBus();
    const clock = new ManualClock();
    const here = new SharedCache<string>(60_000, clock, bus, 'test.cache_changed');
    const there = new SharedCache<string>(60_000, clock, bus, 'test.cache_changed');
    const sub = await there.watch();
    let version = 'v1';
    expect(await here.get('ws', async () => version)).toBe('v1');
    expect(await there.get('ws', async () => version)).toBe('v1');
    version = 'v2';
    await here.changed('ws');
    await expect.poll(() => there.get('ws', async () => version)).toBe('v2');
    expect(await here.get('ws', async () => version)).toBe('v2');
    await sub?.close();
    await bus.close();
  });
});
