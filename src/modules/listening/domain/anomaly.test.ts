import { describe, expect, it } from 'vitest';
import { buildBaseline, detectAnomaly, expectedAt, shouldNotify, type AlertRecord, type AnomalyOptions, type AnomalyResult } from './anomaly.js';
import { HOUR_MS, seoulDayOfWeek, seoulHour } from './seoul-time.js';

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(r: () => number, lambda: number): number {
  if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r())));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = r(); p > limit; p *= r()) k++;
  return k;
}

/** Negative-item volume of a bank on a weekday: quiet at night, busy at lunch; weekends at 30 %. */
const DAILY = [0.5, 0.3, 0.2, 0.2, 0.2, 0.5, 1, 3, 8, 15, 20, 25, 30, 25, 20, 18, 16, 15, 14, 12, 10, 6, 3, 1];
const rate = (t: number): number => DAILY[seoulHour(t)]! * (seoulDayOfWeek(t) % 6 === 0 ? 0.3 : 1);

const MONDAY = Date.UTC(2025, 0, 5, 15); // Mon 2025-01-06 00:00 KST
const WEEKS8 = 8 * 7 * 24;

/** Eight weeks of simulated history starting on a Monday, plus `extra` hours. */
function simulate(seed: number, extra = 0, scale: (i: number) => number = () => 1): number[] {
  const r = rng(seed);
  return Array.from({ length: WEEKS8 + extra }, (_, i) => poisson(r, rate(MONDAY + i * HOUR_MS) * scale(i)));
}

/** The first hour at or after `from` with this Seoul hour on a weekday (weekend: true for Sat/Sun). */
function nextHour(from: number, hour: number, weekend = false): number {
  let t = from;
  while (seoulHour(t) !== hour || (seoulDayOfWeek(t) % 6 === 0) !== weekend) t += HOUR_MS;
  return t;
}

function judge(counts: readonly number[], hourStart: number, count: number, options?: AnomalyOptions, now = hourStart + HOUR_MS): AnomalyResult {
  const history = counts.slice(0, (hourStart - MONDAY) / HOUR_MS);
  return detectAnomaly({ history: { start: MONDAY, counts: history }, current: { hourStart, count }, now }, options);
}

/** History up to `hourStart`: the simulation, extended with fresh simulated hours when needed. */
function historyUntil(seed: number, hourStart: number): number[] {
  return simulate(seed, Math.max(0, (hourStart - MONDAY) / HOUR_MS - WEEKS8));
}

describe('baseline', () => {
  it('learns the daily and weekly rhythm as hour-of-week factors with mean 1', () => {
    const base = buildBaseline({ start: MONDAY, counts: simulate(1) }, MONDAY + WEEKS8 * HOUR_MS)!;
    expect(base.hours).toBe(WEEKS8);
    expect(base.season.reduce((a, b) => a + b, 0) / 168).toBeCloseTo(1, 9);
    const at = (dow: number, hour: number): number => base.season[dow * 24 + hour]!;
    expect(at(1, 12) / at(1, 3)).toBeGreaterThan(30);
    expect(at(6, 12) / at(1, 12)).toBeGreaterThan(0.2);
    expect(at(6, 12) / at(1, 12)).toBeLessThan(0.45);
    const noon = nextHour(MONDAY + WEEKS8 * HOUR_MS, 12);
    expect(expectedAt(base, noon)).toBeGreaterThan(24);
    expect(expectedAt(base, noon)).toBeLessThan(36);
  });

  it('estimates how bursty a query is, and needs a bigger jump to alert on a bursty one', () => {
    const steady = simulate(21);
    const r = rng(22);
    // rate × 0.5 or × 1.5 at random: mean 1, variance 0.25, i.e. φ = 0.25 on top of Poisson
    const bursty = Array.from({ length: WEEKS8 }, (_, i) => poisson(r, rate(MONDAY + i * HOUR_MS) * (r() < 0.5 ? 0.5 : 1.5)));
    const end = MONDAY + WEEKS8 * HOUR_MS;
    expect(buildBaseline({ start: MONDAY, counts: steady }, end)!.dispersion).toBeLessThan(0.03);
    const phi = buildBaseline({ start: MONDAY, counts: bursty }, end)!.dispersion;
    expect(phi).toBeGreaterThan(0.15);
    expect(phi).toBeLessThan(0.35);
    const t = nextHour(end - 24 * HOUR_MS, 14, true); // Sunday 14:00, usually ~6
    expect(judge(steady, t, 30).alert).toBe(true);
    expect(judge(bursty, t, 30).alert).toBe(false);
    expect(judge(bursty, t, 30, { estimateDispersion: false }).alert).toBe(true);
  });

  it('ignores history at or after the judged hour and rejects bad input', () => {
    const counts = simulate(2);
    const cut = MONDAY + 7 * 24 * HOUR_MS;
    expect(buildBaseline({ start: MONDAY, counts }, cut)!.hours).toBe(7 * 24);
    expect(buildBaseline({ start: MONDAY, counts }, MONDAY)).toBeNull();
    expect(() => buildBaseline({ start: MONDAY + 1, counts }, cut)).toThrow(RangeError);
    expect(() => buildBaseline({ start: MONDAY, counts: [1, -1] }, cut)).toThrow(RangeError);
    expect(() => detectAnomaly({ history: { start: MONDAY, counts }, current: { hourStart: cut + 5, count: 1 }, now: cut })).toThrow(RangeError);
  });
});

