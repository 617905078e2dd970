/**
 * Crisis alerts: is the current hour's volume (negative items, complaints…) for a query a spike?
 *
 * Model (justified in docs/listening-queries.md, "Crisis alerts"): expected(hour) = level × season.
 * - season: an hour-of-week profile in Asia/Seoul (168 slots, mean 1), from the history with
 *   shrinkage: each slot is pulled towards hour-of-day × day-of-week, which are pulled towards 1, so a
 *   short history still has a daily rhythm and a long one has its own weekend shape. Past spikes are
 *   winsorised (capped relative to the slot's median) so last month's crisis does not raise this
 *   month's expectation.
 * - level: an exponentially weighted, deseasonalised recent level (half-life 24 h by default), each
 *   hour capped at its one-step-ahead expectation + 4 sd before it enters, so the level follows a rise
 *   that takes days but a single burst barely moves it.
 * - score: the mid-p upper tail of a negative binomial (variance = mean + φ·mean²), expressed as a
 *   z-value. φ = max(configured floor, φ estimated from the history's one-step residuals) + an
 *   estimation-uncertainty term that shrinks as history grows, so a bursty query needs a bigger jump.
 *   An alert also needs a minimum volume and a minimum ratio observed/expected.
 * Pure: time is passed in; the caller supplies dense hourly counts (zeros for empty hours).
 */
import { logUpperTailMidP, median, zFromLogUpperTail } from './stats.js';
import { HOUR_MS, describeSeoulHour, formatSeoul, seoulDayOfWeek, seoulHour } from './seoul-time.js';

/** Dense hourly counts: counts[i] is the hour starting at start + i hours (start on an hour boundary). */
export interface HourlySeries {
  start: number;
  counts: readonly number[];
}

export interface AnomalyInput {
  /** Up to ~8 weeks of complete hours before the current one; longer histories are fine but slower. */
  history: HourlySeries;
  /** The hour being judged, complete or in progress. */
  current: { hourStart: number; count: number };
  /** Evaluation time; how much of the current hour has elapsed. */
  now: number;
  /**
   * Items of the previous hour posted at or after now − 1 h. When given, the window judged is the hour
   * before `now` across the boundary, (now − 1 h, now], with the expectation of both clock hours in
   * proportion: a spike that began just before the hour turned is not judged in two halves.
   */
  carried?: number;
}

export interface AnomalyOptions {
  /** Alert when the z-equivalent of the p-value reaches this (default 4 ≈ p 3e-5). */
  zThreshold?: number;
  /** Fewest items in the current hour that can alert (default 10). */
  minCount?: number;
  /** Smallest observed/expected ratio that can alert (default 1.5). */
  minRatio?: number;
  /**
   * Negative-binomial dispersion φ, how bursty the volume is beyond Poisson: the floor (default 0.05)
   * under the value estimated from the history (see estimateDispersion).
   */
  dispersion?: number;
  /** Estimate φ from the history and use it when larger than `dispersion` (default true). */
  estimateDispersion?: boolean;
  /** Added to φ as uncertainty/days-of-history (default 1: +1 with one day, +0.02 with eight weeks). */
  estimationUncertainty?: number;
  /** Half-life of the recent level in hours (default 24). */
  levelHalfLifeHours?: number;
  /** Below this much history the model is not trusted (default 24 hours). */
  minHistoryHours?: number;
  /** With too little history, alert only when the hour reaches this many items (default 100). */
  coldStartCount?: number;
  /** Early in an hour, expect at least this fraction of a full hour (default 0.25). */
  minHourFraction?: number;
  /** Smallest expected count per full hour (default 0.05), so an all-zero history stays finite. */
  expectedFloor?: number;
  /** Ratios from which an alert is 'high' / 'critical' (defaults 3 and 6; also need 2× / 3× minCount items). */
  highRatio?: number;
  criticalRatio?: number;
  /** Pseudo-observations for shrinkage: hour-of-day (days, 2), day-of-week (hours, 24), hour-of-week (weeks, 2), level (hours, 6). */
  shrinkage?: { hourOfDay?: number; dayOfWeek?: number; hourOfWeek?: number; level?: number };
}

