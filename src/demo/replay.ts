/**
 * The demo replayer: backfills days of history with a daily rhythm for the dashboards, then feeds the
 * rest of the bundled posts to the pipeline at a steady rate so a fresh install looks alive, and
 * injects the scripted login-outage spike on demand. History and live feed are one pass over the
 * dataset: every post goes out once (with the same native id, so a post sent twice is deduplicated by
 * the pipeline, never shown twice), and the live feed ends after the last post. It only calls
 * `ingest`; the caller wires that to the real pipeline and the demo accounts (one per channel type).
 */
import type { ChannelEvent } from '../channels/port.js';
import { demoAuthors, demoPosts, spikeScenario } from './dataset/index.js';
import { createItemBuilder, followEvents, groupByChannel } from './to-events.js';
import type { DemoAuthor, DemoChannel, DemoPost } from './types.js';

/** Schedules fn after ms and returns a function that cancels it. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export interface ReplayerOptions {
  ingest: (accountType: string, events: ChannelEvent[]) => Promise<void>;
  clock: { now(): Date };
  /** Posts per second (e.g. 0.5 = one every two seconds). */
  rate: number;
  /**
   * Posts of the dataset already sent (by an earlier run on the same data): history and live feed go
   * on from there, so a restarted demo never sends a post again. Default 0.
   */
  position?: number;
  /** Defaults to an unref'd setTimeout, so the replayer never keeps the process alive. */
  setTimer?: SetTimer;
  /** Called when ingest rejects; the replay carries on. */
  onError?: (err: unknown) => void;
  posts?: readonly DemoPost[];
  spike?: readonly DemoPost[];
  authors?: readonly DemoAuthor[];
}

export interface SpikeOptions {
  /** Wall time the whole scenario takes; its offsets are scaled to fit (default 2 minutes, 0 = at once). */
  durationMs?: number;
}

export interface BackfillOptions {
  /** Average posts per day (default 60), as far as the dataset reaches: no post is sent twice. */
  perDay?: number;
  /** How many posts of the dataset the history takes (instead of days × perDay), as far as it reaches. */
  posts?: number;
  /** End of the history (default: the clock's now). */
  end?: Date;
  /** Minutes east of UTC the daily rhythm follows (default 540, Korea). */
  utcOffsetMinutes?: number;
  /** Also place the outage spike in the history, starting at this time. */
  spikeAt?: Date;
  /** Also send the follow network (X) at the start of the history; default true. */
  follows?: boolean;
  /** Events per ingest call (default 200). */
  batchSize?: number;
}

export interface BackfillResult {
  posts: number;
  from: Date;
  to: Date;
}

export interface ReplayProgress {
  running: boolean;
  /** Posts of the dataset sent so far (history and live), i.e. the next one's index. */
  position: number;
  total: number;
  /** Every post of the dataset has been sent: the live feed has ended. */
  done: boolean;
  /** Posts fed live so far, spike posts included. */
  emitted: number;
  spikesInjected: number;
  spikePending: number;
  backfilled: number;
  errors: number;
}

export interface Replayer {
  /** Starts (or resumes) the live replay; the first post goes out at once. */
  start(): void;
  /** Stops all timers, drops pending spike posts and waits for an ingest in flight. */
  stop(): Promise<void>;
  /** Queues the outage scenario to go out over `durationMs`, alongside the replay; returns its size. */
  injectSpike(options?: SpikeOptions): number;
  /**
   * Sends `days` of history at once (createdAt in the past, with the daily rhythm), taken from the
   * dataset where the replay stands; the live feed goes on after the last post it took.
   */
  backfill(days?: number, options?: BackfillOptions): Promise<BackfillResult>;
  progress(): ReplayProgress;
}

const DAY_MS = 86_400_000;
/** The suffix of every everyday post's native id ('x-001~d'): one pass, one id per post, history and live alike. */
export const DEMO_VARIANT = 'd';
const HOUR_MS = 3_600_000;

/** Relative activity per local hour: low at night, a lunch peak, the highest in the evening. */
export const HOURLY_WEIGHTS: readonly number[] = [0.3, 0.18, 0.1, 0.07, 0.07, 0.1, 0.25, 0.55, 0.95, 1.05, 1.05, 1.25, 2.0, 1.9, 1.15, 1.0, 1.0, 1.1, 1.4, 1.9, 2.2, 2.1, 1.6, 0.8];
/** Relative activity per local weekday (0 = Sunday). */
export const WEEKDAY_WEIGHTS: readonly number[] = [0.55, 1, 1, 1, 1, 1, 0.65];

