import { describe, expect, it } from 'vitest';
import { bucketize, hourlySeries, periodChange, periodOverPeriod, shareOfVoice, topMovers } from './aggregates.js';
import { DAY_MS, HOUR_MS } from './seoul-time.js';

const sum = (xs: number[]): number => Math.round(xs.reduce((a, b) => a + b, 0) * 1000) / 1000;

describe('shareOfVoice', () => {
  it('sorts largest first and sums to exactly 100', () => {
    const sov = shareOfVoice({ 신한: 1, 국민: 1, 우리: 1 });
    expect(sov.map((e) => e.key)).toEqual(['국민', '신한', '우리']);
    expect(sov.map((e) => e.percent)).toEqual([33.4, 33.3, 33.3]);
    expect(sum(sov.map((e) => e.percent))).toBe(100);
  });

  it('folds the tail and unmatched volume into "other"', () => {
    const sov = shareOfVoice(
      [
        { key: '국민', count: 50 },
        { key: '신한', count: 30 },
        { key: '우리', count: 15 },
        { key: '하나', count: 5 },
      ],
      { top: 2, otherCount: 100 },
    );
    expect(sov).toEqual([
      { key: '국민', count: 50, percent: 25, other: false },
      { key: '신한', count: 30, percent: 15, other: false },
      { key: 'other', count: 120, percent: 60, other: true },
    ]);
    expect(shareOfVoice({ a: 1 }, { otherLabel: '기타', otherCount: 3 }).at(-1)).toEqual({ key: '기타', count: 3, percent: 75, other: true });
  });

  it('omits "other" when nothing is left over', () => {
    expect(shareOfVoice({ a: 3, b: 1 }, { top: 5 }).map((e) => e.key)).toEqual(['a', 'b']);
    expect(shareOfVoice({ a: 3, b: 0 }, { top: 1 }).map((e) => e.key)).toEqual(['a']);
  });

  it('sums to 100 for awkward splits and any number of decimals', () => {
    for (const counts of [
      [1, 1, 1, 1, 1, 1, 1],
      [999, 1, 1],
      [2, 3, 5, 7, 11, 13],
      [1, 2],
    ]) {
      for (const decimals of [0, 1, 2]) {
        const sov = shareOfVoice(
          counts.map((count, i) => ({ key: `q${i}`, count })),
          { decimals },
        );
        expect(sum(sov.map((e) => e.percent))).toBe(100);
        for (const e of sov) expect(Math.abs(e.percent - (e.count / counts.reduce((a, b) => a + b)) * 100)).toBeLessThan(10 ** -decimals);
      }
    }
  });

  it('gives 0 everywhere when there is no volume, and rejects bad counts', () => {
    expect(shareOfVoice({ a: 0, b: 0 }).map((e) => e.percent)).toEqual([0, 0]);
    expect(shareOfVoice({})).toEqual([]);
    expect(() => shareOfVoice({ a: -1 })).toThrow(RangeError);
    expect(() => shareOfVoice({ a: NaN })).toThrow(RangeError);
    expect(() => shareOfVoice({ a: 1 }, { top: -1 })).toThrow(RangeError);
  });
});

describe('periodChange and periodOverPeriod', () => {
  it('reports percent and direction', () => {
    expect(periodChange(150, 100)).toEqual({ current: 150, previous: 100, delta: 50, percent: 50, direction: 'up' });
    expect(periodChange(0, 40)).toEqual({ current: 0, previous: 40, delta: -40, percent: -100, direction: 'down' });
    expect(periodChange(7, 7).direction).toBe('flat');
  });

  it('handles a zero previous period without dividing by zero', () => {
    expect(periodChange(5, 0)).toEqual({ current: 5, previous: 0, delta: 5, percent: null, direction: 'new' });
    expect(periodChange(0, 0)).toEqual({ current: 0, previous: 0, delta: 0, percent: 0, direction: 'flat' });
    expect(() => periodChange(-1, 0)).toThrow(RangeError);
  });

  it('counts half-open windows ending at now', () => {
    const now = Date.UTC(2025, 0, 10);
    const ts = [now - 1, now - DAY_MS, now - DAY_MS - 1, now - 2 * DAY_MS, now - 2 * DAY_MS - 1, now, new Date(now - 5)];
    expect(periodOverPeriod(ts, now, DAY_MS)).toMatchObject({ current: 3, previous: 2, direction: 'up', percent: 50 });
    expect(() => periodOverPeriod([], now, 0)).toThrow(RangeError);
  });
});