export type Severity = 'none' | 'warning' | 'high' | 'critical';
export type AnomalyCode = 'spike' | 'cold-start-spike' | 'cold-start' | 'low-volume' | 'small-ratio' | 'not-significant';

export interface AnomalyResult {
  alert: boolean;
  observed: number;
  /** Expected count for the elapsed part of the hour (null: no history). */
  expected: number | null;
  /** Expected count for the whole hour. */
  expectedFullHour: number | null;
  /** observed / expected. */
  ratio: number | null;
  /** z-equivalent of pValue (≥ zThreshold alerts); negative when below expectation. */
  score: number | null;
  /** Mid-p probability of at least this many items under the baseline. */
  pValue: number | null;
  severity: Severity;
  code: AnomalyCode;
  /** One English sentence for logs. */
  reason: string;
  /** The reason as data (see ReasonParams), for sentences in the reader's language. */
  params: ReasonParams;
}

/**
 * The numbers of a reason. `hourStart` (ISO) is the hour judged; `by` ("HH:MM", Seoul) when the hour had
 * not ended; `hours` and `limit` for the cold start.
 */
export interface ReasonParams {
  hourStart?: string;
  observed?: number;
  expected?: number | null;
  ratio?: number | null;
  z?: number | null;
  by?: string | null;
  /** "HH:MM" (Seoul) where a window across the hour boundary starts (see AnomalyInput.carried). */
  since?: string;
  hours?: number;
  limit?: number;
  minHours?: number;
}

export interface Baseline {
  /** Hour-of-week factors (index: Sunday 00 KST = 0), mean 1. */
  season: number[];
  /** Recent deseasonalised level: expected count of an average hour. */
  level: number;
  /** Long-run mean of the (winsorised) history. */
  mean: number;
  /** Hours of history used. */
  hours: number;
  /** Dispersion φ estimated from the history (0 when there is too little volume to tell). */
  dispersion: number;
}

const DEFAULTS = {
  zThreshold: 4,
  minCount: 10,
  minRatio: 1.5,
  dispersion: 0.05,
  estimateDispersion: true,
  estimationUncertainty: 1,
  levelHalfLifeHours: 24,
  minHistoryHours: 24,
  coldStartCount: 100,
  minHourFraction: 0.25,
  expectedFloor: 0.05,
  highRatio: 3,
  criticalRatio: 6,
};

type Resolved = typeof DEFAULTS & { kHod: number; kDow: number; kHow: number; kLevel: number };