export const defaultSetTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

/** Deterministic 0..1 from a string (FNV-1a). */
function unit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x1_0000_0000;
}

/**
 * `n` instants in [from, to) spread by the daily and weekly rhythm: the window is cut into local
 * hours, each weighted, and the instants sit at the weight's quantiles (with a stable jitter inside
 * each hour), so every hour gets its share exactly. Ascending.
 */
export function rhythmTimes(n: number, from: Date, to: Date, utcOffsetMinutes = 540): Date[] {
  const a = from.getTime();
  const b = to.getTime();
  if (n <= 0 || b <= a) return [];
  const offset = utcOffsetMinutes * 60_000;
  const slots: Array<{ start: number; end: number; w: number }> = [];
  for (let s = a; s < b; ) {
    const local = s + offset;
    const hourEnd = Math.min(b, Math.floor(local / HOUR_MS) * HOUR_MS + HOUR_MS - offset);
    const d = new Date(local);
    const w = HOURLY_WEIGHTS[d.getUTCHours()]! * WEEKDAY_WEIGHTS[d.getUTCDay()]! * ((hourEnd - s) / HOUR_MS);
    slots.push({ start: s, end: hourEnd, w });
    s = hourEnd;
  }
  const total = slots.reduce((x, s) => x + s.w, 0);
  const out: number[] = [];
  let slot = 0;
  let before = 0;
  for (let k = 0; k < n; k++) {
    const target = ((k + 0.5) / n) * total;
    while (slot < slots.length - 1 && before + slots[slot]!.w < target) before += slots[slot++]!.w;
    const s = slots[slot]!;
    out.push(s.start + Math.floor(unit(`${from.toISOString()}#${k}`) * (s.end - s.start)));
  }
  return out.sort((x, y) => x - y).map((t) => new Date(t));
}

/**
 * Where a replay over `posts` stands, given the native ids already stored ('x-001~d', or any earlier
 * suffix): just after the furthest dataset post among them (0 when none), so a restarted demo goes on
 * with posts it has not sent. Ids of other posts (the spike, the bank's sent replies) are ignored.
 */
export function replayPosition(nativeIds: Iterable<string>, posts: readonly DemoPost[] = demoPosts): number {
  const index = new Map(posts.map((p, i) => [p.id, i]));
  let next = 0;
  for (const id of nativeIds) {
    const i = index.get(id.split('~', 1)[0]!);
    if (i !== undefined && i + 1 > next) next = i + 1;
  }
  return next;
}

interface Pending {
  post: DemoPost;
  variant: string;
  due: number;
}

