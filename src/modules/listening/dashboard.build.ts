/** Assembles dashboard charts from rollup rows (pure), and the period/bucket rules every chart shares. */
import { invalid } from '../../platform/errors.js';
import { logOdds } from '../../nlp/index.js';
import { periodChange, shareOfVoice, type Change } from './domain/aggregates.js';
import { DAY_MS, HOUR_MS, seoulDateKey, seoulHourKey, startOfSeoulDay, startOfSeoulHour } from './domain/seoul-time.js';
import { SENTIMENT_KEYS, type SentimentKey } from './listening.tables.js';

export type BucketUnit = 'hour' | 'day';

export interface Period {
  from: Date;
  to: Date;
  bucket: BucketUnit;
}

export interface PeriodParams {
  from?: string;
  to?: string;
  bucket?: BucketUnit;
}

const MAX_DAYS = 400;
const MAX_HOUR_DAYS = 62;

/** Default: the last 7 days; buckets of an hour up to 3 days, else days. `from` is aligned to its bucket. */
export function resolvePeriod(p: PeriodParams, now: Date): Period {
  const to = p.to ? new Date(p.to) : now;
  const rawFrom = p.from ? new Date(p.from) : new Date(to.getTime() - 7 * DAY_MS);
  if (Number.isNaN(to.getTime()) || Number.isNaN(rawFrom.getTime())) throw invalid('listening.bad_period', '`from` and `to` must be ISO 8601 times.', 'from');
  if (!(rawFrom < to)) throw invalid('listening.bad_period', '`from` must be before `to`.', 'from');
  const span = to.getTime() - rawFrom.getTime();
  if (span > MAX_DAYS * DAY_MS) throw invalid('listening.bad_period', `A dashboard covers at most ${MAX_DAYS} days.`, 'from');
  const bucket = p.bucket ?? (span <= 3 * DAY_MS ? 'hour' : 'day');
  if (bucket === 'hour' && span > MAX_HOUR_DAYS * DAY_MS) throw invalid('listening.bad_period', `Hourly buckets cover at most ${MAX_HOUR_DAYS} days; use bucket=day.`, 'bucket');
  const from = new Date(bucket === 'hour' ? startOfSeoulHour(rawFrom) : startOfSeoulDay(rawFrom));
  return { from, to, bucket };
}

export const bucketStart = (unit: BucketUnit, ms: number) => (unit === 'hour' ? startOfSeoulHour(ms) : startOfSeoulDay(ms));
export const bucketKey = (unit: BucketUnit, ms: number) => (unit === 'hour' ? seoulHourKey(ms) : seoulDateKey(ms));
export const bucketStep = (unit: BucketUnit) => (unit === 'hour' ? HOUR_MS : DAY_MS);

/** The [start, end) of a bucket given by its key (`2026-11-20T09` or `2026-11-20`, Seoul). */
export function bucketRange(unit: BucketUnit, key: string): { from: Date; to: Date } {
  const m = unit === 'hour' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/.exec(key) : /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw invalid('listening.bad_bucket', unit === 'hour' ? '`at` must look like 2026-11-20T09 (Seoul hour).' : '`at` must look like 2026-11-20 (Seoul day).', 'at');
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0)) - 9 * HOUR_MS;
  return { from: new Date(start), to: new Date(start + bucketStep(unit)) };
}

/** Bucket starts covering the period (dense). */
export function bucketStarts(p: Period): number[] {
  const out: number[] = [];
  for (let t = p.from.getTime(); t < p.to.getTime(); t += bucketStep(p.bucket)) out.push(t);
  return out;
}

/** Rollup sums of the target's queries per bucket and sentiment. */
export interface SeriesRow {
  bucket: number;
  sentiment: SentimentKey;
  count: number;
  complaints: number;
  reach: number;
}

/** Rollup sums per channel and sentiment over the period. */
export interface ChannelRow {
  channel: string;
  sentiment: SentimentKey;
  count: number;
}

/** Per query and bucket, for share of voice. */
export interface SovRow {
  query_id: string;
  bucket: number;
  count: number;
}

type Split = Record<SentimentKey, number>;
const zero = (): Split => ({ negative: 0, neutral: 0, positive: 0, unknown: 0 });

export interface VolumePoint extends Split {
  key: string;
  start: string;
  count: number;
  complaints: number;
}