describe('detectAnomaly', () => {
  it('stays quiet over two ordinary weeks (no false alarms at z = 4)', () => {
    const counts = simulate(3, 14 * 24);
    const alerts: string[] = [];
    for (let i = WEEKS8; i < counts.length; i++) {
      const t = MONDAY + i * HOUR_MS;
      const res = detectAnomaly({ history: { start: MONDAY + (i - WEEKS8) * HOUR_MS, counts: counts.slice(i - WEEKS8, i) }, current: { hourStart: t, count: counts[i]! }, now: t + HOUR_MS });
      if (res.alert) alerts.push(res.reason);
    }
    expect(alerts).toEqual([]);
  });

  it('alerts on a sudden spike', () => {
    const t = nextHour(MONDAY + WEEKS8 * HOUR_MS, 14);
    const res = judge(historyUntil(4, t), t, 100); // usually ~20 at 14:00
    expect(res).toMatchObject({ alert: true, code: 'spike', severity: 'high' });
    expect(res.ratio!).toBeGreaterThan(4);
    expect(res.reason).toMatch(/^spike: 100 items in Mon 14:00 KST vs [\d.]+ expected/);
    expect(res.params).toMatchObject({ hourStart: new Date(t).toISOString(), observed: 100, ratio: Math.round(res.ratio! * 10) / 10, z: Math.round(res.score! * 10) / 10 });
  });

  it('alerts on the same count at 3am but not at noon (daily rhythm)', () => {
    const start = MONDAY + WEEKS8 * HOUR_MS;
    const night = judge(historyUntil(5, nextHour(start, 3)), nextHour(start, 3), 15);
    const noon = judge(historyUntil(5, nextHour(start, 12)), nextHour(start, 12), 15);
    expect(night.alert).toBe(true);
    expect(noon.alert).toBe(false);
    expect(noon.code).toBe('small-ratio');
  });

  it('knows the weekend is quieter: 40 at Saturday noon alerts, at Monday noon it does not', () => {
    const start = MONDAY + WEEKS8 * HOUR_MS;
    const saturday = nextHour(start, 12, true);
    const monday = nextHour(start, 12);
    const sat = judge(historyUntil(6, saturday), saturday, 40);
    expect(sat.alert).toBe(true);
    expect(sat.expectedFullHour!).toBeLessThan(12); // ~9 on Saturdays vs ~30 on weekdays
    expect(judge(historyUntil(6, monday), monday, 40).alert).toBe(false);
  });

  it('does not alert while volume rises gradually over days, but does on a spike on top of it', () => {
    for (const [days, growth] of [
      [2, 3],
      [4, 3],
      [7, 2],
    ] as const) {
      const rampStart = WEEKS8 - days * 24;
      const scale = (i: number): number => (i < rampStart ? 1 : 1 + ((growth - 1) * (i - rampStart)) / (days * 24));
      const counts = simulate(7 + days, 0, scale);
      for (let i = WEEKS8 - 24; i < WEEKS8; i++) {
        const res = judge(counts, MONDAY + i * HOUR_MS, counts[i]!);
        expect(res.alert, `${days} days ×${growth}, hour ${i}: ${res.reason}`).toBe(false);
      }
      const last = MONDAY + (WEEKS8 - 1) * HOUR_MS; // a Sunday 23:00 → judge a spike at the last ramp hour
      const spike = judge(counts, last, Math.round(rate(last) * growth * 6) + 20);
      expect(spike.alert, spike.reason).toBe(true);
    }
  });

  it('keeps alerting while a spike continues: one hot hour barely moves the level', () => {
    const t = nextHour(MONDAY + WEEKS8 * HOUR_MS, 13);
    const counts = historyUntil(8, t);
    const first = judge(counts, t, 150);
    const second = judge([...counts, 150], t + HOUR_MS, 150);
    expect(first.alert && second.alert).toBe(true);
    expect(second.expectedFullHour! / first.expectedFullHour!).toBeLessThan(1.25);
  });

  it("is not blinded by last week's crisis at the same hour (winsorised history)", () => {
    const t = nextHour(MONDAY + WEEKS8 * HOUR_MS, 3);
    const counts = historyUntil(9, t);
    counts[(t - MONDAY) / HOUR_MS - 7 * 24] = 400; // same hour last week
    expect(judge(counts, t, 60).alert).toBe(true);
  });

  it('judges a partial hour against the elapsed fraction', () => {
    const t = nextHour(MONDAY + WEEKS8 * HOUR_MS, 12);
    const counts = historyUntil(10, t);
    const early = judge(counts, t, 45, {}, t + 6 * 60_000); // 45 in the first 6 minutes
    expect(early.alert).toBe(true);
    expect(early.expected! / early.expectedFullHour!).toBeCloseTo(0.25, 9); // floor of minHourFraction
    expect(early.reason).toMatch(/by 12:06/);
    const onPace = judge(counts, t, 14, {}, t + 30 * 60_000);
    expect(onPace.alert).toBe(false);
    expect(onPace.expected! / onPace.expectedFullHour!).toBeCloseTo(0.5, 9);
  });

  it('judges the hour before now across the boundary, so a spike that began at 03:58 is not split in two', () => {
    const t = nextHour(MONDAY + WEEKS8 * HOUR_MS, 4);
    const counts = historyUntil(11, t);
    const prev = (t - MONDAY) / HOUR_MS - 1;
    counts[prev]! += 30; // 30 posts in the last two minutes of 03:00–04:00
    const now = t + 60_000;
    // The clock hour alone has 8 of the spike's posts by 04:01: too few to alert.
    const alone = judge(counts, t, 8, {}, now);
    expect(alone).toMatchObject({ alert: false, code: 'low-volume' });
    const window = detectAnomaly({ history: { start: MONDAY, counts: counts.slice(0, prev + 1) }, current: { hourStart: t, count: 8 }, now, carried: 30 });
    expect(window).toMatchObject({ alert: true, code: 'spike', observed: 38 });
    expect(window.params).toMatchObject({ hourStart: new Date(t).toISOString(), observed: 38, since: '03:01', by: '04:01' });
    expect(window.reason).toMatch(/^spike: 38 items from 03:01 to 04:01 in Mon 04:00 KST vs [\d.]+ expected/);
    const base = buildBaseline({ start: MONDAY, counts: counts.slice(0, prev + 1) }, t)!;
    expect(window.expected!).toBeCloseTo(expectedAt(base, t - HOUR_MS) * (59 / 60) + expectedAt(base, t) / 60, 9);
    expect(() => detectAnomaly({ history: { start: MONDAY, counts }, current: { hourStart: t, count: 8 }, now, carried: -1 })).toThrow(RangeError);
  });

  it('stays quiet across ordinary hour boundaries (window judged 20 minutes into each hour)', () => {
    const counts = simulate(12, 14 * 24);
    const alerts: string[] = [];
    for (let i = WEEKS8; i < counts.length; i++) {
      const t = MONDAY + i * HOUR_MS;
      const history = { start: MONDAY + (i - WEEKS8) * HOUR_MS, counts: counts.slice(i - WEEKS8, i) };
      const res = detectAnomaly({ history, current: { hourStart: t, count: Math.round(counts[i]! / 3) }, now: t + 20 * 60_000, carried: Math.round((counts[i - 1]! * 2) / 3) });
      if (res.alert) alerts.push(res.reason);
    }
    expect(alerts).toEqual([]);
  });

  it('handles an all-zero history: nothing alerts at zero, a burst from nothing does', () => {
    const zeros = new Array<number>(WEEKS8).fill(0);
    const t = MONDAY + WEEKS8 * HOUR_MS;
    const quiet = detectAnomaly({ history: { start: MONDAY, counts: zeros }, current: { hourStart: t, count: 0 }, now: t + HOUR_MS });
    expect(quiet).toMatchObject({ alert: false, code: 'low-volume', expected: 0.05, ratio: 0 });
    expect(Number.isFinite(quiet.score!)).toBe(true);
    expect(detectAnomaly({ history: { start: MONDAY, counts: zeros }, current: { hourStart: t, count: 3 }, now: t + HOUR_MS }).alert).toBe(false);
    const burst = detectAnomaly({ history: { start: MONDAY, counts: zeros }, current: { hourStart: t, count: 12 }, now: t + HOUR_MS });
    expect(burst.alert).toBe(true);
    expect(burst.score).toBeLessThanOrEqual(40);
  });

  it('does not alert for a brand-new query unless the volume is very high', () => {
    const t = MONDAY;
    const none = { history: { start: t, counts: [] }, now: t + HOUR_MS };
    expect(detectAnomaly({ ...none, current: { hourStart: t, count: 80 } })).toMatchObject({ alert: false, code: 'cold-start', expected: null, ratio: null });
    expect(detectAnomaly({ ...none, current: { hourStart: t, count: 120 } })).toMatchObject({ alert: true, code: 'cold-start-spike', severity: 'warning' });
    expect(detectAnomaly({ ...none, current: { hourStart: t, count: 400 } }).severity).toBe('high');
    const young = { history: { start: t - 10 * HOUR_MS, counts: new Array<number>(10).fill(1) }, current: { hourStart: t, count: 60 }, now: t + HOUR_MS };
    const res = detectAnomaly(young);
    expect(res).toMatchObject({ alert: false, code: 'cold-start' });
    expect(res.expectedFullHour).toBeCloseTo(1, 1);
    expect(detectAnomaly(young, { coldStartCount: 50 }).alert).toBe(true);
  });

  it('is cautious with a short history and confident with a long one', () => {
    const t = nextHour(MONDAY + 2 * 24 * HOUR_MS, 3);
    const short = judge(simulate(11), t, 6, { minCount: 1 });
    const long = judge(historyUntil(11, nextHour(MONDAY + WEEKS8 * HOUR_MS, 3)), nextHour(MONDAY + WEEKS8 * HOUR_MS, 3), 6, { minCount: 1 });
    expect(short.score!).toBeLessThan(long.score!);
  });

  it('has tunable sensitivity, minimum volume and ratio', () => {
    const t = nextHour(MONDAY + WEEKS8 * HOUR_MS, 14);
    const counts = historyUntil(12, t);
    expect(judge(counts, t, 70).alert).toBe(true);
    expect(judge(counts, t, 70, { zThreshold: 8 })).toMatchObject({ alert: false, code: 'not-significant' });
    expect(judge(counts, t, 70, { minRatio: 5 })).toMatchObject({ alert: false, code: 'small-ratio' });
    const night = nextHour(MONDAY + WEEKS8 * HOUR_MS, 3);
    const quiet = historyUntil(12, night);
    expect(judge(quiet, night, 6).code).toBe('low-volume');
    expect(judge(quiet, night, 6, { minCount: 5 }).alert).toBe(true);
    expect(judge(counts, t, 45, { dispersion: 0 }).score!).toBeGreaterThan(judge(counts, t, 45, { dispersion: 0.5 }).score!);
  });

  it('grades severity by ratio and volume', () => {
    const night = nextHour(MONDAY + WEEKS8 * HOUR_MS, 3);
    const counts = historyUntil(13, night);
    expect(judge(counts, night, 12).severity).toBe('warning'); // huge ratio, small volume
    expect(judge(counts, night, 25).severity).toBe('high');
    expect(judge(counts, night, 40).severity).toBe('critical');
    expect(judge(counts, night, 0).severity).toBe('none');
  });
});