function resolve(o: AnomalyOptions): Resolved {
  const r = { ...DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;
  const k = o.shrinkage ?? {};
  return { ...r, kHod: k.hourOfDay ?? 2, kDow: k.dayOfWeek ?? 24, kHow: k.hourOfWeek ?? 2, kLevel: k.level ?? 6 };
}

function checkHour(ms: number, what: string): void {
  if (!Number.isFinite(ms) || ms % HOUR_MS !== 0) throw new RangeError(`${what} must be an hour boundary in epoch ms`);
}

/** Sd-based cap: values above it are treated as outliers when estimating. */
function cap(expected: number, phi: number, z: number, slack: number): number {
  return expected + z * Math.sqrt(expected + phi * expected * expected) + slack;
}

/** Fits the seasonal baseline on the hours of `history` before `before` (null when there are none). */
export function buildBaseline(history: HourlySeries, before: number, options: AnomalyOptions = {}): Baseline | null {
  const o = resolve(options);
  checkHour(history.start, 'history.start');
  const n = Math.max(0, Math.min(history.counts.length, Math.floor((before - history.start) / HOUR_MS)));
  if (n === 0) return null;
  const c = history.counts.slice(0, n).map((v) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError('hourly counts must be finite and ≥ 0');
    return v;
  });
  const hod = new Int32Array(n);
  const dow = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = history.start + i * HOUR_MS;
    hod[i] = seoulHour(t);
    dow[i] = seoulDayOfWeek(t);
  }
  const slot = (i: number): number => dow[i]! * 24 + hod[i]!;

  // 1. Winsorise past spikes relative to robust medians (hour-of-week when ≥ 3 weeks, else hour-of-day).
  const byHod: number[][] = Array.from({ length: 24 }, () => []);
  const byHow: number[][] = Array.from({ length: 168 }, () => []);
  for (let i = 0; i < n; i++) {
    byHod[hod[i]!]!.push(c[i]!);
    byHow[slot(i)]!.push(c[i]!);
  }
  const medHod = byHod.map((v) => median(v));
  const medHow = byHow.map((v) => (v.length >= 3 ? median(v) : NaN));
  const w = c.map((v, i) => {
    const ref = Math.max(medHod[hod[i]!]!, Number.isNaN(medHow[slot(i)]!) ? 0 : medHow[slot(i)]!);
    return Math.min(v, cap(ref, o.dispersion, 3, 3));
  });
  const mean = w.reduce((a, b) => a + b, 0) / n;
  if (mean === 0) return { season: new Array<number>(168).fill(1), level: 0, mean: 0, hours: n, dispersion: 0 };

  // 2. Seasonal factors with shrinkage: hour-of-day → 1, day-of-week → 1, hour-of-week → hod × dow.
  const sumHod = new Array<number>(24).fill(0);
  const nHod = new Array<number>(24).fill(0);
  for (let i = 0; i < n; i++) {
    sumHod[hod[i]!]! += w[i]! / mean;
    nHod[hod[i]!]!++;
  }
  const fHod = sumHod.map((s, h) => (s + o.kHod) / (nHod[h]! + o.kHod));
  const sumDow = new Array<number>(7).fill(0);
  const expDow = new Array<number>(7).fill(0);
  for (let i = 0; i < n; i++) {
    sumDow[dow[i]!]! += w[i]! / mean;
    expDow[dow[i]!]! += fHod[hod[i]!]!;
  }
  const fDow = sumDow.map((s, d) => (s + o.kDow) / (expDow[d]! + o.kDow));
  const sumHow = new Array<number>(168).fill(0);
  const nHow = new Array<number>(168).fill(0);
  for (let i = 0; i < n; i++) {
    sumHow[slot(i)]! += w[i]! / mean;
    nHow[slot(i)]!++;
  }
  const raw = sumHow.map((s, k) => (s + o.kHow * fHod[k % 24]! * fDow[Math.floor(k / 24)]!) / (nHow[k]! + o.kHow));
  const norm = raw.reduce((a, b) => a + b, 0) / 168;
  const season = raw.map((v) => (norm > 0 ? v / norm : 1));

  // 3. Recent level: decayed ratio estimator, each hour capped at its one-step expectation first.
  const decay = 0.5 ** (1 / Math.max(1e-6, o.levelHalfLifeHours));
  let num = 0;
  let den = 0;
  const levelNow = (): number => (num + o.kLevel * mean) / (den + o.kLevel);
  // 4. Dispersion by moments on the one-step residuals (after a day of warm-up, hours expecting ≥ 1):
  //    φ̂ = Σ((c − e)² − e) / Σe², counts capped far out so an old crisis does not dominate.
  let excess = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const s = season[slot(i)]!;
    const e = levelNow() * s;
    if (i >= 24 && e >= 1) {
      const r = Math.min(c[i]!, cap(e, o.dispersion, 8, 3)) - e;
      excess += r * r - e;
      scale += e * e;
    }
    const clipped = Math.min(c[i]!, cap(e, o.dispersion, 4, 2));
    num = decay * num + clipped;
    den = decay * den + s;
  }
  const dispersion = scale >= 100 ? Math.min(2, Math.max(0, excess / scale)) : 0;
  return { season, level: levelNow(), mean, hours: n, dispersion };
}