describe('topMovers', () => {
  it('ranks rising keys by smoothed log ratio and ignores tiny counts', () => {
    const movers = topMovers({ 해지: 300, 먹통: 3, 오류: 40, 이벤트: 10 }, { 해지: 100, 먹통: 0, 오류: 40, 이벤트: 20 });
    expect(movers.map((m) => m.key)).toEqual(['해지']);
    expect(movers[0]!.change.percent).toBe(200);
    expect(topMovers({ a: 30, b: 6 }, { a: 10, b: 0 }).map((m) => m.key)).toEqual(['b', 'a']);
  });

  it('can list falling keys and limits the list', () => {
    expect(topMovers({ 이벤트: 10, a: 0 }, { 이벤트: 20, a: 50 }, { direction: 'down' }).map((m) => m.key)).toEqual(['a', '이벤트']);
    expect(topMovers({ a: 10, b: 20, c: 30 }, {}, { limit: 2 }).map((m) => m.key)).toEqual(['c', 'b']);
  });
});

describe('bucketize in Asia/Seoul', () => {
  it('puts 23:30 UTC into the next Seoul day', () => {
    const ts = [Date.UTC(2025, 2, 4, 14, 59), Date.UTC(2025, 2, 4, 15, 0), Date.UTC(2025, 2, 4, 23, 30)];
    expect(bucketize(ts, 'day')).toEqual([
      { start: Date.UTC(2025, 2, 3, 15), key: '2025-03-04', count: 1 },
      { start: Date.UTC(2025, 2, 4, 15), key: '2025-03-05', count: 2 },
    ]);
  });

  it('fills empty hours and labels them in KST', () => {
    const from = Date.UTC(2025, 2, 4, 14, 20); // 23:20 KST
    const buckets = bucketize([from, from + 2 * HOUR_MS], 'hour', { from, to: from + 3 * HOUR_MS });
    expect(buckets.map((b) => [b.key, b.count])).toEqual([
      ['2025-03-04T23', 1],
      ['2025-03-05T00', 0],
      ['2025-03-05T01', 1],
      ['2025-03-05T02', 0],
    ]);
    expect(buckets[0]!.start).toBe(Date.UTC(2025, 2, 4, 14));
  });

  it('groups weeks from Monday 00:00 KST and ignores timestamps outside the range', () => {
    const sundayNight = Date.UTC(2025, 2, 9, 14, 59); // Sun 23:59 KST
    const mondayMorning = Date.UTC(2025, 2, 9, 15, 0); // Mon 00:00 KST
    const weeks = bucketize([sundayNight, mondayMorning, new Date(mondayMorning + DAY_MS)], 'week');
    expect(weeks.map((w) => [w.key, w.count])).toEqual([
      ['2025-03-03', 1],
      ['2025-03-10', 2],
    ]);
    const inRange = bucketize([sundayNight, mondayMorning], 'day', { from: mondayMorning, to: mondayMorning + DAY_MS });
    expect(inRange).toEqual([{ start: mondayMorning, key: '2025-03-10', count: 1 }]);
  });

  it('returns nothing for no timestamps and no range, and refuses absurd ranges', () => {
    expect(bucketize([], 'hour')).toEqual([]);
    expect(bucketize([1], 'day', { from: 5, to: 5 })).toEqual([]);
    expect(() => bucketize([], 'hour', { from: 0, to: 20 * 365 * DAY_MS })).toThrow(RangeError);
  });

  it('handles many timestamps without spreading them into arguments', () => {
    const ts = Array.from({ length: 300_000 }, (_, i) => Date.UTC(2025, 0, 1) + i * 1000);
    expect(bucketize(ts, 'day').reduce((s, b) => s + b.count, 0)).toBe(300_000);
  });

  it('produces a dense hourly series for the anomaly detector', () => {
    const from = Date.UTC(2025, 2, 4, 0, 30);
    const s = hourlySeries([from, from + 10, from + HOUR_MS * 2], from, from + 3 * HOUR_MS);
    expect(s).toEqual({ start: Date.UTC(2025, 2, 4, 0), counts: [2, 0, 1, 0] });
  });
});
