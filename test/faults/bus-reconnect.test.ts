import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/platform/bus/bus.contract.js';
import { openNatsBus, type NatsBus } from '../../src/platform/bus/nats.js';
import { startPrivateNats, type PrivateNats } from '../support/private-services.js';

/**
 * The NATS bus across a server restart, on a NATS server of this test's own (the machine's shared one
 * is never touched): the connection comes back by itself, the durable queue goes on from where it was
 * (nothing acked is delivered again, nothing published after the restart is missed), fan-out
 * subscriptions resume, and the disconnect and reconnect are logged.
 */
let nats: PrivateNats;

beforeAll(async () => {
  nats = await startPrivateNats();
}, 60_000);

afterAll(async () => {
  await nats?.stop();
});

/** Publishes, retrying while the connection is down; the id makes a retry of a publish that did land a no-op. */
async function publishRetrying(bus: NatsBus, subject: string, n: number): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    try {
      return await bus.publish(subject, n, { id: `reconnect-${n}` });
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('NATS bus across a NATS server restart', () => {
  it('reconnects; the durable queue and the subscriptions carry on without losing or repeating a message', async () => {
    const logged: { type?: string; msg?: string }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const bus = await openNatsBus({ url: nats.url, stream: 'reconnect', logger });
    try {
      const queued: number[] = [];
      const live: number[] = [];
      await bus.consume<number>('reconnect_q', ['r.>'], (m) => void queued.push(m.data), { concurrency: 4 });
      await bus.subscribe<number>('r.>', (m) => void live.push(m.data));

      for (let n = 1; n <= 5; n++) await bus.publish('r.job', n, { id: `reconnect-${n}` });
      await waitFor('the first five', () => queued.length >= 5 && live.length >= 5);
      await new Promise((r) => setTimeout(r, 500)); // the acks reach the server

      await nats.restart();
      for (let n = 6; n <= 10; n++) await publishRetrying(bus, 'r.job', n);
      await waitFor('the queue after the restart', () => queued.length >= 10, 30_000);
      await new Promise((r) => setTimeout(r, 500)); // room for a repeat

      expect([...queued].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      // Fan-out keeps nothing: what was published while the subscription was not yet back is gone,
      // but it is back once publishing works again, so the last message reaches it.
      expect(live.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
      await waitFor('the subscription after the restart', () => live.includes(10), 5_000);
      expect(new Set(live).size).toBe(live.length);

      const statuses = logged.filter((l) => l.msg === 'nats connection status').map((l) => l.type);
      expect(statuses).toContain('disconnect');
      expect(statuses).toContain('reconnect');
    } finally {
      await bus.close();
    }
  }, 120_000);
});