describe('shouldNotify', () => {
  const H = HOUR_MS;
  const alert = (severity: AnomalyResult['severity'], ratio: number | null, observed = 50) => ({ alert: true, severity, ratio, observed });
  const rec = (at: number, severity: AlertRecord['severity'], ratio: number | null, notified: boolean, observed = 50): AlertRecord => ({ at, severity, ratio, observed, notified });

  it('does nothing without an alert and notifies the first alert of an episode', () => {
    expect(shouldNotify([], 0, 2 * H, { alert: false, severity: 'none', ratio: 1, observed: 3 })).toEqual({ notify: false, reason: 'no alert' });
    expect(shouldNotify([], 0, 2 * H, alert('warning', 3))).toEqual({ notify: true, reason: 'new episode' });
  });

  it('notifies a spike that goes on for hours once', () => {
    const history: AlertRecord[] = [];
    const sent: number[] = [];
    for (let h = 0; h < 8; h++) {
      const now = h * H;
      const current = alert('high', 4 + (h % 2) * 0.5);
      const decision = shouldNotify(history, now, 2 * H, current);
      if (decision.notify) sent.push(h);
      else expect(decision.reason).toMatch(/^same episode, already notified at /);
      history.push({ at: now, ...current, notified: decision.notify });
    }
    expect(sent).toEqual([0]);
  });

  it('re-notifies when the episode escalates in severity or doubles its ratio', () => {
    const prev = [rec(0, 'warning', 2, true), rec(H, 'warning', 2.5, false)];
    expect(shouldNotify(prev, 2 * H, 2 * H, alert('critical', 2.5))).toEqual({ notify: true, reason: 'escalated from warning to critical' });
    expect(shouldNotify(prev, 2 * H, 2 * H, alert('warning', 4.1)).notify).toBe(true);
    expect(shouldNotify(prev, 2 * H, 2 * H, alert('warning', 3.9)).notify).toBe(false);
    expect(shouldNotify(prev, 2 * H, 2 * H, alert('warning', 3.1), { escalationFactor: 1.5 }).notify).toBe(true);
  });

  it('compares volumes when there is no ratio (cold-start alerts)', () => {
    const prev = [rec(0, 'warning', null, true, 120)];
    expect(shouldNotify(prev, H, 2 * H, alert('warning', null, 200)).notify).toBe(false);
    expect(shouldNotify(prev, H, 2 * H, alert('warning', null, 240)).notify).toBe(true);
  });

  it('starts a new episode after a quiet gap of at least the cool-down', () => {
    const prev = [rec(0, 'critical', 9, true), rec(H, 'critical', 9, false)];
    expect(shouldNotify(prev, 2 * H + 30 * 60_000, 2 * H, alert('warning', 2)).notify).toBe(false);
    expect(shouldNotify(prev, 3 * H, 2 * H, alert('warning', 2))).toEqual({ notify: true, reason: 'new episode' });
  });

  it('notifies an episode whose earlier alerts were never sent', () => {
    expect(shouldNotify([rec(0, 'high', 4, false)], H, 2 * H, alert('high', 4))).toEqual({ notify: true, reason: 'episode not notified yet' });
  });

  it('sends optional reminders, ignores future and unsorted records', () => {
    const prev = [rec(3 * H, 'high', 4, false), rec(0, 'high', 4, true), rec(2 * H, 'high', 4, false), rec(H, 'high', 4, false), rec(99 * H, 'critical', 50, true)];
    expect(shouldNotify(prev, 4 * H, 2 * H, alert('high', 4)).notify).toBe(false);
    expect(shouldNotify(prev, 4 * H, 2 * H, alert('high', 4), { remindAfterMs: 4 * H })).toEqual({ notify: true, reason: 'reminder: the episode is still going on' });
  });
});
