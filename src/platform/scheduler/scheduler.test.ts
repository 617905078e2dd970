import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { openBus } from '../bus/open.js';
import { silentLogger } from '../log/log.js';
import { migratedStore } from '../testing/stores.js';
import type { Store } from '../db/store.js';
import { Scheduler } from './scheduler.js';

describe('scheduler (PostgreSQL)', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await migratedStore('postgres'));
  });
  afterAll(async () => dispose());

  it('fires a due job once even with two schedulers racing, and a worker runs it', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    const bus = await openBus({});
    let runs = 0;
    const make = () => {
      const s = new Scheduler(store, bus, clock, silentLogger);
      s.register({ name: 'test.job', intervalMs: 60_000, run: async () => void runs++ });
      return s;
    };
    const a = make();
    const b = make();
    await a.declare();
    await b.declare();
    expect([...(await a.tick()), ...(await b.tick())]).toEqual([]);
    clock.advance(60_000);
    const claimed = await Promise.all([a.tick(), b.tick()]);
    expect(claimed.flat()).toEqual(['test.job']);
    const sub = await a.work();
    await expect.poll(() => runs, { timeout: 5000 }).toBe(1);
    const row = await store.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', 'test.job').executeTakeFirstOrThrow();
    expect((row.next_run_at as Date).toISOString()).toBe('2026-05-01T00:02:00.000Z');
    expect(row.last_error).toBeNull();
    clock.advance(30_000);
    expect(await a.tick()).toEqual([]);
    await sub.close();
    await bus.close();
  });
});