/** Expected count for the full hour starting at hourStart. */
export function expectedAt(baseline: Baseline, hourStart: number, options: AnomalyOptions = {}): number {
  const floor = options.expectedFloor ?? DEFAULTS.expectedFloor;
  return Math.max(floor, baseline.level * baseline.season[seoulDayOfWeek(hourStart) * 24 + seoulHour(hourStart)]!);
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** Judges the current hour against the history. */
export function detectAnomaly(input: AnomalyInput, options: AnomalyOptions = {}): AnomalyResult {
  const o = resolve(options);
  const { current, now } = input;
  checkHour(current.hourStart, 'current.hourStart');
  const observed = current.count;
  if (!(observed >= 0) || !Number.isFinite(observed)) throw new RangeError('current.count must be finite and ≥ 0');
  const when = describeSeoulHour(current.hourStart);
  const base = buildBaseline(input.history, current.hourStart, options);
  const hours = base?.hours ?? 0;

  if (hours < o.minHistoryHours) {
    const alert = observed >= o.coldStartCount;
    const fullHour = base ? expectedAt(base, current.hourStart, options) : null;
    return {
      alert,
      observed,
      expected: fullHour === null ? null : fullHour * elapsed(current.hourStart, now, o.minHourFraction),
      expectedFullHour: fullHour,
      ratio: null,
      score: null,
      pValue: null,
      severity: !alert ? 'none' : observed >= 3 * o.coldStartCount ? 'high' : 'warning',
      code: alert ? 'cold-start-spike' : 'cold-start',
      params: { hourStart: new Date(current.hourStart).toISOString(), observed, hours, limit: o.coldStartCount, minHours: o.minHistoryHours },
      reason: alert
        ? `${observed} items in ${when} with only ${hours} h of history: at or above the cold-start limit of ${o.coldStartCount}`
        : `only ${hours} h of history (need ${o.minHistoryHours}); alerting only from ${o.coldStartCount} items an hour`,
    };
  }

  const fullHour = expectedAt(base!, current.hourStart, options);
  const carried = input.carried;
  if (carried !== undefined && !(carried >= 0 && Number.isFinite(carried))) throw new RangeError('carried must be finite and ≥ 0');
  // The window across the boundary is a whole hour: the two clock hours' expectations in proportion.
  const f = Math.min(1, Math.max(0, (now - current.hourStart) / HOUR_MS));
  const fraction = carried === undefined ? elapsed(current.hourStart, now, o.minHourFraction) : 1;
  const expected = carried === undefined ? fullHour * fraction : fullHour * f + expectedAt(base!, current.hourStart - HOUR_MS, options) * (1 - f);
  const judged = observed + (carried ?? 0);
  const phi = Math.max(o.dispersion, o.estimateDispersion ? base!.dispersion : 0) + o.estimationUncertainty / Math.max(1, hours / 24);
  const logP = logUpperTailMidP(Math.floor(judged), expected, phi);
  const score = Math.max(-40, Math.min(40, zFromLogUpperTail(logP)));
  const ratio = judged / expected;
  const by = formatSeoul(now).slice(11, 16);
  const since = carried === undefined ? undefined : formatSeoul(now - HOUR_MS).slice(11, 16);
  const span = since !== undefined ? ` from ${since} to ${by}` : fraction < 1 ? ` by ${by}` : '';
  const facts = `${judged} items${span} in ${when} vs ${round(expected)} expected (${round(ratio, 1)}×, z = ${round(score, 1)})`;
  const params: ReasonParams = {
    hourStart: new Date(current.hourStart).toISOString(),
    observed: judged,
    expected: round(expected),
    ratio: round(ratio, 1),
    z: round(score, 1),
    by: fraction < 1 || since !== undefined ? by : null,
    ...(since !== undefined ? { since } : {}),
  };
  const result = { observed: judged, expected, expectedFullHour: fullHour, ratio, score, pValue: Math.exp(logP), params };

  const quiet = (code: AnomalyCode, why: string): AnomalyResult => ({ ...result, alert: false, severity: 'none', code, reason: `${facts}: ${why}` });
  if (judged < o.minCount) return quiet('low-volume', `below the minimum volume of ${o.minCount}`);
  if (ratio < o.minRatio) return quiet('small-ratio', `less than ${o.minRatio}× the usual volume`);
  if (score < o.zThreshold) return quiet('not-significant', `within normal variation (threshold z = ${o.zThreshold})`);
  const severity: Severity = ratio >= o.criticalRatio && judged >= 3 * o.minCount ? 'critical' : ratio >= o.highRatio && judged >= 2 * o.minCount ? 'high' : 'warning';
  return { ...result, alert: true, severity, code: 'spike', reason: `spike: ${facts}` };
}

function elapsed(hourStart: number, now: number, minFraction: number): number {
  const f = (now - hourStart) / HOUR_MS;
  return Math.min(1, Math.max(minFraction, Number.isFinite(f) ? f : 1));
}

// ───────────────────────────── notification cool-down ─────────────────────────────

/** An alert raised earlier for the same query (whether or not it was sent). */
export interface AlertRecord {
  at: number;
  severity: Severity;
  ratio: number | null;
  observed: number;
  /** True when this alert was actually sent to people. */
  notified: boolean;
}

export interface NotifyOptions {
  /** Re-notify within an episode when the ratio (or, without one, the volume) reaches this multiple of the largest sent (default 2). */
  escalationFactor?: number;
  /** Re-send a reminder this long after the last notification while the episode goes on (default: never). */
  remindAfterMs?: number;
}

export interface NotifyDecision {
  notify: boolean;
  reason: string;
}

const RANK: Record<Severity, number> = { none: 0, warning: 1, high: 2, critical: 3 };

/**
 * De-duplication: alerts less than cooldownMs apart form one episode. The first alert of an episode
 * notifies; later ones only when they escalate (higher severity, or escalationFactor× the ratio or
 * volume already sent) or a reminder is due. A spike that goes on hour after hour is one notification.
 */
export function shouldNotify(previousAlerts: readonly AlertRecord[], now: number, cooldownMs: number, current: Pick<AnomalyResult, 'alert' | 'severity' | 'ratio' | 'observed'>, options: NotifyOptions = {}): NotifyDecision {
  if (!current.alert) return { notify: false, reason: 'no alert' };
  const factor = options.escalationFactor ?? 2;
  const past = previousAlerts.filter((a) => a.at <= now).sort((a, b) => b.at - a.at);
  const episode: AlertRecord[] = [];
  let last = now;
  for (const a of past) {
    if (last - a.at >= cooldownMs) break;
    episode.push(a);
    last = a.at;
  }
  const sent = episode.filter((a) => a.notified);
  if (episode.length === 0) return { notify: true, reason: 'new episode' };
  if (sent.length === 0) return { notify: true, reason: 'episode not notified yet' };
  const maxRank = Math.max(...sent.map((a) => RANK[a.severity]));
  if (RANK[current.severity] > maxRank) {
    const from = sent.find((a) => RANK[a.severity] === maxRank)!.severity;
    return { notify: true, reason: `escalated from ${from} to ${current.severity}` };
  }
  const ratios = sent.map((a) => a.ratio).filter((r): r is number => r !== null);
  if (current.ratio !== null && ratios.length > 0 && current.ratio >= factor * Math.max(...ratios)) {
    return { notify: true, reason: `ratio ${round(current.ratio, 1)}× is ${factor}× the largest already sent` };
  }
  const maxObserved = Math.max(...sent.map((a) => a.observed));
  if ((current.ratio === null || ratios.length === 0) && current.observed >= factor * maxObserved) {
    return { notify: true, reason: `volume ${current.observed} is ${factor}× the largest already sent` };
  }
  const lastSent = Math.max(...sent.map((a) => a.at));
  if (options.remindAfterMs !== undefined && now - lastSent >= options.remindAfterMs) {
    return { notify: true, reason: 'reminder: the episode is still going on' };
  }
  return { notify: false, reason: `same episode, already notified at ${formatSeoul(lastSent)}` };
}
