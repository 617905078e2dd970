import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CanonicalItem, ChannelEvent } from '../channels/port.js';
import { ManualClock } from '../platform/clock/clock.js';
import { assemble, demoAuthors, demoFollows, demoPosts, spikeScenario } from './dataset/index.js';
import { on } from './dataset/build.js';
import { createReplayer, defaultSetTimer, replayPosition, rhythmTimes, type ReplayerOptions, type SetTimer } from './replay.js';

/** A text as a reader compares it: case, width, spacing, punctuation and @mentions aside. */
const normalisedText = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/@[\w.]+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Texts written more than once among the items (reposts carry their original's text by design). */
function repeatedTexts(items: readonly CanonicalItem[]): string[] {
  const seen = new Map<string, string>();
  const repeated: string[] = [];
  for (const i of items) {
    if (i.kind === 'repost') continue;
    const key = normalisedText(`${i.title ?? ''} ${i.text}`);
    const first = seen.get(key);
    if (first !== undefined) repeated.push(`${first} = ${i.nativeId}: ${i.text.slice(0, 40)}`);
    else seen.set(key, i.nativeId);
  }
  return repeated;
}

/** Timers that only fire when the test advances the manual clock. */
class FakeTimers {
  private seq = 0;
  private pending: Array<{ id: number; at: number; fn: () => void }> = [];
  constructor(private readonly clock: ManualClock) {}

  readonly setTimer: SetTimer = (fn, ms) => {
    const id = ++this.seq;
    this.pending.push({ id, at: this.clock.now().getTime() + ms, fn });
    return () => {
      this.pending = this.pending.filter((t) => t.id !== id);
    };
  };

  get count(): number {
    return this.pending.length;
  }

  /** Fires due timers in order while moving the clock forward, letting async work settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.clock.now().getTime() + ms;
    await settle();
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.pending[0];
      if (!next || next.at > end) break;
      this.pending.shift();
      if (next.at > this.clock.now().getTime()) this.clock.set(next.at);
      next.fn();
      await settle();
    }
    this.clock.set(end);
  }
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

interface Call {
  accountType: string;
  events: ChannelEvent[];
  at: number;
}

function harness(overrides: Partial<ReplayerOptions> = {}, start = '2026-03-02T03:00:00Z') {
  const clock = new ManualClock(start);
  const timers = new FakeTimers(clock);
  const calls: Call[] = [];
  const replayer = createReplayer({
    ingest: async (accountType, events) => {
      calls.push({ accountType, events, at: clock.now().getTime() });
    },
    clock,
    rate: 2,
    setTimer: timers.setTimer,
    ...overrides,
  });
  const items = (): CanonicalItem[] => calls.flatMap((c) => c.events.flatMap((e) => (e.type === 'upsert' ? [e.item] : [])));
  return { clock, timers, calls, replayer, items };
}

describe('replayer: live feed', () => {
  it('feeds posts at the chosen rate, in dataset order, stamped with the current time', async () => {
    const h = harness({ rate: 2 });
    h.replayer.start();
    await h.timers.advance(10_000);
    const items = h.items();
    expect(items).toHaveLength(21); // one at once, then two a second
    expect(items.map((i) => i.nativeId)).toEqual(demoPosts.slice(0, 21).map((p) => `${p.id}~d`));
    const t0 = new Date('2026-03-02T03:00:00Z').getTime();
    items.forEach((it, k) => expect(it.createdAt.getTime()).toBe(t0 + k * 500));
    expect(h.replayer.progress()).toMatchObject({ running: true, position: 21, emitted: 21, total: demoPosts.length, done: false });
  });

  it('respects slow rates too', async () => {
    const h = harness({ rate: 0.5 });
    h.replayer.start();
    await h.timers.advance(60_000);
    expect(h.items()).toHaveLength(31);
  });

  it('hands each batch to ingest under its channel type', async () => {
    const h = harness({ rate: 50 });
    h.replayer.start();
    await h.timers.advance(20_000);
    const byId = new Map(demoPosts.map((p) => [p.id, p]));
    for (const c of h.calls) {
      for (const e of c.events) {
        if (e.type !== 'upsert') continue;
        expect(byId.get(e.item.nativeId.replace(/~.*$/, ''))!.channel).toBe(c.accountType);
      }
    }
    expect(new Set(h.calls.map((c) => c.accountType)).size).toBe(8);
  });

  it('does not burst a backlog after the process slept', async () => {
    const h = harness({ rate: 1 });
    h.replayer.start();
    await h.timers.advance(1_000);
    const before = h.items().length;
    h.clock.advance(3_600_000); // an hour without timers firing
    await h.timers.advance(1_000);
    expect(h.items().length - before).toBeLessThanOrEqual(6);
    expect(h.items().every((i) => i.createdAt.getTime() <= h.clock.now().getTime())).toBe(true);
  });

  it('stops cleanly: no timer left, nothing more sent, an ingest in flight awaited', async () => {
    const clock = new ManualClock('2026-03-02T03:00:00Z');
    const timers = new FakeTimers(clock);
    let release: () => void = () => {};
    let sent = 0;
    const replayer = createReplayer({
      ingest: (_type, events) => {
        sent += events.length;
        return new Promise<void>((r) => (release = r));
      },
      clock,
      rate: 1,
      setTimer: timers.setTimer,
    });
    replayer.start();
    await timers.advance(0);
    expect(sent).toBe(1);
    let stopped = false;
    const stopping = replayer.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false); // waits for the ingest in flight
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(timers.count).toBe(0);
    await timers.advance(60_000);
    expect(sent).toBe(1);
    expect(replayer.progress().running).toBe(false);
  });

  it('resumes where it stopped', async () => {
    const h = harness({ rate: 1 });
    h.replayer.start();
    await h.timers.advance(4_000);
    await h.replayer.stop();
    await h.timers.advance(30_000);
    h.replayer.start();
    await h.timers.advance(2_000);
    expect(h.items().map((i) => i.nativeId)).toEqual(demoPosts.slice(0, 8).map((p) => `${p.id}~d`));
  });

  it('ends after the last post: each post goes out once, then progress shows done', async () => {
    const S = on('x');
    const mini = assemble([S.post('m-1', 0, 'jiyoon_p', 'neutral', '하나'), S.reply('m-2', 'm-1', 1, 'minsu0412', 'neutral', '둘'), S.repost('m-3', 'm-1', 2, 'sora_day')], demoAuthors);
    const once = harness({ rate: 1, posts: mini });
    once.replayer.start();
    await once.timers.advance(10_000);
    expect(once.items().map((i) => i.nativeId)).toEqual(['m-1~d', 'm-2~d', 'm-3~d']);
    expect(once.replayer.progress()).toMatchObject({ done: true, running: false, position: 3, emitted: 3 });
    expect(once.timers.count).toBe(0);
    once.replayer.start(); // nothing left: starting again sends nothing
    await once.timers.advance(10_000);
    expect(once.items()).toHaveLength(3);
  });

  it('never shows a text twice: history and live feed run through more than the dataset and stop', async () => {
    const h = harness({ rate: 20 }, '2026-03-16T03:00:00Z');
    const history = await h.replayer.backfill(14, { perDay: 20 }); // 280 posts of history
    expect(history.posts).toBe(280);
    h.replayer.start();
    await h.timers.advance(60_000); // 1,200 posts' worth of live time, more than twice what is left
    const items = h.items();
    expect(items).toHaveLength(demoPosts.length);
    expect(repeatedTexts(items)).toEqual([]);
    expect(new Set(items.map((i) => i.nativeId)).size).toBe(items.length);
    expect(h.replayer.progress()).toMatchObject({ done: true, running: false, position: demoPosts.length });
    expect(h.timers.count).toBe(0);
    // A live reply to a post of the history names the parent as the history stored it.
    const ids = new Set(items.map((i) => i.nativeId));
    const live = items.slice(280).filter((i) => i.parentNativeId);
    expect(live.length).toBeGreaterThan(0);
    for (const i of live) expect(ids.has(i.parentNativeId!), i.nativeId).toBe(true);
    // A second history after everything went out sends nothing.
    expect((await h.replayer.backfill(14)).posts).toBe(0);
    expect(h.items()).toHaveLength(demoPosts.length);
  });

  it('a history asking for more days than the dataset holds stops at its end; the live feed is then done', async () => {
    const h = harness({}, '2026-03-16T03:00:00Z');
    expect((await h.replayer.backfill(30, { perDay: 60 })).posts).toBe(demoPosts.length);
    expect(repeatedTexts(h.items())).toEqual([]);
    h.replayer.start();
    await h.timers.advance(10_000);
    expect(h.items()).toHaveLength(demoPosts.length);
    expect(h.replayer.progress()).toMatchObject({ done: true, running: false });
  });

  it('a restarted demo goes on after the furthest post it stored', async () => {
    const stored = ['x-001~d', 'spk-03~s1-abc', 'unrelated', `${demoPosts[40]!.id}~h3`, `${demoPosts[12]!.id}~d`];
    expect(replayPosition(stored)).toBe(41);
    expect(replayPosition([])).toBe(0);
    const h = harness({ rate: 1, position: 41 });
    h.replayer.start();
    await h.timers.advance(2_000);
    expect(h.items().map((i) => i.nativeId)).toEqual(demoPosts.slice(41, 44).map((p) => `${p.id}~d`));
    const end = harness({ rate: 1, position: demoPosts.length });
    end.replayer.start();
    await end.timers.advance(5_000);
    expect(end.items()).toHaveLength(0);
    expect(end.replayer.progress().done).toBe(true);
  });

  it('keeps going when ingest fails, counting the errors', async () => {
    const errors: unknown[] = [];
    const clock = new ManualClock('2026-03-02T03:00:00Z');
    const timers = new FakeTimers(clock);
    let calls = 0;
    const replayer = createReplayer({
      ingest: async () => {
        calls++;
        throw new Error('database down');
      },
      clock,
      rate: 1,
      setTimer: timers.setTimer,
      onError: (e) => errors.push(e),
    });
    replayer.start();
    await timers.advance(3_000);
    expect(calls).toBe(4);
    expect(errors).toHaveLength(4);
    expect(replayer.progress().errors).toBe(4);
    await replayer.stop();
  });

  it('rejects a rate that is not a positive number', () => {
    const base = { ingest: async () => {}, clock: new ManualClock() };
    expect(() => createReplayer({ ...base, rate: 0 })).toThrow(RangeError);
    expect(() => createReplayer({ ...base, rate: Number.NaN })).toThrow(RangeError);
    expect(() => createReplayer({ ...base, rate: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('replayer: spike injection', () => {
  it('sends the outage scenario over the chosen duration alongside the normal feed', async () => {
    const h = harness({ rate: 1 });
    h.replayer.start();
    await h.timers.advance(5_000);
    const injectedAt = h.clock.now().getTime();
    expect(h.replayer.injectSpike({ durationMs: 60_000 })).toBe(spikeScenario.length);
    expect(h.replayer.progress().spikePending).toBe(spikeScenario.length);
    await h.timers.advance(60_000);
    const spike = h.items().filter((i) => /^spk-/.test(i.nativeId));
    expect(spike).toHaveLength(spikeScenario.length);
    expect(new Set(spike.map((i) => i.nativeId)).size).toBe(spikeScenario.length);
    for (const i of spike) {
      expect(i.createdAt.getTime()).toBeGreaterThanOrEqual(injectedAt);
      expect(i.createdAt.getTime()).toBeLessThanOrEqual(injectedAt + 60_000);
    }
    // Scenario references stay inside the injection.
    const ids = new Set(spike.map((i) => i.nativeId));
    for (const i of spike) for (const x of i.interactions) if (x.targetItemNativeId) expect(ids.has(x.targetItemNativeId)).toBe(true);
    // The normal feed went on at its rate: a spike is ~40 posts a minute on top of ~60.
    expect(h.items().filter((i) => !/^spk-/.test(i.nativeId))).toHaveLength(66);
    expect(h.replayer.progress()).toMatchObject({ spikesInjected: 1, spikePending: 0, emitted: 66 + spikeScenario.length });
  });

  it('works without the live feed, and twice with distinct ids', async () => {
    const h = harness();
    h.replayer.injectSpike({ durationMs: 0 });
    await h.timers.advance(0);
    expect(h.items()).toHaveLength(spikeScenario.length);
    expect(h.timers.count).toBe(0);
    await h.timers.advance(1_000);
    h.replayer.injectSpike({ durationMs: 10_000 });
    await h.timers.advance(10_000);
    expect(new Set(h.items().map((i) => i.nativeId)).size).toBe(2 * spikeScenario.length);
    expect(h.replayer.progress().running).toBe(false);
  });

  it('is cancelled by stop()', async () => {
    const h = harness();
    h.replayer.injectSpike({ durationMs: 60_000 });
    await h.timers.advance(10_000);
    const sent = h.items().length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(spikeScenario.length);
    await h.replayer.stop();
    await h.timers.advance(120_000);
    expect(h.items()).toHaveLength(sent);
    expect(h.replayer.progress().spikePending).toBe(0);
  });
});

describe('replayer: backfill', () => {
  const KST = 9 * 3_600_000;
  const now = new Date('2026-03-16T03:00:00Z'); // a Monday, noon in Seoul

  async function backfilled(days = 14, perDay = 30) {
    const h = harness({}, now.toISOString());
    const result = await h.replayer.backfill(days, { perDay });
    return { h, result, items: h.items() };
  }

  it('sends days × perDay posts in the past window, plus the follow network, in bounded batches', async () => {
    const { h, result, items } = await backfilled();
    expect(result.posts).toBe(14 * 30);
    expect(result.to.getTime()).toBe(now.getTime());
    expect(result.from.getTime()).toBe(now.getTime() - 14 * 86_400_000);
    expect(items).toHaveLength(14 * 30);
    expect(items.map((i) => i.nativeId).sort()).toEqual(
      demoPosts
        .slice(0, 14 * 30)
        .map((p) => `${p.id}~d`)
        .sort(),
    );
    for (const i of items) {
      expect(i.createdAt.getTime()).toBeGreaterThanOrEqual(result.from.getTime());
      expect(i.createdAt.getTime()).toBeLessThan(now.getTime());
    }
    const follows = h.calls.flatMap((c) => c.events.filter((e) => e.type === 'interaction'));
    expect(follows).toHaveLength(demoFollows.length);
    for (const c of h.calls) expect(c.events.length).toBeLessThanOrEqual(200);
    expect(h.replayer.progress()).toMatchObject({ backfilled: 14 * 30, position: 14 * 30, done: false });
    expect(h.timers.count).toBe(0); // nothing live was started
  });

  it('has the daily rhythm: busy at lunch and in the evening, quiet at night and at weekends', async () => {
    const { items } = await backfilled();
    const byHour = new Array<number>(24).fill(0);
    const byDay = new Map<string, { weekend: boolean; n: number }>();
    for (const i of items) {
      const local = new Date(i.createdAt.getTime() + KST);
      byHour[local.getUTCHours()]!++;
      const day = local.toISOString().slice(0, 10);
      const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
      byDay.set(day, { weekend, n: (byDay.get(day)?.n ?? 0) + 1 });
    }
    const avg = (hours: number[]) => hours.reduce((s, h) => s + byHour[h]!, 0) / hours.length;
    const night = avg([2, 3, 4, 5]);
    expect(avg([12, 13])).toBeGreaterThan(4 * night);
    expect(avg([19, 20, 21])).toBeGreaterThan(4 * night);
    expect(avg([12, 13])).toBeGreaterThan(avg([9, 10, 15, 16]));
    expect(avg([19, 20, 21])).toBeGreaterThan(avg([9, 10, 15, 16]));
    // Whole days only (the first and last are partial).
    const days = [...byDay.values()].slice(1, -1);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const weekend = mean(days.filter((d) => d.weekend).map((d) => d.n));
    const weekday = mean(days.filter((d) => !d.weekend).map((d) => d.n));
    expect(weekend).toBeLessThan(0.8 * weekday);
  });

  it('keeps conversations in order and is deterministic', async () => {
    const { items } = await backfilled();
    const at = new Map(items.map((i) => [i.nativeId, i.createdAt.getTime()]));
    for (const i of items) {
      if (i.parentNativeId && at.has(i.parentNativeId)) expect(at.get(i.parentNativeId)!).toBeLessThanOrEqual(i.createdAt.getTime());
      for (const x of i.interactions) if (x.targetItemNativeId && at.has(x.targetItemNativeId)) expect(at.get(x.targetItemNativeId)!).toBeLessThanOrEqual(i.createdAt.getTime());
    }
    // Dataset order is time order.
    const times = demoPosts.slice(0, items.length).map((p) => at.get(`${p.id}~d`)!);
    for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
    const again = await backfilled();
    expect(again.items).toEqual(items);
  });

  it('can place a past outage in the history', async () => {
    const h = harness({}, now.toISOString());
    const spikeAt = new Date(now.getTime() - 3 * 86_400_000);
    await h.replayer.backfill(7, { perDay: 10, spikeAt, follows: false });
    const spike = h.items().filter((i) => i.nativeId.startsWith('spk-'));
    expect(spike).toHaveLength(spikeScenario.length);
    for (const i of spike) expect(i.createdAt.getTime() - spikeAt.getTime()).toBeLessThanOrEqual(30 * 60_000);
    expect(h.items()).toHaveLength(70 + spikeScenario.length);
  });

  it('spreads any number of instants by weight, ascending, inside the window', () => {
    const from = new Date('2026-03-02T00:00:00Z');
    const to = new Date('2026-03-09T00:00:00Z');
    const times = rhythmTimes(1000, from, to);
    expect(times).toHaveLength(1000);
    for (let k = 1; k < times.length; k++) expect(times[k]!.getTime()).toBeGreaterThanOrEqual(times[k - 1]!.getTime());
    expect(times[0]!.getTime()).toBeGreaterThanOrEqual(from.getTime());
    expect(times.at(-1)!.getTime()).toBeLessThan(to.getTime());
    expect(rhythmTimes(0, from, to)).toEqual([]);
    expect(rhythmTimes(5, to, from)).toEqual([]);
  });
});

describe('default timer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is unref’d and cancellable', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const fn = vi.fn();
    const cancel = defaultSetTimer(fn, 60_000);
    const handle = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    cancel();
  });

  it('drives a real replay that stops', async () => {
    const got: string[] = [];
    const replayer = createReplayer({
      ingest: async (_t, events) => {
        for (const e of events) if (e.type === 'upsert') got.push(e.item.nativeId);
      },
      clock: { now: () => new Date() },
      rate: 100,
    });
    replayer.start();
    await new Promise((r) => setTimeout(r, 250));
    await replayer.stop();
    const n = got.length;
    expect(n).toBeGreaterThan(5);
    await new Promise((r) => setTimeout(r, 150));
    expect(got.length).toBe(n);
  });
});