export function createReplayer(options: ReplayerOptions): Replayer {
  const { ingest, clock } = options;
  if (!(options.rate > 0) || !Number.isFinite(options.rate)) throw new RangeError(`rate must be a positive number of posts per second, got ${options.rate}`);
  const rate = options.rate;
  const setTimer = options.setTimer ?? defaultSetTimer;
  const posts = options.posts ?? demoPosts;
  const spike = options.spike ?? spikeScenario;
  const authors = options.authors ?? demoAuthors;
  const buildPost = createItemBuilder(posts, authors);
  const buildSpike = createItemBuilder(spike, authors);
  const intervalMs = 1000 / rate;
  const tickMs = Math.min(1000, Math.max(50, intervalMs));
  /** Backlog (e.g. after the machine slept) beyond this is not caught up in a burst. */
  const maxBacklog = Math.max(1, Math.ceil(5 * rate));

  let running = false;
  /** Set by stop(): a backfill in progress ends after its current batch. */
  let cancelled = false;
  let cancelTimer: (() => void) | undefined;
  let inFlight: Promise<void> | undefined;
  let baseline = 0; // when post `position` was due, less position × interval
  let position = Math.max(0, Math.min(posts.length, Math.floor(options.position ?? 0)));
  let done = position >= posts.length;
  let emitted = 0;
  let spikesInjected = 0;
  let backfilled = 0;
  let errors = 0;
  let spikeQueue: Pending[] = [];

  async function send(list: ReadonlyArray<{ channel: DemoChannel; event: ChannelEvent }>): Promise<void> {
    for (const batch of groupByChannel(list)) {
      try {
        await ingest(batch.channel, batch.events);
      } catch (err) {
        errors++;
        options.onError?.(err);
      }
    }
  }

  function schedule(ms: number): void {
    cancelTimer?.();
    cancelTimer = setTimer(() => {
      cancelTimer = undefined;
      inFlight = tick()
        .catch((err: unknown) => {
          errors++;
          options.onError?.(err);
        })
        .finally(() => {
          inFlight = undefined;
          if (running || spikeQueue.length) schedule(tickMs);
        });
    }, ms);
  }

  async function tick(): Promise<void> {
    const now = clock.now().getTime();
    const out: Array<{ channel: DemoChannel; event: ChannelEvent }> = [];
    if (running && !done) {
      let due = Math.floor((now - baseline) / intervalMs) + 1 - position;
      if (due > maxBacklog) {
        baseline += (due - maxBacklog) * intervalMs;
        due = maxBacklog;
      }
      for (let i = 0; i < due && !done; i++) {
        const post = posts[position]!;
        const at = Math.min(now, Math.round(baseline + position * intervalMs));
        out.push({ channel: post.channel, event: { type: 'upsert', item: buildPost(post, new Date(at), DEMO_VARIANT) } });
        position++;
        if (position >= posts.length) {
          done = true;
          running = false;
        }
      }
    }
    const ready = spikeQueue.filter((p) => p.due <= now);
    if (ready.length) {
      spikeQueue = spikeQueue.filter((p) => p.due > now);
      for (const p of ready) out.push({ channel: p.post.channel, event: { type: 'upsert', item: buildSpike(p.post, new Date(Math.min(now, p.due)), p.variant) } });
    }
    emitted += out.length;
    if (out.length) await send(out);
  }

  function pump(): void {
    if (!cancelTimer && !inFlight) schedule(0);
  }

  return {
    start() {
      if (running || done) return;
      cancelled = false;
      if (posts.length === 0) {
        done = true;
        return;
      }
      const now = clock.now().getTime();
      running = true;
      baseline = now - position * intervalMs; // resume where we stopped
      pump();
    },

    async stop() {
      running = false;
      cancelled = true;
      spikeQueue = [];
      cancelTimer?.();
      cancelTimer = undefined;
      await inFlight;
    },

    injectSpike(opts = {}) {
      const duration = Math.max(0, opts.durationMs ?? 120_000);
      const now = clock.now().getTime();
      const span = Math.max(...spike.map((p) => p.at), 0);
      spikesInjected++;
      const variant = `s${spikesInjected}-${Math.floor(now / 1000).toString(36)}`;
      for (const post of spike) spikeQueue.push({ post, variant, due: now + (span > 0 ? Math.round((post.at / span) * duration) : 0) });
      spikeQueue.sort((a, b) => a.due - b.due);
      pump();
      return spike.length;
    },

    async backfill(days = 14, opts = {}) {
      const to = opts.end ?? clock.now();
      const from = new Date(to.getTime() - days * DAY_MS);
      const wanted = Math.max(0, Math.round(opts.posts ?? days * (opts.perDay ?? 60)));
      const first = position;
      const n = Math.min(wanted, posts.length - first);
      // Taken at once, so a live feed started meanwhile cannot send the same posts.
      position += n;
      if (position >= posts.length) done = true;
      const times = rhythmTimes(n, from, new Date(to.getTime() - 60_000), opts.utcOffsetMinutes);
      const list: Array<{ channel: DemoChannel; event: ChannelEvent }> = [];
      if (opts.follows ?? true) for (const event of followEvents(from, 'x', undefined, authors)) list.push({ channel: 'x', event });
      times.forEach((at, k) => {
        const post = posts[first + k]!;
        list.push({ channel: post.channel, event: { type: 'upsert', item: buildPost(post, at, DEMO_VARIANT) } });
      });
      if (opts.spikeAt) {
        const t0 = opts.spikeAt.getTime();
        for (const post of spike) list.push({ channel: post.channel, event: { type: 'upsert', item: buildSpike(post, new Date(t0 + Math.round(post.at * 60_000)), 'hs') } });
      }
      const size = Math.max(1, opts.batchSize ?? 200);
      for (let i = 0; i < list.length && !cancelled; i += size) {
        await send(list.slice(i, i + size));
        // Let requests in between batches: on the embedded store every query runs on this thread.
        await new Promise((resolve) => setImmediate(resolve));
      }
      backfilled += times.length + (opts.spikeAt ? spike.length : 0);
      return { posts: times.length, from, to };
    },

    progress() {
      return {
        running,
        position,
        total: posts.length,
        done,
        emitted,
        spikesInjected,
        spikePending: spikeQueue.length,
        backfilled,
        errors,
      };
    },
  };
}