function percents(entries: Array<{ key: string; count: number }>): Map<string, number> {
  return new Map(shareOfVoice(entries).map((e) => [e.key, e.percent]));
}

export function buildCharts(p: Period, series: SeriesRow[], channelRows: ChannelRow[], previous: number) {
  const starts = bucketStarts(p);
  const index = new Map(starts.map((s, i) => [s, i]));
  const volume: VolumePoint[] = starts.map((s) => ({ key: bucketKey(p.bucket, s), start: new Date(s).toISOString(), count: 0, complaints: 0, ...zero() }));
  const split = zero();
  let count = 0;
  let complaints = 0;
  let reach = 0;
  for (const r of series) {
    const i = index.get(r.bucket);
    if (i === undefined) continue;
    const v = volume[i]!;
    v.count += r.count;
    v[r.sentiment] += r.count;
    v.complaints += r.complaints;
    split[r.sentiment] += r.count;
    count += r.count;
    complaints += r.complaints;
    reach += r.reach;
  }
  const channels = new Map<string, Split & { count: number }>();
  for (const r of channelRows) {
    const c = channels.get(r.channel) ?? { count: 0, ...zero() };
    c.count += r.count;
    c[r.sentiment] += r.count;
    channels.set(r.channel, c);
  }
  const sentPct = percents(SENTIMENT_KEYS.map((s) => ({ key: s, count: split[s] })));
  const chanPct = percents([...channels].map(([key, c]) => ({ key, count: c.count })));
  const change: Change = periodChange(count, previous);
  return {
    totals: { count, ...split, complaints, reach, change: { previous, percent: change.percent === null ? null : Math.round(change.percent * 10) / 10, direction: change.direction } },
    volume,
    sentiment: SENTIMENT_KEYS.map((s) => ({ sentiment: s, count: split[s], percent: sentPct.get(s) ?? 0 })),
    channels: [...channels].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).map(([channel, c]) => ({ channel, ...c, percent: chanPct.get(channel) ?? 0 })),
  };
}

export function buildShareOfVoice(p: Period, rows: SovRow[], setId: string, queries: Array<{ id: string; name: string }>, own: ReadonlySet<string>) {
  const totals = new Map(queries.map((q) => [q.id, 0]));
  const starts = bucketStarts(p);
  const index = new Map(starts.map((s, i) => [s, i]));
  const series = starts.map((s) => ({ key: bucketKey(p.bucket, s), start: new Date(s).toISOString(), counts: Object.fromEntries(queries.map((q) => [q.id, 0])) as Record<string, number> }));
  for (const r of rows) {
    if (!totals.has(r.query_id)) continue;
    totals.set(r.query_id, totals.get(r.query_id)! + r.count);
    const i = index.get(r.bucket);
    if (i !== undefined) series[i]!.counts[r.query_id]! += r.count;
  }
  const shares = shareOfVoice(queries.map((q) => ({ key: q.id, count: totals.get(q.id)! })));
  const name = new Map(queries.map((q) => [q.id, q.name]));
  return {
    setId,
    entries: shares.map((e) => ({ queryId: e.other ? null : e.key, name: e.other ? 'other' : name.get(e.key)!, count: e.count, percent: e.percent, own: own.has(e.key) })),
    series,
  };
}

export function buildKeywords(rows: Array<{ term: string; w: number; b: number }>) {
  const window = new Map<string, number>();
  const background = new Map<string, number>();
  for (const r of rows) {
    if (r.w > 0) window.set(r.term, r.w);
    if (r.b > 0) background.set(r.term, r.b);
  }
  const keywords = logOdds(window, background, { minCount: 2, top: 30 })
    .filter((k) => k.z > 0)
    .map((k) => ({ term: k.term, count: k.count, background: k.background, z: Math.round(k.z * 100) / 100 }));
  const wordCloud = [...window]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 60)
    .map(([term, count]) => ({ term, count }));
  return { keywords, wordCloud };
}

/** Seoul calendar days (inclusive) a period touches, and the same number of days before it. */
export function keywordDays(p: Period): { from: string; to: string; bgFrom: string } {
  const first = startOfSeoulDay(p.from);
  const last = startOfSeoulDay(p.to.getTime() - 1);
  const days = Math.round((last - first) / DAY_MS) + 1;
  return { from: seoulDateKey(first), to: seoulDateKey(last), bgFrom: seoulDateKey(first - days * DAY_MS) };
}
