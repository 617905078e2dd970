import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus, BusMessage, Subscription } from './bus.js';

/**
 * The bus port's contract, run against every implementation (see bus.test.ts). Each test uses its own
 * subjects and queue names, so implementations may share one stream or server across tests.
 */
export interface BusHandle {
  bus: Bus;
  /** Another bus instance on the same backing store (a new connection; the same instance in memory). */
  reopen(): Promise<Bus>;
  /** Closes every bus the handle opened. */
  dispose(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** A unique first subject token / queue name per test. */
export function unique(prefix: string): string {
  return `${prefix}${crypto.randomBytes(5).toString('hex')}`;
}

interface Seen {
  data: unknown;
  id: string;
  attempt: number;
  subject: string;
  at: number;
  publishedAt: Date;
}

const record = (into: Seen[], m: BusMessage) => into.push({ data: m.data, id: m.id, attempt: m.attempt, subject: m.subject, at: Date.now(), publishedAt: m.publishedAt });

/** A handler that notes the number and takes a few milliseconds. */
const slowly = (into: number[]) => async (m: BusMessage<number>) => {
  into.push(m.data);
  await sleep(5);
};

export function busContract(name: string, factory: () => Promise<BusHandle>): void {
  describe(`bus contract: ${name}`, () => {
    let h: BusHandle;
    let bus: Bus;
    let s: string; // this test's subject prefix
    let q: string; // this test's queue name
    const hung: (() => void)[] = [];
    /** A promise that stays pending until the test ends (a handler that never finishes). */
    const hang = () => new Promise<void>((resolve) => hung.push(resolve));

    beforeEach(async () => {
      h = await factory();
      bus = h.bus;
      s = unique('t');
      q = unique('q');
    });
    afterEach(async () => {
      hung.splice(0).forEach((release) => release());
      await h.dispose();
    });

    it('delivers each queued message to exactly one of the consumers sharing a queue', async () => {
      const a: number[] = [];
      const b: number[] = [];
      await bus.consume<number>(q, [`${s}.>`], slowly(a));
      await bus.consume<number>(q, [`${s}.>`], slowly(b));
      for (let i = 0; i < 20; i++) await bus.publish(`${s}.job`, i);
      await waitFor('20 deliveries', () => a.length + b.length >= 20);
      await sleep(300); // room for any duplicate
      expect([...a, ...b].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
    });

    it('shares a durable queue between two bus instances', async () => {
      const other = await h.reopen();
      const a: number[] = [];
      const b: number[] = [];
      await bus.consume<number>(q, [`${s}.>`], slowly(a));
      await other.consume<number>(q, [`${s}.>`], slowly(b));
      for (let i = 0; i < 20; i++) await bus.publish(`${s}.job`, i);
      await waitFor('20 deliveries', () => a.length + b.length >= 20);
      await sleep(300);
      expect([...a, ...b].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
    });

    it('fans out to every live subscriber, in order, and keeps nothing for later subscribers', async () => {
      await bus.publish(`${s}.news`, 'before anyone listened');
      const one: Seen[] = [];
      const two: Seen[] = [];
      const elsewhere: Seen[] = [];
      await bus.subscribe(`${s}.news`, (m) => void record(one, m));
      await bus.subscribe(`${s}.news`, (m) => void record(two, m));
      await bus.subscribe(`${s}.sports`, (m) => void record(elsewhere, m));
      const before = Date.now();
      await bus.publish(`${s}.news`, { n: 1 });
      await bus.publish(`${s}.news`, { n: 2 });
      await waitFor('both subscribers', () => one.length >= 2 && two.length >= 2);
      await sleep(100);
      expect(one.map((m) => m.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(two.map((m) => m.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(one.map((m) => m.id)).toEqual(two.map((m) => m.id));
      expect(new Set(one.map((m) => m.id)).size).toBe(2);
      expect(one.every((m) => m.subject === `${s}.news` && m.attempt === 1)).toBe(true);
      expect(one.every((m) => m.publishedAt instanceof Date && m.publishedAt.getTime() >= before - 5 && m.publishedAt.getTime() <= m.at)).toBe(true);
      expect(elsewhere).toEqual([]);
    });

    it('matches `*` to exactly one token and a final `>` to one or more tokens', async () => {
      const star: string[] = [];
      const rest: string[] = [];
      const middle: string[] = [];
      const queued: string[] = [];
      await bus.subscribe(`${s}.*`, (m) => void star.push(m.subject));
      await bus.subscribe(`${s}.>`, (m) => void rest.push(m.subject));
      await bus.subscribe(`${s}.*.done`, (m) => void middle.push(m.subject));
      await bus.consume(q, [`${s}.*.done`], (m) => void queued.push(m.subject));
      for (const subject of [`${s}`, `${s}.a`, `${s}.a.done`, `${s}.a.b.done`, `x${s}.a`]) await bus.publish(subject, null);
      await waitFor('deliveries', () => rest.length >= 3 && queued.length >= 1);
      await sleep(150);
      expect(star).toEqual([`${s}.a`]);
      expect(rest).toEqual([`${s}.a`, `${s}.a.done`, `${s}.a.b.done`]);
      expect(middle).toEqual([`${s}.a.done`]);
      expect(queued).toEqual([`${s}.a.done`]);
    });

    it('acks a message whose handler resolves: it is never delivered again', async () => {
      const seen: Seen[] = [];
      const sub = await bus.consume(q, [`${s}.>`], (m) => void record(seen, m), { ackWaitMs: 300 });
      await bus.publish(`${s}.job`, { ok: true });
      await waitFor('delivery', () => seen.length >= 1);
      await sleep(700); // past two ack waits
      await sub.close();
      await bus.consume(q, [`${s}.>`], (m) => void record(seen, m), { ackWaitMs: 300 });
      await sleep(300);
      expect(seen.map((m) => [m.data, m.attempt])).toEqual([[{ ok: true }, 1]]);
    });

    it('redelivers after a throw, with backoff and the attempt counted, keeping id and data', async () => {
      const seen: Seen[] = [];
      await bus.consume(
        q,
        [`${s}.>`],
        (m) => {
          record(seen, m);
          if (m.attempt < 3) throw new Error(`fail ${m.attempt}`);
        },
        { backoffMs: 100, ackWaitMs: 2_000 },
      );
      await bus.publish(`${s}.job`, { n: 7 }, { id: `${s}-job` });
      await waitFor('three attempts', () => seen.length >= 3);
      await sleep(400);
      expect(seen.map((m) => m.attempt)).toEqual([1, 2, 3]);
      expect(seen.every((m) => m.id === `${s}-job` && (m.data as { n: number }).n === 7)).toBe(true);
      expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(90); // 100 ms * 2^0
      expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(180); // 100 ms * 2^1
    });

    it('dead-letters a message after maxDeliver failed attempts and never delivers it again', async () => {
      const seen: Seen[] = [];
      const dead: { msg: BusMessage; error: Error }[] = [];
      await bus.consume(
        q,
        [`${s}.>`],
        (m) => {
          record(seen, m);
          throw new Error(`boom ${m.attempt}`);
        },
        { maxDeliver: 3, backoffMs: 20, ackWaitMs: 1_000, onDeadLetter: (msg, error) => void dead.push({ msg, error }) },
      );
      await bus.publish(`${s}.job`, 'poison');
      await waitFor('dead letter', () => dead.length >= 1);
      await sleep(500);
      expect(seen.map((m) => m.attempt)).toEqual([1, 2, 3]);
      expect(dead).toHaveLength(1);
      expect(dead[0]!.msg.data).toBe('poison');
      expect(dead[0]!.msg.attempt).toBe(3);
      expect(dead[0]!.msg.id).toBe(seen[0]!.id);
      expect(dead[0]!.error.message).toBe('boom 3');
    });

    it('redelivers a message whose handler never finishes once ackWait has passed', async () => {
      const seen: Seen[] = [];
      const dead: BusMessage[] = [];
      await bus.consume(
        q,
        [`${s}.>`],
        async (m) => {
          record(seen, m);
          if (m.attempt === 1) await hang();
        },
        { ackWaitMs: 300, onDeadLetter: (msg) => void dead.push(msg) },
      );
      await bus.publish(`${s}.job`, 'slow');
      await waitFor('redelivery', () => seen.length >= 2);
      await sleep(700); // attempt 2 resolved: nothing more
      expect(seen.map((m) => m.attempt)).toEqual([1, 2]);
      expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(270);
      expect(seen[1]!.id).toBe(seen[0]!.id);
      expect(dead).toEqual([]);
    });

    it('dead-letters a message whose handler never finishes on any of maxDeliver attempts', async () => {
      const seen: Seen[] = [];
      const dead: { msg: BusMessage; error: Error }[] = [];
      await bus.consume(
        q,
        [`${s}.>`],
        async (m) => {
          record(seen, m);
          await hang();
        },
        { ackWaitMs: 250, maxDeliver: 2, concurrency: 2, onDeadLetter: (msg, error) => void dead.push({ msg, error }) },
      );
      await bus.publish(`${s}.job`, 'stuck');
      await waitFor('dead letter', () => dead.length >= 1);
      await sleep(600);
      expect(seen.map((m) => m.attempt)).toEqual([1, 2]);
      expect(dead).toHaveLength(1);
      expect(dead[0]!.msg.attempt).toBe(2);
      expect(dead[0]!.error.message).toMatch(/ack wait/);
    });

    it('keeps messages published before a queue first started and gives every queue its own copy', async () => {
      for (let i = 0; i < 3; i++) await bus.publish(`${s}.early`, i);
      const first: Seen[] = [];
      await bus.consume(q, [`${s}.>`], (m) => void record(first, m));
      await waitFor('first queue', () => first.length >= 3);
      const second: Seen[] = [];
      await bus.consume(`${q}b`, [`${s}.early`], (m) => void record(second, m));
      await waitFor('second queue', () => second.length >= 3);
      await sleep(200);
      for (const seen of [first, second]) {
        expect(seen.map((m) => m.data as number).sort()).toEqual([0, 1, 2]);
        expect(seen.every((m) => m.attempt === 1)).toBe(true);
      }
    });

    it('continues a durable queue on another bus instance after the first consumer stopped', async () => {
      const first: Seen[] = [];
      const sub = await bus.consume(q, [`${s}.>`], (m) => void record(first, m));
      await bus.publish(`${s}.job`, 1);
      await waitFor('first delivery', () => first.length >= 1);
      await sub.close();
      await bus.publish(`${s}.job`, 2);
      await bus.publish(`${s}.job`, 3);
      const other = await h.reopen();
      const second: Seen[] = [];
      await other.consume(q, [`${s}.>`], (m) => void record(second, m));
      await waitFor('second consumer', () => second.length >= 2);
      await sleep(300);
      expect(first.map((m) => m.data)).toEqual([1]);
      expect(second.map((m) => m.data as number).sort()).toEqual([2, 3]);
      expect(second.every((m) => m.attempt === 1)).toBe(true);
    });

    it('drops a second publish with the same id, for queues and subscribers, from any instance', async () => {
      const queued: Seen[] = [];
      const live: Seen[] = [];
      await bus.consume(q, [`${s}.>`], (m) => void record(queued, m));
      await bus.subscribe(`${s}.>`, (m) => void record(live, m));
      await bus.publish(`${s}.x`, 'first', { id: `${s}-1` });
      await bus.publish(`${s}.x`, 'again', { id: `${s}-1` });
      await (await h.reopen()).publish(`${s}.x`, 'elsewhere', { id: `${s}-1` });
      await bus.publish(`${s}.x`, 'other', { id: `${s}-2` });
      await waitFor('deliveries', () => queued.length >= 2 && live.length >= 2);
      await sleep(300);
      for (const seen of [queued, live]) {
        expect(seen.map((m) => [m.data, m.id])).toEqual([
          ['first', `${s}-1`],
          ['other', `${s}-2`],
        ]);
      }
    });

    it('runs up to `concurrency` handlers at once (default 1)', async () => {
      const track = () => {
        const t = { active: 0, max: 0, done: 0 };
        const handler = async () => {
          t.max = Math.max(t.max, ++t.active);
          await sleep(100);
          t.active--;
          t.done++;
        };
        return { t, handler };
      };
      const three = track();
      const one = track();
      await bus.consume(q, [`${s}.three`], three.handler, { concurrency: 3 });
      await bus.consume(`${q}b`, [`${s}.one`], one.handler);
      for (let i = 0; i < 7; i++) await bus.publish(`${s}.three`, i);
      for (let i = 0; i < 3; i++) await bus.publish(`${s}.one`, i);
      await waitFor('all handled', () => three.t.done >= 7 && one.t.done >= 3);
      expect(three.t.max).toBe(3);
      expect(one.t.max).toBe(1);
    });

    it('closing a subscription waits for in-flight handlers and stops delivery', async () => {
      const state = { started: 0, finished: 0, liveStarted: 0, liveFinished: 0 };
      const work = await bus.consume(q, [`${s}.>`], async () => {
        state.started++;
        await sleep(200);
        state.finished++;
      });
      const live = await bus.subscribe(`${s}.>`, async () => {
        state.liveStarted++;
        await sleep(200);
        state.liveFinished++;
      });
      await bus.publish(`${s}.job`, 1);
      await waitFor('handlers started', () => state.started === 1 && state.liveStarted === 1);
      const closes: Promise<void>[] = [work, live].map((sub: Subscription) => sub.close());
      await closes[0];
      expect(state.finished).toBe(1);
      await closes[1];
      expect(state.liveFinished).toBe(1);
      await bus.publish(`${s}.job`, 2);
      await sleep(300);
      expect(state).toEqual({ started: 1, finished: 1, liveStarted: 1, liveFinished: 1 });
    });

    it('closing the bus waits for in-flight handlers; publishing afterwards fails', async () => {
      const state = { finished: 0, liveFinished: 0, started: 0 };
      await bus.consume(q, [`${s}.>`], async () => {
        state.started++;
        await sleep(200);
        state.finished++;
      });
      await bus.subscribe(`${s}.>`, async () => {
        state.started++;
        await sleep(250);
        state.liveFinished++;
      });
      await bus.publish(`${s}.job`, 1);
      await waitFor('handlers started', () => state.started === 2);
      await bus.close();
      expect(state).toEqual({ started: 2, finished: 1, liveFinished: 1 });
      await expect(bus.publish(`${s}.job`, 2)).rejects.toThrow(/closed/);
    });

    it('rejects malformed subjects, patterns and overlapping queue subjects', async () => {
      await expect(bus.publish(`${s}.*`, 1)).rejects.toThrow(/invalid bus subject/);
      await expect(bus.publish(`${s}..x`, 1)).rejects.toThrow(/invalid bus subject/);
      await expect(bus.subscribe(`${s}.>.x`, () => {})).rejects.toThrow(/invalid bus subject pattern/);
      await expect(bus.consume(q, [`${s}.>`, `${s}.a`], () => {})).rejects.toThrow(/overlap/);
      await expect(bus.consume('bad.name', [`${s}.a`], () => {})).rejects.toThrow(/queue name/);
      await expect(bus.consume(q, [`${s}.a`], () => {}, { concurrency: 0 })).rejects.toThrow(/concurrency/);
      await expect(bus.consume(q, [`${s}.a`], () => {}, { ackWaitMs: -1 })).rejects.toThrow(/ackWaitMs/);
    });
  });
}
