import { describe, expect, it } from 'vitest';
import { busContract, sleep, unique, waitFor } from './bus.contract.js';
import { MemoryBus } from './memory.js';
import { PriorityBus } from './priority.js';

// The decorator keeps the port's contract (every queue of the contract yields; nothing is intake there).
busContract('priority over memory', async () => {
  const bus = new PriorityBus(new MemoryBus(), { first: [], yielding: () => true });
  return { bus, reopen: async () => bus, dispose: () => bus.close() };
});

describe('PriorityBus', () => {
  it('holds derived work back while intake runs, and lets other queues through', async () => {
    const intake = unique('in');
    const derived = unique('de');
    const other = unique('ot');
    const bus = new PriorityBus(new MemoryBus(), { first: [intake], yielding: [derived], quietMs: 30, maxWaitMs: 5_000 });
    const log: string[] = [];
    try {
      await bus.consume(intake, [`${intake}.>`], async () => {
        log.push('intake start');
        await sleep(300);
        log.push('intake end');
      });
      await bus.consume(derived, [`${derived}.>`], () => void log.push('derived'));
      await bus.consume(other, [`${other}.>`], () => void log.push('other'));
      await bus.publish(`${intake}.x`, 1);
      await waitFor('intake started', () => log.includes('intake start'));
      expect(bus.busy()).toBe(true);
      await bus.publish(`${derived}.x`, 1);
      await bus.publish(`${other}.x`, 1);
      await waitFor('everything ran', () => log.length === 4);
      expect(log).toEqual(['intake start', 'other', 'intake end', 'derived']);
      expect(bus.waited.count).toBe(1);
      expect(bus.waited.ms).toBeGreaterThan(200);
    } finally {
      await bus.close();
    }
  });

  it('lets derived work trickle through under endless intake, one handler per maxWaitMs, never starved', async () => {
    const intake = unique('in');
    const derived = unique('de');
    const bus = new PriorityBus(new MemoryBus(), { first: [intake], yielding: [derived], quietMs: 50, maxWaitMs: 200 });
    let stop = false;
    const ran: number[] = [];
    try {
      await bus.consume(intake, [`${intake}.>`], async () => void (await sleep(40)), { concurrency: 2 });
      const feeding = (async () => {
        for (let i = 0; !stop; i++) {
          await bus.publish(`${intake}.x`, i);
          await sleep(10);
        }
      })();
      await sleep(60);
      const t0 = performance.now();
      await bus.consume(derived, [`${derived}.>`], () => void ran.push(performance.now() - t0), { concurrency: 4 });
      for (let i = 0; i < 4; i++) await bus.publish(`${derived}.x`, i);
      await waitFor('derived ran', () => ran.length === 4, 3_000);
      stop = true;
      await feeding;
      // One every 200 ms although intake never paused.
      expect(ran[0]).toBeGreaterThanOrEqual(180);
      for (let i = 1; i < 4; i++) expect(ran[i]! - ran[i - 1]!).toBeGreaterThanOrEqual(180);
      expect(ran[3]).toBeLessThan(2_000);
    } finally {
      stop = true;
      await bus.close();
    }
  });

  it('refuses a queue that would both go first and yield', () => {
    expect(() => new PriorityBus(new MemoryBus(), { first: ['a'], yielding: ['a'] })).toThrow(/cannot both go first and yield/);
  });
});
