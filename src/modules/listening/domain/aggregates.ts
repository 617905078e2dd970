/**
 * Chart helpers for listening: share of voice, period-over-period change, top movers, and bucketing
 * timestamps into Asia/Seoul hours, days and weeks. Pure; time is passed in.
 */
import type { HourlySeries } from './anomaly.js';
import { DAY_MS, HOUR_MS, WEEK_MS, seoulDateKey, seoulHourKey, startOfSeoulDay, startOfSeoulHour, startOfSeoulWeek, toMs, type Instant } from './seoul-time.js';

export interface ShareEntry {
  key: string;
  count: number;
  /** Rounded so that all entries sum to exactly 100 (0 everywhere when the total is 0). */
  percent: number;
  /** True for the bucket that collects the rest. */
  other: boolean;
}

export interface ShareOptions {
  /** Keep this many largest queries and fold the rest into "other" (default: keep all). */
  top?: number;
  /** Volume that matched none of the queries, added to "other". */
  otherCount?: number;
  otherLabel?: string;
  /** Decimal places of the percentages (default 1). */
  decimals?: number;
}

function checkCount(n: number, what: string): number {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${n}`);
  return n;
}

/**
 * Share of voice from per-query counts. Largest first (ties by key), then "other". Percentages use
 * the largest-remainder method so the rounded values add up to exactly 100. Counts are taken as
 * given: an item matching two queries counts for both, so this is the share of mentions, not of items.
 */
export function shareOfVoice(counts: Readonly<Record<string, number>> | ReadonlyArray<{ key: string; count: number }>, options: ShareOptions = {}): ShareEntry[] {
  const list = (Array.isArray(counts) ? counts : Object.entries(counts).map(([key, count]) => ({ key, count })))
    .map((e) => ({ key: e.key, count: checkCount(e.count, `count of ${e.key}`) }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const top = options.top ?? list.length;
  if (!Number.isInteger(top) || top < 0) throw new RangeError('top must be a whole number ≥ 0');
  const kept: ShareEntry[] = list.slice(0, top).map((e) => ({ ...e, percent: 0, other: false }));
  const rest = list.slice(top).reduce((s, e) => s + e.count, 0) + checkCount(options.otherCount ?? 0, 'otherCount');
  if (rest > 0) kept.push({ key: options.otherLabel ?? 'other', count: rest, percent: 0, other: true });

  const total = kept.reduce((s, e) => s + e.count, 0);
  if (total === 0) return kept;
  const decimals = options.decimals ?? 1;
  const scale = 10 ** decimals;
  const units = 100 * scale;
  const raw = kept.map((e) => (e.count / total) * units);
  const floors = raw.map(Math.floor);
  let left = units - floors.reduce((a, b) => a + b, 0);
  const order = kept.map((_, i) => i).sort((a, b) => raw[b]! - floors[b]! - (raw[a]! - floors[a]!) || kept[b]!.count - kept[a]!.count || a - b);
  for (const i of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  return kept.map((e, i) => ({ ...e, percent: floors[i]! / scale }));
}

export interface Change {
  current: number;
  previous: number;
  delta: number;
  /** Percent change; null when the previous period was 0 and this one is not. */
  percent: number | null;
  direction: 'up' | 'down' | 'flat' | 'new';
}

/** Period-over-period change. 0 → 5 is 'new' (no percentage); 0 → 0 is flat. */
export function periodChange(current: number, previous: number): Change {
  checkCount(current, 'current');
  checkCount(previous, 'previous');
  const delta = current - previous;
  if (previous === 0) return { current, previous, delta, percent: current === 0 ? 0 : null, direction: current === 0 ? 'flat' : 'new' };
  return { current, previous, delta, percent: (delta / previous) * 100, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat' };
}

/** Counts timestamps in [now − period, now) against [now − 2·period, now − period). */
export function periodOverPeriod(timestamps: Iterable<Instant>, now: Instant, periodMs: number): Change {
  if (!(periodMs > 0)) throw new RangeError('periodMs must be > 0');
  const end = toMs(now);
  let current = 0;
  let previous = 0;
  for (const t of timestamps) {
    const ms = toMs(t);
    if (ms >= end - periodMs && ms < end) current++;
    else if (ms >= end - 2 * periodMs && ms < end - periodMs) previous++;
  }
  return periodChange(current, previous);
}

export interface Mover {
  key: string;
  change: Change;
  /** ln((current + 1) / (previous + 1)): smoothed, so 0 → 3 does not outrank 100 → 300. */
  score: number;
}

/**
 * The keys (terms, queries, hashtags) that rose (or fell) most between two periods, ignoring keys
 * below minCount in both periods.
 */
export function topMovers(current: Readonly<Record<string, number>>, previous: Readonly<Record<string, number>>, options: { minCount?: number; limit?: number; direction?: 'up' | 'down' } = {}): Mover[] {
  const minCount = options.minCount ?? 5;
  const sign = options.direction === 'down' ? -1 : 1;
  const keys = new Set([...Object.keys(current), ...Object.keys(previous)]);
  const out: Mover[] = [];
  for (const key of keys) {
    const c = current[key] ?? 0;
    const p = previous[key] ?? 0;
    if (Math.max(c, p) < minCount) continue;
    const score = Math.log((c + 1) / (p + 1));
    if (sign * score > 0) out.push({ key, change: periodChange(c, p), score });
  }
  out.sort((a, b) => sign * (b.score - a.score) || (a.key < b.key ? -1 : 1));
  return out.slice(0, options.limit ?? 10);
}

export type BucketUnit = 'hour' | 'day' | 'week';

export interface Bucket {
  /** Bucket start, epoch ms (a Seoul hour, Seoul midnight, or Monday 00:00 KST). */
  start: number;
  /** '2025-03-04T09' for hours, '2025-03-04' for days and weeks (the Monday). */
  key: string;
  count: number;
}

const STEP: Record<BucketUnit, number> = { hour: HOUR_MS, day: DAY_MS, week: WEEK_MS };
const START: Record<BucketUnit, (t: Instant) => number> = { hour: startOfSeoulHour, day: startOfSeoulDay, week: startOfSeoulWeek };
const MAX_BUCKETS = 100_000;

/**
 * Counts timestamps per Seoul hour/day/week, with empty buckets filled in. With a range, buckets cover
 * [from, to) (from rounded down to its bucket; nothing when to ≤ from) and timestamps outside are
 * ignored; without one, they span the earliest to the latest timestamp.
 */
export function bucketize(timestamps: Iterable<Instant>, unit: BucketUnit, range?: { from: Instant; to: Instant }): Bucket[] {
  const ms = [...timestamps].map(toMs);
  const startOf = START[unit];
  const step = STEP[unit];
  let first: number;
  let end: number;
  if (range) {
    end = toMs(range.to);
    if (end <= toMs(range.from)) return [];
    first = startOf(range.from);
  } else {
    if (ms.length === 0) return [];
    // a loop, not Math.min(...ms): spreading a large array overflows the stack
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of ms) [lo, hi] = [Math.min(lo, t), Math.max(hi, t)];
    first = startOf(lo);
    end = startOf(hi) + step;
  }
  const n = Math.max(0, Math.ceil((end - first) / step));
  if (n > MAX_BUCKETS) throw new RangeError(`${n} ${unit} buckets requested; at most ${MAX_BUCKETS}`);
  const counts = new Array<number>(n).fill(0);
  for (const t of ms) {
    if (t < first || t >= end) continue;
    counts[Math.floor((startOf(t) - first) / step)]!++;
  }
  const key = unit === 'hour' ? seoulHourKey : seoulDateKey;
  return counts.map((count, i) => ({ start: first + i * step, key: key(first + i * step), count }));
}

/** Dense hourly counts over [from, to), ready for detectAnomaly's history. */
export function hourlySeries(timestamps: Iterable<Instant>, from: Instant, to: Instant): HourlySeries {
  const buckets = bucketize(timestamps, 'hour', { from, to });
  return { start: startOfSeoulHour(from), counts: buckets.map((b) => b.count) };
}
